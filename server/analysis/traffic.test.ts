// Unit tests of the traffic accumulator: totals, per-second buckets, top topics, sizes, retained replays.
import { describe, expect, it } from 'vitest';
import { histogramPercentile, TrafficAccumulator } from './traffic';
import { itReturns } from '../../test/each-case';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

describe('histogramPercentile', () => {
  const even: Array<[number, number]> = [
    [10, 1],
    [20, 1],
    [30, 1],
    [40, 1],
  ];
  const weighted: Array<[number, number]> = [
    [20, 40],
    [100, 140],
    [2000, 20],
  ];

  itReturns(
    'uses the nearest rank like stats.percentile: p%s is %s',
    (p: number) => histogramPercentile(even, 4, p),
    [
      [50, 20],
      [51, 30],
      [100, 40],
      [0, 10],
    ],
  );

  itReturns(
    'weights values by their counts: p%s is %s',
    (p: number) => histogramPercentile(weighted, 200, p),
    [
      [50, 100],
      [95, 2000],
      [20, 20],
    ],
  );

  it('throws on an empty histogram', () => {
    expect(() => histogramPercentile([], 0, 50)).toThrow(RangeError);
  });
});

describe('TrafficAccumulator', () => {
  it('reports an empty window as zeros with no sizes', () => {
    const acc = new TrafficAccumulator(T0);
    const r = acc.report(T0 + 2000, 2, 10);
    expect(r.messages).toBe(0);
    expect(r.messages_per_second).toBe(0);
    expect(r.per_second.messages).toEqual([0, 0]);
    expect(r.payload_size_bytes).toBeNull();
    expect(r.top_by_rate).toEqual([]);
    expect(r.spikes).toEqual([]);
    expect(r.topic_count).toBe(0);
  });

  it('counts totals, rates and per-second buckets', () => {
    const acc = new TrafficAccumulator(T0);
    for (let i = 0; i < 30; i++) acc.add('a', 10, T0 + (i % 3) * 1000 + 5, false);
    acc.add('b', 100, T0 + 2500, false);
    const r = acc.report(T0 + 3000, 3, 10);
    expect(r.messages).toBe(31);
    expect(r.bytes).toBe(400);
    expect(r.messages_per_second).toBe(10.33);
    expect(r.bytes_per_second).toBe(133.3);
    expect(r.per_second.messages).toEqual([10, 10, 11]);
    expect(r.per_second.bytes).toEqual([100, 100, 200]);
    expect(r.per_second.peak_messages_per_second).toBe(11);
    expect(r.per_second.min_messages_per_second).toBe(10);
    expect(r.per_second.mean_messages_per_second).toBe(10.33);
    expect(r.per_second.peak_bytes_per_second).toBe(200);
    expect(r.per_second.started_at).toBe('2024-05-01T12:00:00.000Z');
  });

  it('leaves a trailing part-second out of the series but not out of the totals', () => {
    const acc = new TrafficAccumulator(T0);
    acc.add('a', 1, T0 + 500, false);
    acc.add('a', 1, T0 + 2100, false);
    const r = acc.report(T0 + 2200, 2.2, 10);
    expect(r.per_second.seconds).toBe(2);
    expect(r.per_second.messages).toEqual([1, 0]);
    expect(r.messages).toBe(2);
  });

  it('keeps one partial bucket for a window shorter than a second', () => {
    const acc = new TrafficAccumulator(T0);
    acc.add('a', 1, T0 + 100, false);
    const r = acc.report(T0 + 400, 0.4, 10);
    expect(r.per_second.messages).toEqual([1]);
    expect(r.messages_per_second).toBe(2.5);
  });

  it('lists the top topics by rate and by bytes separately', () => {
    const acc = new TrafficAccumulator(T0);
    for (let i = 0; i < 140; i++) acc.add('perf/hot', 100, T0 + i, false);
    for (let i = 0; i < 40; i++) acc.add('perf/cold', 20, T0 + i, false);
    for (let i = 0; i < 20; i++) acc.add('perf/big', 2000, T0 + i, false);
    const r = acc.report(T0 + 1000, 1, 2);
    expect(r.top_by_rate.map((t) => t.topic)).toEqual(['perf/hot', 'perf/cold']);
    expect(r.top_by_bytes.map((t) => t.topic)).toEqual(['perf/big', 'perf/hot']);
    expect(r.top_by_rate[0]).toEqual({
      topic: 'perf/hot',
      messages: 140,
      messages_per_second: 140,
      bytes: 14_000,
      bytes_per_second: 14_000,
      mean_size_bytes: 100,
    });
    expect(r.topic_count).toBe(3);
    expect(r.topics_not_listed).toBe(0);
    expect(r.payload_size_bytes).toEqual({ min: 20, mean: 274, p50: 100, p95: 2000, max: 2000 });
  });

  it('counts topics left out of both top lists', () => {
    const acc = new TrafficAccumulator(T0);
    for (let i = 0; i < 5; i++) acc.add(`t/${i}`, 10 + i, T0, false);
    const r = acc.report(T0 + 1000, 1, 1);
    expect(r.top_by_rate).toHaveLength(1);
    expect(r.topics_not_listed).toBe(4);
  });

  it('sorts ties by bytes and then by topic name', () => {
    const acc = new TrafficAccumulator(T0);
    acc.add('b', 5, T0, false);
    acc.add('a', 5, T0, false);
    acc.add('c', 9, T0, false);
    const r = acc.report(T0 + 1000, 1, 10);
    expect(r.top_by_rate.map((t) => t.topic)).toEqual(['c', 'a', 'b']);
  });

  it('counts retained replays apart and out of every rate', () => {
    const acc = new TrafficAccumulator(T0);
    acc.add('r/1', 50, T0, true);
    acc.add('r/2', 70, T0, true);
    acc.add('live', 10, T0 + 10, false);
    const r = acc.report(T0 + 1000, 1, 10);
    expect(r.retained_replayed).toEqual({ messages: 2, bytes: 120 });
    expect(r.messages).toBe(1);
    expect(r.top_by_rate.map((t) => t.topic)).toEqual(['live']);
    expect(acc.count).toBe(1);
  });

  it('bounds the topics itemised and still counts the rest', () => {
    const acc = new TrafficAccumulator(T0, 2);
    for (const topic of ['a', 'b', 'c', 'd', 'c']) acc.add(topic, 1, T0, false);
    const r = acc.report(T0 + 1000, 1, 10);
    expect(r.topic_count).toBe(4);
    expect(r.topics_not_tracked).toBe(2);
    expect(r.messages).toBe(5);
    expect(r.top_by_rate.map((t) => t.topic)).toEqual(['a', 'b']);
  });

  it('reports a burst second as a spike', () => {
    const acc = new TrafficAccumulator(T0);
    for (let s = 0; s < 10; s++) {
      const n = s === 6 ? 200 : 10;
      for (let i = 0; i < n; i++) acc.add('x', 1, T0 + s * 1000 + i, false);
    }
    const r = acc.report(T0 + 10_000, 10, 10);
    expect(r.spikes).toEqual([{ at: '2024-05-01T12:00:06.000Z', messages: 200, factor: 20 }]);
  });

  it('counts messages that arrive just before the origin in the first second', () => {
    const acc = new TrafficAccumulator(T0);
    acc.add('x', 1, T0 - 3, false);
    expect(acc.report(T0 + 1000, 1, 10).per_second.messages).toEqual([1]);
  });
});
