// Size budget (issue 13): the four writing tools of issue 14 add at most 3,300 characters to tools/list.
import { expect, it } from 'vitest';
import { toolRegistry } from '../index';
import { inputJsonSchema, outputJsonSchema } from '../kit/json-schema';

const NEW_TOOLS = [
  'mqtt_list_retained',
  'mqtt_clear_retained',
  'mqtt_restore_retained',
  'mqtt_request',
];

it('keeps the retained and request tools within 3,300 characters of tools/list (name, description, schemas, annotations)', () => {
  const tools = toolRegistry.filter((t) => NEW_TOOLS.includes(t.name));
  expect(tools).toHaveLength(NEW_TOOLS.length);
  const chars = tools
    .map((t) =>
      JSON.stringify({
        name: t.name,
        description: t.description,
        inputSchema: inputJsonSchema(t),
        outputSchema: outputJsonSchema(t),
        annotations: { title: t.title, ...t.annotations },
      }),
    )
    .reduce((sum, json) => sum + json.length, 0);
  expect(chars).toBeLessThanOrEqual(3300);
});
