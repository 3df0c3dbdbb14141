// Unit tests of defineTool(): the title a tool gets when its definition leaves it out.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { itReturns } from '../../../test/each-case';
import { defineTool, READS_HUB, titleOfName } from './define-tool';

describe('titleOfName', () => {
  itReturns('reads %j as %j', titleOfName, [
    ['mqtt_list_topics', 'List topics'],
    ['mqtt_diagnose', 'Diagnose'],
    ['mqtt_get_topic_schema', 'Get topic schema'],
    ['custom_tool', 'Custom tool'],
  ]);
});

describe('defineTool', () => {
  const base = {
    name: 'mqtt_count_things',
    description: 'Count things.',
    kind: 'query' as const,
    annotations: READS_HUB,
    input: z.object({}),
    output: z.object({ n: z.number() }),
    handler: () => Promise.resolve({ n: 1 }),
  };

  it('titles a tool from its name when the definition has no title', () => {
    expect(defineTool(base).title).toBe('Count things');
  });

  it('keeps a title the definition gives', () => {
    expect(defineTool({ ...base, title: 'Things, counted' }).title).toBe('Things, counted');
  });
});
