// The console's schema forms on every registry tool: defaults are valid arguments, JSON only for records.
import { describe, expect, it } from 'vitest';
import {
  buildArguments,
  fieldsFromSchema,
  flattenFields,
  initialValues,
  sessionPrefillPaths,
} from '../app/_components/tool-run/schema-form';
import { toolRegistry } from '../server/tools/index';
import { inputJsonSchema } from '../server/tools/kit/json-schema';

describe('the registry schemas', () => {
  it.each(toolRegistry.map((t) => [t.name, t] as const))(
    '%s gets a form whose defaults are valid arguments',
    (_name, tool) => {
      const fields = fieldsFromSchema(inputJsonSchema(tool));
      const values = initialValues(fields);
      for (const f of flattenFields(fields)) {
        if (f.kind === 'session') values[f.path] = 'session-1';
        if (f.kind === 'text' && f.required) values[f.path] = 'x';
      }
      const { args, errors } = buildArguments(fields, values);
      expect(errors).toEqual({});
      const parsed = tool.input.safeParse(args);
      expect(parsed.success).toBe(true);
    },
  );

  it('only falls back to JSON for records', () => {
    const json = toolRegistry.flatMap((t) =>
      flattenFields(fieldsFromSchema(inputJsonSchema(t)))
        .filter((f) => f.kind === 'json')
        .map((f) => `${t.name}:${f.path}`),
    );
    expect(json).toEqual(['mqtt_publish_message:properties.user_properties']);
  });

  it('pre-fills the session only where no connection string or profile competes with it', () => {
    const form = (name: string) => {
      const tool = toolRegistry.find((t) => t.name === name);
      if (!tool) throw new Error(name);
      return fieldsFromSchema(inputJsonSchema(tool));
    };
    expect(sessionPrefillPaths(form('mqtt_test_connection'))).toEqual([]);
    expect(sessionPrefillPaths(form('mqtt_list_topics'))).toEqual(['session_id']);
    expect(sessionPrefillPaths(form('mqtt_establish_connection'))).toEqual([]);
  });
});
