// A session against a real Mosquitto: overlapping subscriptions deliver each message once, retained replays.
import { describe, expect, it } from 'vitest';
import { openTestSession } from '../../test/fixtures/test-session';
import { useBroker } from '../../test/fixtures/broker';
import { collect } from './collector';

const f = useBroker();

const open = (protocolVersion: 4 | 5) => openTestSession(f.broker.url, protocolVersion);

describe.each([4, 5] as const)('session over MQTT %s', (version) => {
  it('delivers one copy per message to concurrent collectors with overlapping filters', async () => {
    const session = await open(version);
    const prefix = `dup-${version}-${Date.now()}`;
    const wide: string[] = [];
    const narrow: string[] = [];
    const a = collect(session, {
      filters: [`${prefix}/#`],
      qos: 0,
      durationMs: 1500,
      onMessage: (m) => void wide.push(m.payload.toString()),
    });
    const b = collect(session, {
      filters: [`${prefix}/a/#`],
      qos: 0,
      durationMs: 1500,
      onMessage: (m) => void narrow.push(m.payload.toString()),
    });
    await new Promise((r) => setTimeout(r, 300));
    await f.publisher.publishAsync(`${prefix}/a/x`, 'one', { qos: 1 });
    await f.publisher.publishAsync(`${prefix}/b`, 'two', { qos: 1 });
    await Promise.all([a, b]);
    expect(wide).toEqual(['one', 'two']);
    expect(narrow).toEqual(['one']);
    expect(session.stats.messagesReceived).toBe(2);
    expect(session.inventory.get(`${prefix}/a/x`)?.count).toBe(1);
    await session.close();
  });

  it('replays retained values to a second collector on a filter already held, and keeps the retained flag', async () => {
    const session = await open(version);
    const topic = `ret-${version}-${Date.now()}/state`;
    await f.publisher.publishAsync(topic, 'on', { qos: 1, retain: true });
    const first: boolean[] = [];
    const second: boolean[] = [];
    const a = collect(session, {
      filters: [topic],
      qos: 0,
      durationMs: 1200,
      onMessage: (m) => void first.push(m.retain),
    });
    await new Promise((r) => setTimeout(r, 300));
    const b = collect(session, {
      filters: [topic],
      qos: 0,
      durationMs: 600,
      onMessage: (m) => void second.push(m.retain),
    });
    await b;
    await f.publisher.publishAsync(topic, 'off', { qos: 1 });
    await a;
    expect(second).toEqual([true]);
    expect(first[0]).toBe(true);
    expect(first.at(-1)).toBe(false);
    expect(session.inventory.get(topic)?.retained).toBe(true);
    await f.publisher.publishAsync(topic, '', { qos: 1, retain: true });
    await session.close();
  });

  it('stops a collection exactly at the message the listener asked to stop at', async () => {
    const session = await open(version);
    const prefix = `stop-${version}-${Date.now()}`;
    const seen: number[] = [];
    const run = collect(session, {
      filters: [`${prefix}/#`],
      qos: 0,
      durationMs: 5000,
      onMessage: (m) => {
        seen.push(Number(m.payload.toString()));
        return seen.length >= 5;
      },
    });
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => f.publisher.publishAsync(`${prefix}/n`, String(i))),
    );
    const outcome = await run;
    expect(outcome.stopReason).toBe('max_messages');
    expect(seen).toHaveLength(5);
    await session.close();
  });
});
