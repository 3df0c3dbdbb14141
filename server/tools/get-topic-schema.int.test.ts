// Integration tests of mqtt_get_topic_schema against a real Mosquitto broker and a separate publisher.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk } from '../../test/core-harness';
import { mosquittoAvailable } from '../../test/mosquitto';
import { findOrThrow, letters, toolFixture } from '../../test/tool-fixture';
import type { getTopicSchema } from './get-topic-schema';

type Output = z.output<typeof getTopicSchema.output>;
type Pattern = Output['patterns'][number];

const TOOL = 'mqtt_get_topic_schema';
const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const pattern = (out: Output, name: string): Pattern =>
  findOrThrow(out.patterns, (p) => p.pattern === name, `pattern ${name} not reported`);

describe.skipIf(!mosquittoAvailable())('mqtt_get_topic_schema', () => {
  const f = toolFixture(TOOL);

  it('groups device topics into one pattern and infers a nested JSON Schema', async () => {
    const p = letters();
    const out = await f.during<Output>(
      { topic_pattern: `${p}/#`, duration_seconds: 1.5, detail: 'full' },
      async () => {
        for (let i = 0; i < 12; i++) {
          const payload = {
            temp: 20 + i * 0.5,
            humidity: 40 + i,
            mode: i % 2 === 0 ? 'auto' : 'eco',
            meta: { fw: '1.2.3', uptime: i * 60 },
            tags: ['a', 'b'],
            ...(i % 3 === 0 ? { battery: 90 - i } : {}),
          };
          await f.publisher.publishAsync(`${p}/dev-${i % 3}/state`, JSON.stringify(payload), {
            qos: 1,
          });
        }
      },
    );

    expect(out.message_count).toBe(12);
    expect(out.topic_count).toBe(3);
    expect(out.pattern_count).toBe(1);
    expect(out.patterns_not_listed).toBe(0);
    expect(out.explanation).toBeUndefined();
    const state = pattern(out, `${p}/+/state`);
    expect(state.topic_count).toBe(3);
    expect(state.topics).toEqual([`${p}/dev-0/state`, `${p}/dev-1/state`, `${p}/dev-2/state`]);
    expect(state.message_count).toBe(12);
    expect(state.payload_kinds).toEqual({ json_object: 12 });
    expect(state.schema_sample_count).toBe(12);
    expect(state.confidence).toEqual({ level: 'medium', score: 0.72 });
    expect(state.numeric).toBeNull();
    expect(state.json_schema).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        temp: { type: 'number', minimum: 20, maximum: 25.5 },
        humidity: { type: 'integer', minimum: 40, maximum: 51 },
        mode: { type: 'string', enum: ['auto', 'eco'] },
        meta: {
          type: 'object',
          properties: {
            fw: { type: 'string', enum: ['1.2.3'] },
            uptime: { type: 'integer', minimum: 0, maximum: 660 },
          },
          required: ['fw', 'uptime'],
        },
        tags: {
          type: 'array',
          items: { type: 'string', enum: ['a', 'b'] },
          minItems: 2,
          maxItems: 2,
        },
        battery: { type: 'integer', minimum: 81, maximum: 90 },
      },
      required: ['humidity', 'meta', 'mode', 'tags', 'temp'],
    });
    expect(state.examples).toHaveLength(3);
    expect(state.examples[0]).toEqual({
      topic: `${p}/dev-0/state`,
      payload_format: 'json',
      payload: {
        temp: 20,
        humidity: 40,
        mode: 'auto',
        meta: { fw: '1.2.3', uptime: 0 },
        tags: ['a', 'b'],
        battery: 90,
      },
      size_bytes: 102,
    });
  });

  it('gives sibling machines one schema and names the one whose speed became a string', async () => {
    const p = letters();
    const out = await f.during<Output>(
      { topic_pattern: `${p}/+/telemetry`, duration_seconds: 1.5 },
      async () => {
        for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) {
          for (const speed of [1450, 1460]) {
            const payload = { speed: m === 'm3' ? String(speed) : speed, temp: 40 };
            await f.publisher.publishAsync(`${p}/${m}/telemetry`, JSON.stringify(payload));
          }
        }
      },
    );
    expect(out.patterns).toHaveLength(1);
    const machines = pattern(out, `${p}/+/telemetry`);
    expect(machines.topic_count).toBe(5);
    expect(machines.deviating_members).toEqual([
      {
        topic: `${p}/m3/telemetry`,
        field: 'speed',
        issue: 'type',
        expected: 'number',
        found: 'string',
        example: '"1450"',
      },
    ]);
    const props = machines.json_schema?.properties as Record<string, { type: unknown }>;
    expect(props.speed?.type).toBe('integer');
    expect(machines.schema_sample_count).toBe(8);
  });

  it('gives rooms with names one schema under a + filter, one entry per shape', async () => {
    const p = letters();
    const rooms = ['kitchen', 'hall', 'office', 'bath', 'den', 'loft'];
    const out = await f.during<Output>(
      { topic_pattern: `${p}/+/climate`, duration_seconds: 1.5 },
      async () => {
        for (const room of rooms) {
          await f.publisher.publishAsync(`${p}/${room}/climate`, '{"t":21,"h":40}');
        }
        for (const id of ['a', 'b', 'c']) {
          await f.publisher.publishAsync(`${p}/${id}/climate`, '{"co2":400}');
        }
      },
    );
    expect(out.pattern_count).toBe(1);
    expect(out.patterns.map((x) => [x.pattern, x.topic_count, x.shape])).toEqual([
      [`${p}/+/climate`, 6, { index: 1, of: 2 }],
      [`${p}/+/climate`, 3, { index: 2, of: 2 }],
    ]);
  });

  it('recognises plain numbers, booleans, text, XML and binary, and cuts long examples', async () => {
    const p = letters();
    const out = await f.during<Output>(
      { topic_pattern: `${p}/#`, duration_seconds: 1.5, detail: 'full' },
      async () => {
        for (const value of ['20', '21.5', '23']) {
          await f.publisher.publishAsync(`${p}/temp`, value, { qos: 1 });
        }
        await f.publisher.publishAsync(`${p}/flag`, 'true', { qos: 1 });
        await f.publisher.publishAsync(`${p}/note`, 'hello there', { qos: 1 });
        await f.publisher.publishAsync(`${p}/doc`, '<a><b>1</b></a>', { qos: 1 });
        await f.publisher.publishAsync(`${p}/raw`, Buffer.from([0, 1, 2, 255]), { qos: 1 });
        await f.publisher.publishAsync(`${p}/long`, 'x'.repeat(500), { qos: 1 });
      },
    );

    expect(out.message_count).toBe(8);
    expect(out.patterns.map((x) => x.pattern)).toEqual([
      `${p}/temp`,
      `${p}/doc`,
      `${p}/flag`,
      `${p}/long`,
      `${p}/note`,
      `${p}/raw`,
    ]);

    const temp = pattern(out, `${p}/temp`);
    expect(temp.payload_kinds).toEqual({ number: 3 });
    expect(temp.numeric).toEqual({ count: 3, min: 20, max: 23, mean: 21.5 });
    expect(temp.json_schema).toEqual({ $schema: DRAFT, type: 'number', minimum: 20, maximum: 23 });
    expect(temp.confidence).toEqual({ level: 'low', score: 0.5 });
    expect(temp.examples.map((e) => e.payload)).toEqual([20, 21.5, 23]);

    const flag = pattern(out, `${p}/flag`);
    expect(flag.payload_kinds).toEqual({ boolean: 1 });
    expect(flag.json_schema).toEqual({ $schema: DRAFT, type: 'boolean' });
    expect(flag.numeric).toBeNull();

    const note = pattern(out, `${p}/note`);
    expect(note.payload_kinds).toEqual({ text: 1 });
    expect(note.json_schema).toBeNull();
    expect(note.schema_sample_count).toBe(0);
    expect(note.confidence).toEqual({ level: 'low', score: 0.29 });
    expect(note.examples).toEqual([
      { topic: `${p}/note`, payload_format: 'text', payload: 'hello there', size_bytes: 11 },
    ]);

    expect(pattern(out, `${p}/doc`).payload_kinds).toEqual({ xml: 1 });

    const raw = pattern(out, `${p}/raw`);
    expect(raw.payload_kinds).toEqual({ binary: 1 });
    expect(raw.json_schema).toBeNull();
    expect(raw.examples[0]).toEqual({
      topic: `${p}/raw`,
      payload_format: 'binary',
      payload: 'AAEC/w==',
      size_bytes: 4,
    });

    const long = pattern(out, `${p}/long`);
    expect(long.examples[0]).toEqual({
      topic: `${p}/long`,
      payload_format: 'text',
      payload: 'x'.repeat(200),
      size_bytes: 500,
      payload_truncated: true,
    });
  });

  it('stops early at max_messages', async () => {
    const p = letters();
    const out = await f.during<Output>(
      { topic_pattern: `${p}/+/value`, duration_seconds: 5, max_messages: 4 },
      async () => {
        for (let i = 0; i < 10; i++) {
          await f.publisher.publishAsync(`${p}/${i}/value`, String(i), { qos: 1 });
        }
      },
    );
    expect(out.stop_reason).toBe('max_messages');
    expect(out.message_count).toBe(4);
    expect(out.duration_seconds).toBeLessThan(2);
    const values = pattern(out, `${p}/+/value`);
    expect(values.topic_count).toBe(4);
    expect(values.topics).toEqual([`${p}/0/value`, `${p}/1/value`, `${p}/2/value`]);
    expect(values.numeric).toEqual({ count: 4, min: 0, max: 3, mean: 1.5 });
  });

  it('lists a few examples by default and everything with detail full', async () => {
    const p = letters();
    const modes = ['auto', 'eco', 'boost', 'off', 'night', 'away'];
    for (let i = 0; i < 12; i++) {
      const payload = JSON.stringify({ mode: modes[i % 6], level: i });
      await f.publisher.publishAsync(`${p}/dev-${i}/state`, payload, { qos: 1, retain: true });
    }
    const call = (detail?: string) =>
      callOk<Output>(f.core, TOOL, {
        session_id: f.sessionId,
        topic_pattern: `${p}/#`,
        duration_seconds: 1,
        ...(detail ? { detail } : {}),
      });
    try {
      const [summary, full] = [await call(), await call('full')];
      const [s, l] = [pattern(summary, `${p}/+/state`), pattern(full, `${p}/+/state`)];
      expect([s.topic_count, l.topic_count]).toEqual([12, 12]);
      expect([s.topics.length, l.topics.length]).toEqual([3, 10]);
      expect([s.examples.length, l.examples.length]).toEqual([1, 3]);
      const mode = (o: Pattern) =>
        (o.json_schema?.properties as Record<string, Record<string, unknown>>).mode;
      expect(mode(l)?.enum).toEqual([...modes].sort());
      expect(mode(s)?.enum).toBeUndefined();
      expect(mode(s)?.examples).toHaveLength(1);
      expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(full).length);
      const bad = await callErr(f.core, TOOL, {
        session_id: f.sessionId,
        topic_pattern: '#',
        detail: 'x',
      });
      expect(bad.code).toBe('INVALID_INPUT');
    } finally {
      for (let i = 0; i < 12; i++) {
        await f.publisher.publishAsync(`${p}/dev-${i}/state`, '', { qos: 1, retain: true });
      }
    }
  });

  it('explains an empty sample instead of failing', async () => {
    const p = letters();
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${p}/#`,
      duration_seconds: 1,
    });
    expect(out.message_count).toBe(0);
    expect(out.patterns).toEqual([]);
    expect(out.stop_reason).toBe('duration');
    expect(out.explanation).toMatch(new RegExp(`^no message matched ${p}/# in 1(\\.\\d)? s`));
    expect(out.explanation).toContain('the pattern is valid');
  });

  it('rejects an invalid filter, an unknown session and unknown or out-of-range arguments', async () => {
    await f.rejects([
      [{ topic_pattern: 'a/#/b' }, 'INVALID_TOPIC', /^topic_pattern: "#" must be the last level/],
      [{ session_id: 'gone', topic_pattern: '#' }, 'NOT_FOUND'],
      [{ topic_pattern: '#', pattern: '#' }, 'INVALID_INPUT', 'unknown argument "pattern"'],
      [{}, 'INVALID_INPUT', /^topic_pattern: /],
      [{ topic_pattern: '#', max_messages: 5001 }, 'INVALID_INPUT', /^max_messages: /],
    ]);
  });
});
