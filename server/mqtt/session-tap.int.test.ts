// A session tap (the recorder's subscription) against a real Mosquitto: one copy each, retain as published.
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { openTestSession } from '../../test/fixtures/test-session';
import { useBroker } from '../../test/fixtures/broker';
import { collect } from './collector';
import type { InboundMessage } from './inbound-message';

const f = useBroker();

const open = (protocolVersion: 4 | 5) => openTestSession(f.broker.url, protocolVersion);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seen = (list: InboundMessage[]) => list.map((m) => `${m.topic}=${m.payload} r${+m.retain}`);

describe('session tap over MQTT 5', () => {
  it('gets one copy of every message, live retained publishes flagged, beside a collector that sees what it would without the tap', async () => {
    const p = `tap5-${Date.now()}`;
    await f.publisher.publishAsync(`${p}/a/cfg`, 'v1', { qos: 1, retain: true });
    const session = await open(5);
    const tapped: InboundMessage[] = [];
    const { release } = await session.tap(`${p}/#`, (m) => void tapped.push(m));
    expect(session.subscribedFilters.map((s) => s.filter).sort()).toEqual([p, `${p}/+/#`]);
    await sleep(200);
    const collected: InboundMessage[] = [];
    const window = collect(session, {
      filters: [`${p}/a/#`],
      qos: 0,
      durationMs: 1200,
      onMessage: (m) => void collected.push(m),
    });
    await sleep(300);
    await f.publisher.publishAsync(`${p}/a/x`, 'one', { qos: 1 });
    await f.publisher.publishAsync(`${p}/a/cfg`, 'v2', { qos: 1, retain: true });
    await f.publisher.publishAsync(`${p}/b`, 'two', { qos: 1 });
    await f.publisher.publishAsync(p, 'parent', { qos: 1 });
    await window;
    expect(seen(tapped)).toEqual([
      `${p}/a/cfg=v1 r1`,
      `${p}/a/x=one r0`,
      `${p}/a/cfg=v2 r1`,
      `${p}/b=two r0`,
      `${p}=parent r0`,
    ]);
    expect(seen(collected)).toEqual([`${p}/a/cfg=v1 r1`, `${p}/a/x=one r0`, `${p}/a/cfg=v2 r0`]);
    expect(session.stats.messagesReceived).toBe(5);
    await release();
    await sleep(100);
    expect(session.subscribedFilters).toEqual([]);
    await f.publisher.publishAsync(`${p}/b`, 'after', { qos: 1 });
    await sleep(200);
    expect(tapped).toHaveLength(5);
    await session.close();
  });

  it('keeps working when a tool subscribes the very filter the tap holds, and refuses a second tap', async () => {
    const p = `tapsame-${Date.now()}`;
    const session = await open(5);
    const tapped: InboundMessage[] = [];
    const { release } = await session.tap('#', (m) => {
      if (m.topic.startsWith(p)) tapped.push(m);
    });
    expect(session.subscribedFilters.map((s) => s.filter)).toEqual(['+/#']);
    await expect(session.tap('#', () => undefined)).rejects.toThrow(/already tapped/);
    const collected: InboundMessage[] = [];
    const window = collect(session, {
      filters: ['#', '+/#'],
      qos: 0,
      durationMs: 800,
      onMessage: (m) => {
        if (m.topic.startsWith(p)) collected.push(m);
      },
    });
    await sleep(300);
    await f.publisher.publishAsync(`${p}/x`, '1', { qos: 1 });
    await f.publisher.publishAsync(`${p}`, 'solo', { qos: 1 });
    await window;
    expect(seen(tapped)).toEqual([`${p}/x=1 r0`, `${p}=solo r0`]);
    expect(seen(collected)).toEqual([`${p}/x=1 r0`, `${p}=solo r0`]);
    await release();
    await session.close();
  });

  it('resubscribes after the broker restarts and replays retained values to the tap', async () => {
    const p = `taprestart-${Date.now()}`;
    await f.publisher.publishAsync(`${p}/state`, 'kept', { qos: 1, retain: true });
    const session = await open(5);
    const tapped: InboundMessage[] = [];
    await session.tap(`${p}/#`, (m) => void tapped.push(m));
    await sleep(200);
    await f.broker.stop();
    await f.broker.start();
    const deadline = Date.now() + 15_000;
    while (session.state !== 'connected' && Date.now() < deadline) await sleep(100);
    await sleep(300);
    const again = await connectAsync(f.broker.url);
    await again.publishAsync(`${p}/state`, 'live', { qos: 1 });
    await again.publishAsync(`${p}/state`, 'set', { qos: 1, retain: true });
    await sleep(300);
    await again.endAsync();
    // Resubscribed retain-as-published; Mosquitto (no persistence) forgot `kept` on restart.
    expect(seen(tapped)).toEqual([`${p}/state=kept r1`, `${p}/state=live r0`, `${p}/state=set r1`]);
    await session.close();
    await f.publisher.endAsync();
    f.publisher = await connectAsync(f.broker.url);
  });
});

describe('session tap over MQTT 3.1.1', () => {
  it('holds the pattern itself and sees the deduplicated stream, retained meaning replayed', async () => {
    const p = `tap4-${Date.now()}`;
    await f.publisher.publishAsync(`${p}/cfg`, 'v1', { qos: 1, retain: true });
    const session = await open(4);
    const tapped: InboundMessage[] = [];
    const { release } = await session.tap(`${p}/#`, (m) => void tapped.push(m));
    expect(session.subscribedFilters.map((s) => s.filter)).toEqual([`${p}/#`]);
    const window = collect(session, {
      filters: [`${p}/#`],
      qos: 0,
      durationMs: 800,
      onMessage: () => undefined,
    });
    await sleep(300);
    await f.publisher.publishAsync(`${p}/cfg`, 'v2', { qos: 1, retain: true });
    await f.publisher.publishAsync(`other-${p}`, 'x', { qos: 1 });
    await window;
    // The collector's SUBSCRIBE replays the retained value to the whole session.
    expect(seen(tapped)).toEqual([`${p}/cfg=v1 r1`, `${p}/cfg=v1 r1`, `${p}/cfg=v2 r0`]);
    await release();
    expect(session.subscribedFilters).toEqual([]);
    await session.close();
  });
});
