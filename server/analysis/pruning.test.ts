// Unit tests of deterministic pruning to exactly `limit` messages.
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from './message';
import { pruneMessages, type PruningReport } from './pruning';
import { msg, T0 } from '../../test/fixtures/message-records';

/** n readings of one shape, one per second, with an index in the payload. */
function readings(n: number, topic = 'sensors/kitchen/temperature'): MessageRecord[] {
  return Array.from({ length: n }, (_, i) =>
    msg(topic, { value: 20 + (i % 7), seq: i }, T0 + i * 1000),
  );
}

function indexOf(m: MessageRecord, all: MessageRecord[]): number {
  return all.indexOf(m);
}

function checkReport(p: PruningReport, original: number, limit: number): void {
  const c = p.kept_by_category;
  expect(p.original_count).toBe(original);
  expect(p.kept_count).toBe(limit);
  expect(p.limit).toBe(limit);
  expect(c.errors + c.warnings + c.first_last + c.new_shapes + c.even_spread).toBe(p.kept_count);
  expect(p.dropped_count).toBe(original - p.kept_count);
  const listed = p.dropped_by_topic.reduce((acc, t) => acc + t.dropped, 0);
  expect(listed).toBeLessThanOrEqual(p.dropped_count);
  expect(p.dropped_by_topic.length).toBeLessThanOrEqual(20);
  expect(p.strategy.length).toBeGreaterThan(20);
}

