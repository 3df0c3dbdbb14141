// The console's explorer procedures through createCaller on an in-process hub and a real Mosquitto:
// bounded history, counting while nobody watches, numeric series and findings of a topic.
import { describe, expect, it } from 'vitest';
import { useBroker } from '../../../test/fixtures/broker';
import { until, useConsoleHub } from '../../../test/fixtures/console-hub';
import { letters } from '../../../test/tool-fixture';

const HISTORY = 30;
const f = useBroker();
const hub = useConsoleHub({ MQTT_MCP_EXPLORER_HISTORY: String(HISTORY) });
const caller = () => hub.caller;
const openSession = () => hub.openSession(f.broker.url);

/** Opens a watch, reads its first snapshot, and ends it (as a browser tab closing). */
async function watchOnce(sessionId: string, filter: string): Promise<void> {
  const stream = await caller().explorer.watch({ session_id: sessionId, filter });
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  expect(first.value).toMatchObject({ type: 'snapshot', reset: true });
  await it.return?.(undefined);
}

describe('explorer procedures', () => {
  it('keep a bounded history that survives the watcher leaving, and keep counting meanwhile', async () => {
    const p = letters();
    const id = await openSession();
    const filter = `${p}/#`;
    await watchOnce(id, filter);
    const explorer = hub.hub.parts.explorers.get(id, filter);
    expect(explorer.watcherCount).toBe(0);

    for (let i = 0; i < HISTORY + 15; i++) {
      await f.publisher.publishAsync(`${p}/meter`, JSON.stringify({ power: i, v: { a: 230 } }));
    }
    const history = () =>
      caller().explorer.history({ session_id: id, filter, topic: `${p}/meter` });
    await until(async () => (await history())?.topic.count === HISTORY + 15);
    const kept = await history();
    expect(kept?.history).toHaveLength(HISTORY);
    expect(kept?.history[0]?.payload).toEqual({ power: 15, v: { a: 230 } });
    expect(kept?.numeric_leaves).toEqual(['power', 'v.a']);
    expect(kept?.history_complete).toBe(true);

    // A new watcher (a reloaded page) finds the same counts in its snapshot.
    const stream = await caller().explorer.watch({ session_id: id, filter });
    const it = stream[Symbol.asyncIterator]();
    const snap = (await it.next()).value as { topics: Array<{ topic: string; count: number }> };
    await it.return?.(undefined);
    expect(snap.topics.find((t) => t.topic === `${p}/meter`)?.count).toBe(HISTORY + 15);
  });

  it('return the numbers of several leaves and of a plain numeric topic as series', async () => {
    const p = letters();
    const id = await openSession();
    const filter = `${p}/#`;
    await watchOnce(id, filter);
    for (let i = 1; i <= 5; i++) {
      await f.publisher.publishAsync(`${p}/meter`, JSON.stringify({ power: i * 10, note: 'x' }));
      await f.publisher.publishAsync(`${p}/temp`, String(20 + i / 2));
    }
    await f.publisher.publishAsync(`${p}/meter`, 'not json');
    const read = () =>
      caller().explorer.series({
        session_id: id,
        filter,
        series: [
          { topic: `${p}/meter`, path: 'power' },
          { topic: `${p}/temp`, path: '' },
          { topic: `${p}/meter`, path: 'note' },
          { topic: `${p}/nothing`, path: 'x' },
        ],
      });
    await until(async () => (await read()).series[1]?.points.length === 5);
    const { series } = await read();
    expect(series[0]?.points.map(([, v]) => v)).toEqual([10, 20, 30, 40, 50]);
    expect(series[1]?.points.map(([, v]) => v)).toEqual([20.5, 21, 21.5, 22, 22.5]);
    const times = series[0]?.points.map(([t]) => t) ?? [];
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(series[2]?.points).toEqual([]);
    expect(series[3]).toEqual({ topic: `${p}/nothing`, path: 'x', points: [], complete: true });

    await expect(
      caller().explorer.series({
        session_id: id,
        filter: `${p}/other/#`,
        series: [{ topic: 'a' }],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      caller().explorer.series({ session_id: id, filter, series: [] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("name the findings of a topic's history and leave its healthy sibling alone", async () => {
    const p = letters();
    const id = await openSession();
    const filter = `${p}/#`;
    await watchOnce(id, filter);
    for (let i = 0; i < 12; i++) {
      const bad = i === 6 ? -127 : 21 + (i % 3) / 10;
      await f.publisher.publishAsync(`${p}/room1/sensor`, JSON.stringify({ temperature: bad }));
      await f.publisher.publishAsync(
        `${p}/room2/sensor`,
        JSON.stringify({ temperature: 20 + (i % 4) / 10 }),
      );
    }
    const findings = (room: string) =>
      caller().explorer.findings({ session_id: id, filter, topic: `${p}/${room}/sensor` });
    await until(async () => (await findings('room2'))?.messages === 12);
    await until(async () => (await findings('room1'))?.messages === 12);
    const bad = await findings('room1');
    expect(bad?.findings.map((x) => x.kind)).toContain('sensor_error_value');
    expect(bad?.findings.every((x) => x.subject.topic === `${p}/room1/sensor`)).toBe(true);
    expect((await findings('room2'))?.findings).toEqual([]);
    expect(await caller().explorer.findings({ session_id: id, filter, topic: `${p}/no` })).toBe(
      null,
    );
  });
});
