// Integration tests of mqtt_list_topics against a real Mosquitto broker and a separate publisher.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk } from '../../../test/core-harness';
import { mosquittoAvailable } from '../../../test/mosquitto';
import { findOrThrow, letters, sleep, toolFixture } from '../../../test/tool-fixture';
import type { listTopics } from './index';

type Output = z.output<typeof listTopics.output>;
type Row = NonNullable<Output['topics']>[number];

const TOOL = 'mqtt_list_topics';

const row = (out: Output, topic: string): Row =>
  findOrThrow(out.topics, (t) => t.topic === topic, `topic ${topic} not listed`);

describe.skipIf(!mosquittoAvailable())('mqtt_list_topics', () => {
  const f = toolFixture(TOOL);

  it('lists live and retained topics with exact counts, flags, formats, sizes and patterns', async () => {
    const p = letters();
    await f.publisher.publishAsync(`${p}/config`, '{"interval":5}', { qos: 1, retain: true });
    const out = await f.during<Output>(
      { detail: 'full', topic_pattern: `${p}/#`, duration_seconds: 1.5 },
      async () => {
        for (const value of ['21.5', '21.7', '21.9']) {
          await f.publisher.publishAsync(`${p}/sensors/dev-1/temp`, value, { qos: 1 });
          await sleep(100);
        }
        await f.publisher.publishAsync(`${p}/sensors/dev-2/temp`, '22', { qos: 1 });
        await f.publisher.publishAsync(`${p}/log`, 'hello world', { qos: 1 });
      },
    );

    expect(out.session_id).toBe(f.sessionId);
    expect(out.topic_pattern).toBe(`${p}/#`);
    expect(out.include_sys).toBe(false);
    expect(out.topic_count).toBe(4);
    expect(out.window_message_count).toBe(6);
    expect(out.topics?.map((t) => t.topic)).toEqual([
      `${p}/config`,
      `${p}/log`,
      `${p}/sensors/dev-1/temp`,
      `${p}/sensors/dev-2/temp`,
    ]);
    expect(out.topics_not_listed).toBe(0);

    const config = row(out, `${p}/config`);
    expect(config).toMatchObject({
      message_count: 1,
      window_message_count: 1,
      retained: true,
      last_payload_format: 'json',
      last_size_bytes: 14,
      seen_in_window: true,
    });
    expect(config.first_seen).toBe(config.last_seen);

    const dev1 = row(out, `${p}/sensors/dev-1/temp`);
    expect(dev1).toMatchObject({
      message_count: 3,
      window_message_count: 3,
      retained: false,
      last_payload_format: 'json',
      last_size_bytes: 4,
      seen_in_window: true,
    });
    const spread = Date.parse(dev1.last_seen) - Date.parse(dev1.first_seen);
    expect(spread).toBeGreaterThanOrEqual(180);
    expect(spread).toBeLessThan(1000);
    expect(Date.parse(dev1.first_seen)).toBeGreaterThanOrEqual(Date.parse(out.started_at));
    expect(Date.parse(dev1.last_seen)).toBeLessThanOrEqual(Date.parse(out.ended_at));
    expect(dev1.first_seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(row(out, `${p}/sensors/dev-2/temp`)).toMatchObject({
      message_count: 1,
      retained: false,
      last_payload_format: 'json',
      last_size_bytes: 2,
    });
    expect(row(out, `${p}/log`)).toMatchObject({
      message_count: 1,
      retained: false,
      last_payload_format: 'text',
      last_size_bytes: 11,
    });

    expect(out.patterns).toEqual([
      { pattern: `${p}/sensors/+/temp`, topics: 2, messages: 4 },
      { pattern: `${p}/config`, topics: 1, messages: 1 },
      { pattern: `${p}/log`, topics: 1, messages: 1 },
    ]);
    expect(out.patterns_not_listed).toBe(0);
    expect(out.inventory_full).toBe(false);
    expect(out.inventory_note).toBeUndefined();
    expect(out.explanation).toBeUndefined();
    expect(out.stop_reason).toBe('duration');
    expect(out.duration_seconds).toBeGreaterThanOrEqual(1.45);
    expect(out.duration_seconds).toBeLessThan(2.5);
    expect(out.outages).toEqual([]);
  });

  it('flags retained commands and stale retained values, not fresh or refreshed ones', async () => {
    const p = letters();
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const fresh = new Date().toISOString();
    const retain = { qos: 1 as const, retain: true };
    await f.publisher.publishAsync(`${p}/valve-1/set`, 'OPEN', retain);
    await f.publisher.publishAsync(
      `${p}/tank-3/level`,
      JSON.stringify({ cm: 80, ts: old }),
      retain,
    );
    await f.publisher.publishAsync(
      `${p}/tank-1/level`,
      JSON.stringify({ cm: 70, ts: fresh }),
      retain,
    );
    await f.publisher.publishAsync(
      `${p}/tank-2/level`,
      JSON.stringify({ cm: 60, ts: old }),
      retain,
    );
    const out = await f.during<Output>(
      { detail: 'full', topic_pattern: `${p}/#`, duration_seconds: 1 },
      async () => {
        await f.publisher.publishAsync(`${p}/tank-2/level`, JSON.stringify({ cm: 61, ts: fresh }));
        await f.publisher.publishAsync(`${p}/lamp/set`, 'ON');
      },
    );
    expect(row(out, `${p}/valve-1/set`).flag).toBe('retained_command');
    expect(row(out, `${p}/tank-3/level`).flag).toBe('stale_retained');
    for (const t of ['tank-1/level', 'tank-2/level', 'lamp/set']) {
      expect(row(out, `${p}/${t}`).flag).toBeUndefined();
    }
    expect(out.flagged).toEqual({
      retained_commands: [`${p}/valve-1/set`],
      retained_commands_count: 1,
      stale_retained: [
        { topic: `${p}/tank-3/level`, payload_time: old, age_seconds: expect.any(Number) },
      ],
      stale_retained_count: 1,
    });
    expect(out.flagged?.stale_retained[0]?.age_seconds).toBeGreaterThanOrEqual(3 * 86_400);
  });

  it('merges topics the session saw in earlier calls, marked as not seen in this window', async () => {
    const p = letters();
    const first = await f.during<Output>(
      { detail: 'full', topic_pattern: `${p}/#`, duration_seconds: 1 },
      async () => {
        await f.publisher.publishAsync(`${p}/a`, 'one', { qos: 1 });
        await f.publisher.publishAsync(`${p}/a`, 'two!', { qos: 1 });
      },
    );
    expect(first.topics?.map((t) => [t.topic, t.message_count])).toEqual([[`${p}/a`, 2]]);

    const second = await f.during<Output>(
      { detail: 'full', topic_pattern: `${p}/#`, duration_seconds: 1 },
      async () => {
        await f.publisher.publishAsync(`${p}/b`, '{"x":[1,2]}', { qos: 1 });
      },
    );
    expect(second.topic_count).toBe(2);
    expect(second.window_message_count).toBe(1);
    expect(row(second, `${p}/a`)).toMatchObject({
      message_count: 2,
      window_message_count: 0,
      seen_in_window: false,
      last_payload_format: 'text',
      last_size_bytes: 4,
      retained: false,
    });
    expect(row(second, `${p}/a`).last_seen).toBe(row(first, `${p}/a`).last_seen);
    expect(row(second, `${p}/b`)).toMatchObject({
      message_count: 1,
      window_message_count: 1,
      seen_in_window: true,
      last_payload_format: 'json',
      last_size_bytes: 11,
    });
  });

  it('bounds the list with limit and counts the rest', async () => {
    const p = letters();
    for (const name of ['e', 'c', 'a', 'd', 'b']) {
      await f.publisher.publishAsync(`${p}/${name}`, name, { qos: 1, retain: true });
    }
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${p}/+`,
      detail: 'full',
      duration_seconds: 1,
      limit: 2,
    });
    expect(out.topic_count).toBe(5);
    expect(out.topics?.map((t) => t.topic)).toEqual([`${p}/a`, `${p}/b`]);
    expect(out.topics?.every((t) => t.retained && t.message_count === 1)).toBe(true);
    expect(out.topics_not_listed).toBe(3);
    expect(out.patterns).toHaveLength(5);

    const page = (cursor: string | undefined) =>
      callOk<Output>(f.core, TOOL, {
        session_id: f.sessionId,
        topic_pattern: `${p}/+`,
        detail: 'full',
        duration_seconds: 1,
        limit: 2,
        cursor,
      });
    const next = await page(out.next_cursor);
    expect(next.topics?.map((t) => t.topic)).toEqual([`${p}/c`, `${p}/d`]);
    const last = await page(next.next_cursor);
    expect(last.topics?.map((t) => t.topic)).toEqual([`${p}/e`]);
    expect(last.next_cursor).toBeUndefined();
    expect(last.topics_not_listed).toBe(4);
  });

  it('groups into patterns by default, without topic rows, and keeps only topics containing search', async () => {
    const p = letters();
    for (const id of ['dev-1', 'dev-2', 'dev-3']) {
      await f.publisher.publishAsync(`${p}/sensors/${id}/temp`, '21', { qos: 1, retain: true });
      await f.publisher.publishAsync(`${p}/sensors/${id}/humidity`, '40', { qos: 1, retain: true });
    }
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${p}/#`,
      duration_seconds: 1,
    });
    expect(out.topics).toBeUndefined();
    expect(out.topic_count).toBe(6);
    expect(out.topics_not_listed).toBe(6);
    expect(out.patterns.map((g) => [g.pattern, g.topics]).sort()).toEqual([
      [`${p}/sensors/+/humidity`, 3],
      [`${p}/sensors/+/temp`, 3],
    ]);

    const found = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${p}/#`,
      search: 'humid',
      detail: 'full',
      duration_seconds: 1,
    });
    expect(found.topic_count).toBe(3);
    expect(found.topics?.map((t) => t.topic.endsWith('/humidity'))).toEqual([true, true, true]);
    expect(found.patterns.map((g) => g.pattern)).toEqual([`${p}/sensors/+/humidity`]);

    const bad = await callErr(f.core, TOOL, { session_id: f.sessionId, cursor: 'not a cursor!' });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toMatch(/^cursor: /);
  });

  it('explains an empty result instead of failing', async () => {
    const p = letters();
    const out = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      topic_pattern: `${p}/nothing/#`,
      duration_seconds: 1,
    });
    expect(out.topics).toBeUndefined();
    expect(out.topic_count).toBe(0);
    expect(out.window_message_count).toBe(0);
    expect(out.patterns).toEqual([]);
    expect(out.explanation).toMatch(
      new RegExp(`^no topic matched ${p}/nothing/# in 1(\\.\\d)? s .*the pattern is valid`),
    );
    expect(out.explanation).toContain('$SYS topics are left out unless include_sys is true');
    expect(out.explanation).toContain('longer duration');
  });

  it('lists $SYS topics only when include_sys is true', async () => {
    const withSys = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      duration_seconds: 1,
      include_sys: true,
      detail: 'full',
      limit: 5000,
    });
    expect(withSys.include_sys).toBe(true);
    const version = row(withSys, '$SYS/broker/version');
    expect(version.retained).toBe(true);
    expect(version.last_payload_format).toBe('text');
    expect(version.seen_in_window).toBe(true);

    const without = await callOk<Output>(f.core, TOOL, {
      session_id: f.sessionId,
      duration_seconds: 1,
      detail: 'full',
      limit: 5000,
    });
    expect(without.topic_pattern).toBe('#');
    expect(without.topic_count).toBeGreaterThan(0);
    expect(without.topics?.filter((t) => t.topic.startsWith('$'))).toEqual([]);
  });

  it('returns what it has when the call is cancelled', async () => {
    const out = await f.cancelled({ topic_pattern: `${letters()}/#`, duration_seconds: 30 });
    expect(out.stop_reason).toBe('cancelled');
    expect(out.duration_seconds).toBeLessThan(1);
  });

  it('rejects an invalid filter, an unknown session and unknown or out-of-range arguments', async () => {
    await f.rejects([
      [{ topic_pattern: 'a/#/b' }, 'INVALID_TOPIC', /^topic_pattern: "#" must be the last level/],
      [{ session_id: 'no-such-session' }, 'NOT_FOUND', 'no-such-session'],
      [{ pattern: '#' }, 'INVALID_INPUT', 'unknown argument "pattern"'],
      [{ duration_seconds: 301 }, 'INVALID_INPUT', /^duration_seconds: /],
      [{ limit: 0 }, 'INVALID_INPUT', /^limit: /],
      [{ include_sys: 'yes' }, 'INVALID_INPUT', /^include_sys: /],
    ]);
  });
});
