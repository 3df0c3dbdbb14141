// Unit tests of the History page's event shaping.
import { describe, expect, it } from 'vitest';
import { BROKER_GROUP, findingsOverTime, timelines, type TimelineEvent } from './timeline';

const ev = (t: number, over: Partial<TimelineEvent> = {}): TimelineEvent => ({
  t,
  topic: null,
  category: 'availability',
  kind: 'offline',
  severity: null,
  subject: null,
  summary: `at ${t}`,
  ...over,
});

describe('timelines', () => {
  it('groups by device, then topic, else the broker; newest group and event first', () => {
    const groups = timelines([
      ev(1, { subject: 'boiler' }),
      ev(5, { topic: 'home/lamp/state' }),
      ev(3, { subject: 'boiler' }),
      ev(2),
    ]);
    expect(groups.map(([k, list]) => [k, list.map((e) => e.t)])).toEqual([
      ['home/lamp/state', [5]],
      ['boiler', [3, 1]],
      [BROKER_GROUP, [2]],
    ]);
  });
});

describe('findingsOverTime', () => {
  it('counts findings per bucket and severity, ignoring other events and the outside', () => {
    const out = findingsOverTime(
      [
        ev(0, { category: 'finding', severity: 'critical' }),
        ev(15, { category: 'finding', severity: 'warning' }),
        ev(19, { category: 'finding', severity: null }),
        ev(5, { category: 'availability' }),
        ev(20, { category: 'finding', severity: 'critical' }),
      ],
      0,
      20,
      2,
    );
    expect(out.xs).toEqual([0, 0.01]);
    expect(out.critical).toEqual([1, 0]);
    expect(out.warning).toEqual([0, 1]);
    expect(out.info).toEqual([0, 1]);
  });
});
