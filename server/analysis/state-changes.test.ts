// Unit tests of state-change tracking between consecutive messages of a topic.
import { describe, expect, it } from 'vitest';
import { MAX_STATE_CHANGES, trackStateChanges } from './state-changes';
import { msg, T0 } from '../../test/fixtures/message-records';

describe('trackStateChanges', () => {
  it('lists changed JSON fields per topic with from and to values', () => {
    const { changes, total } = trackStateChanges([
      msg('d/plug', { state: 'ON', power: 12, ts: 1 }, T0),
      msg('d/other', { state: 'OFF' }, T0 + 500),
      msg('d/plug', { state: 'OFF', power: 12, ts: 2 }, T0 + 1000),
      msg('d/plug', { state: 'OFF', power: 0, ts: 3, fault: 'overheat' }, T0 + 2000),
    ]);
    expect(total).toBe(3);
    expect(changes).toEqual([
      { at: '2024-05-01T12:00:01.000Z', topic: 'd/plug', field: 'state', from: 'ON', to: 'OFF' },
      { at: '2024-05-01T12:00:02.000Z', topic: 'd/plug', field: 'power', from: 12, to: 0 },
      {
        at: '2024-05-01T12:00:02.000Z',
        topic: 'd/plug',
        field: 'fault',
        from: null,
        to: 'overheat',
      },
    ]);
  });

  it('compares nested values by content', () => {
    const { changes } = trackStateChanges([
      msg('d/x', { cfg: { mode: 'a' } }, T0),
      msg('d/x', { cfg: { mode: 'a' } }, T0 + 1),
      msg('d/x', { cfg: { mode: 'b' } }, T0 + 2),
    ]);
    expect(changes).toEqual([
      {
        at: '2024-05-01T12:00:00.002Z',
        topic: 'd/x',
        field: 'cfg',
        from: { mode: 'a' },
        to: { mode: 'b' },
      },
    ]);
  });

  it('tracks whole scalar and text payloads', () => {
    const { changes } = trackStateChanges([
      msg('d/relay', 'ON', T0),
      msg('d/relay', 'ON', T0 + 1000),
      msg('d/relay', 'OFF', T0 + 2000),
      msg('d/level', 3, T0 + 2500),
      msg('d/level', 4, T0 + 3000),
    ]);
    expect(changes).toEqual([
      { at: '2024-05-01T12:00:02.000Z', topic: 'd/relay', field: null, from: 'ON', to: 'OFF' },
      { at: '2024-05-01T12:00:03.000Z', topic: 'd/level', field: null, from: 3, to: 4 },
    ]);
  });

  it('skips timestamp, counter and signal fields', () => {
    const { total } = trackStateChanges([
      msg('d/x', { time: 'a', uptime: 1, seq: 1, rssi: -60, updated_at: 'x', state: 'on' }, T0),
      msg('d/x', { time: 'b', uptime: 2, seq: 2, rssi: -61, updated_at: 'y', state: 'on' }, T0 + 1),
    ]);
    expect(total).toBe(0);
  });

  it('cuts long string values to 200 characters', () => {
    const { changes } = trackStateChanges([
      msg('d/log', 'a'.repeat(300), T0),
      msg('d/log', 'b'.repeat(300), T0 + 1),
    ]);
    expect((changes[0]?.from as string).length).toBe(200);
    expect((changes[0]?.to as string).length).toBe(200);
  });

  it('keeps at most 50, preferring state changes over numeric measurements', () => {
    const messages = [];
    for (let i = 0; i < 200; i++) {
      messages.push(
        msg('d/x', { temperature: i, mode: i % 20 === 0 ? `m${i}` : 'm0' }, T0 + i * 1000),
      );
    }
    const { changes, total } = trackStateChanges(messages);
    expect(total).toBe(199 + 18);
    expect(changes).toHaveLength(MAX_STATE_CHANGES);
    expect(changes.filter((c) => c.field === 'mode')).toHaveLength(18);
    const times = changes.map((c) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(changes[changes.length - 1]).toMatchObject({ field: 'temperature', to: 199 });
  });
});
