// Unit tests of the prompts: the listing, rendering, and the errors for bad names or arguments.
import { describe, expect, it } from 'vitest';
import { getPrompt, listPrompts } from './prompts';

describe('prompts', () => {
  it('lists the three playbooks with their arguments', () => {
    const prompts = listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([
      'diagnose_device',
      'broker_health',
      'explore_topics',
    ]);
    expect(prompts.every((p) => !('render' in p))).toBe(true);
    expect(prompts[2]?.arguments?.map((a) => [a.name, a.required])).toEqual([
      ['session_id', true],
      ['topic_pattern', false],
    ]);
  });

  it('renders the arguments into one user message naming the tools to call', () => {
    const { messages } = getPrompt('explore_topics', { session_id: 's1' });
    expect(messages).toHaveLength(1);
    const text = messages[0]?.content.type === 'text' ? messages[0].content.text : '';
    expect(text).toMatch(/session s1 under #/);
    expect(text).toMatch(/mqtt_list_topics[\s\S]*mqtt_get_topic_schema[\s\S]*mqtt:\/\/s1\/topics/);
  });

  it('refuses an unknown prompt and a missing required argument with -32602', () => {
    expect(() => getPrompt('nope')).toThrow(/unknown prompt "nope"; available: diagnose_device/);
    expect(() => getPrompt('diagnose_device', { session_id: 's1', device: ' ' })).toThrow(
      /prompt diagnose_device needs device/,
    );
  });
});