describe('pruneMessages', () => {
  it('returns the messages unchanged when they fit', () => {
    const input = readings(50);
    const result = pruneMessages(input, 50);
    expect(result.kept).toBe(input);
    expect(result.pruning).toBeNull();
    expect(pruneMessages([], 5)).toEqual({ kept: [], pruning: null });
  });

  it('rejects a limit below 1 or not an integer', () => {
    expect(() => pruneMessages(readings(3), 0)).toThrow(RangeError);
    expect(() => pruneMessages(readings(3), 1.5)).toThrow(RangeError);
  });

  it.each([51, 208, 1000, 10_000])('keeps exactly 50 of %i, in input order', (n) => {
    const input = readings(n);
    const { kept, pruning } = pruneMessages(input, 50);
    expect(kept).toHaveLength(50);
    const indices = kept.map((m) => indexOf(m, input));
    for (let i = 1; i < indices.length; i++) {
      expect(indices[i]).toBeGreaterThan(indices[i - 1] as number);
    }
    expect(kept[0]).toBe(input[0]);
    expect(kept[49]).toBe(input[n - 1]);
    checkReport(pruning as PruningReport, n, 50);
  });

  it('keeps exactly the limit for many sizes and limits', () => {
    for (const limit of [1, 2, 3, 7, 50, 99]) {
      for (const n of [limit + 1, limit * 2 + 1, 301]) {
        if (n <= limit) continue;
        const input = readings(n).map((m, i) =>
          i % 13 === 5 ? msg('alarms/pump', 'pump failed', T0 + i) : m,
        );
        const { kept, pruning } = pruneMessages(input, limit);
        expect(kept).toHaveLength(limit);
        checkReport(pruning as PruningReport, n, limit);
      }
    }
  });

  it('is deterministic', () => {
    const input = readings(777).map((m, i) =>
      i % 50 === 3 ? msg('log/app', 'Warning: slow', T0 + i * 1000) : m,
    );
    const a = pruneMessages(input, 40);
    const b = pruneMessages([...input], 40);
    expect(a.kept.map((m) => indexOf(m, input))).toEqual(b.kept.map((m) => indexOf(m, input)));
    expect(a.pruning).toEqual(b.pruning);
  });

  it('keeps every error and warning when they fit', () => {
    const input = readings(500);
    const flagged = [10, 77, 123, 250, 251, 499];
    for (const i of flagged)
      input[i] = msg('devices/pump/state', { status: 'error', seq: i }, T0 + i * 1000);
    input[300] = msg('log/app', 'WARNING: disk 90% full', T0 + 300_000);
    const { kept, pruning } = pruneMessages(input, 20);
    const keptIndices = kept.map((m) => indexOf(m, input));
    for (const i of [...flagged, 300]) expect(keptIndices).toContain(i);
    expect(pruning?.kept_by_category.errors).toBe(6);
    expect(pruning?.kept_by_category.warnings).toBe(1);
    expect(keptIndices).toContain(0);
    expect(pruning?.kept_by_category.first_last).toBe(1);
    expect(pruning?.strategy).toContain('all 6 error messages');
    expect(pruning?.strategy).toContain('the one warning message,');
    expect(pruning?.strategy).toContain('the first message');
    expect(pruning?.strategy).toMatch(/dropped 480\.$/);
  });

  it('keeps errors first, evenly spread, when they alone exceed the limit', () => {
    const input = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0 ? msg('plant/alarm', 'fault', T0 + i) : msg('log/x', 'warn', T0 + i),
    );
    input.push(msg('sensors/x', 1, T0 + 1000));
    const { kept, pruning } = pruneMessages(input, 10);
    expect(kept).toHaveLength(10);
    expect(kept.every((m) => m.topic === 'plant/alarm')).toBe(true);
    const indices = kept.map((m) => indexOf(m, input));
    expect(indices[0]).toBe(0);
    expect(indices[9]).toBe(298);
    expect(pruning?.kept_by_category).toEqual({
      errors: 10,
      warnings: 0,
      first_last: 0,
      new_shapes: 0,
      even_spread: 0,
    });
    expect(pruning?.strategy).toContain('10 of 150 error messages');
    expect(pruning?.strategy).toContain('none of the 150 warning messages');
  });

  it('fills with warnings after all errors when warnings exceed the room', () => {
    const input = [
      ...Array.from({ length: 3 }, (_, i) => msg('a/error', 'x', T0 + i)),
      ...Array.from({ length: 30 }, (_, i) => msg('a/warning', 'x', T0 + 10 + i)),
      ...readings(100),
    ];
    const { pruning } = pruneMessages(input, 8);
    expect(pruning?.kept_by_category).toMatchObject({ errors: 3, warnings: 5, first_last: 0 });
  });

  it('handles a limit of 1 and 2', () => {
    const input = readings(10);
    const one = pruneMessages(input, 1);
    expect(one.kept).toEqual([input[0]]);
    expect(one.pruning?.kept_by_category.first_last).toBe(1);
    expect(one.pruning?.strategy).toBe(
      'Kept 1 of 10 messages in arrival order: the first message; dropped 9.',
    );
    const two = pruneMessages(input, 2);
    expect(two.kept).toEqual([input[0], input[9]]);
    expect(two.pruning?.kept_by_category.first_last).toBe(2);
    expect(two.pruning?.strategy).toContain('the first and last messages;');
    const withError = [...input];
    withError[4] = msg('x/error', 'boom', T0 + 4000);
    expect(pruneMessages(withError, 1).kept).toEqual([withError[4]]);
    expect(pruneMessages(withError, 2).kept).toEqual([withError[0], withError[4]]);
  });

  it('keeps one message of each new shape before the even spread', () => {
    const input = readings(200);
    input[50] = msg('sensors/kitchen/humidity', { value: 40 }, T0 + 50_000);
    input[60] = msg('sensors/kitchen/humidity', { value: 41 }, T0 + 60_000);
    input[120] = msg('sensors/kitchen/temperature', { value: 20, unit: 'C', seq: 1 }, T0 + 120_000);
    input[130] = msg('devices/0042/status', 'online', T0 + 130_000);
    input[140] = msg('devices/0043/status', 'online', T0 + 140_000);
    const { kept, pruning } = pruneMessages(input, 10);
    const indices = kept.map((m) => indexOf(m, input));
    expect(indices).toEqual(expect.arrayContaining([0, 199, 50, 120, 130]));
    expect(indices).not.toContain(60);
    expect(indices).not.toContain(140);
    expect(pruning?.kept_by_category).toEqual({
      errors: 0,
      warnings: 0,
      first_last: 2,
      new_shapes: 3,
      even_spread: 5,
    });
  });

  it('reports dropped messages per topic, busiest first, at most 20 topics', () => {
    const input: MessageRecord[] = [];
    for (let t = 0; t < 25; t++) {
      for (let i = 0; i <= t; i++)
        input.push(msg(`room${String.fromCharCode(97 + t)}/temp`, 20, T0 + input.length));
    }
    const { pruning } = pruneMessages(input, 30);
    const report = pruning as PruningReport;
    expect(report.dropped_by_topic).toHaveLength(20);
    const drops = report.dropped_by_topic.map((d) => d.dropped);
    expect(drops).toEqual([...drops].sort((a, b) => b - a));
    const droppedTopics = new Set(
      input.filter((m) => !pruneMessages(input, 30).kept.includes(m)).map((m) => m.topic),
    );
    expect(report.dropped_topics_not_listed).toBe(droppedTopics.size - 20);
    // roomx (24 messages, one kept) and roomy (25, two kept: a new shape and the last) tie at 23.
    expect(report.dropped_by_topic.slice(0, 2)).toEqual([
      { topic: 'roomx/temp', dropped: 23 },
      { topic: 'roomy/temp', dropped: 23 },
    ]);
  });

  it('sorts topics with equal drops by name', () => {
    const input = [
      ...Array.from({ length: 5 }, (_, i) => msg('b/x', 1, T0 + i)),
      ...Array.from({ length: 5 }, (_, i) => msg('a/x', 1, T0 + 10 + i)),
    ];
    const { pruning } = pruneMessages(input, 4);
    // Kept: first (0), last (9) and an even spread of the rest (1 and 8): 3 dropped from each.
    expect(pruning?.dropped_by_topic).toEqual([
      { topic: 'a/x', dropped: 3 },
      { topic: 'b/x', dropped: 3 },
    ]);
  });

  it('prunes 10,000 varied messages quickly', () => {
    const input = Array.from({ length: 10_000 }, (_, i) =>
      msg(
        `devices/${i % 300}/sensor_${i % 7}`,
        { v: i, ...(i % 97 === 0 ? { error: 'x' } : {}) },
        T0 + i * 10,
      ),
    );
    const started = performance.now();
    const { kept, pruning } = pruneMessages(input, 50);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(kept).toHaveLength(50);
    checkReport(pruning as PruningReport, 10_000, 50);
  });
});
