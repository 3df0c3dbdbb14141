// Unit tests of sibling grouping: id-like levels, the caller's `+` levels and varying name levels.
import { describe, expect, it } from 'vitest';
import { groupSiblings, siblingPatterns } from './sibling-patterns';

describe('siblingPatterns', () => {
  it('collapses short machine ids into one pattern', () => {
    const topics = ['factory/m1/telemetry', 'factory/m2/telemetry', 'factory/m13/telemetry'];
    expect([...groupSiblings(topics).keys()]).toEqual(['factory/+/telemetry']);
  });

  it("treats the caller's + levels as ids, room names included", () => {
    const topics = ['home/kitchen/temperature', 'home/garage/temperature'];
    expect([...groupSiblings(topics, 'home/+/temperature').keys()]).toEqual(['home/+/temperature']);
    // Without the filter two names are not enough to call the level variable.
    expect([...groupSiblings(topics).keys()]).toEqual(topics);
  });

  it('collapses a name level with three or more names sharing the rest, never the last level', () => {
    const rooms = ['living_room', 'kitchen', 'garage'];
    const topics = rooms.flatMap((r) => [`home/${r}/temperature`, `home/${r}/humidity`]);
    const groups = groupSiblings(topics);
    expect([...groups.keys()].sort()).toEqual(['home/+/humidity', 'home/+/temperature']);
    expect(groups.get('home/+/temperature')).toEqual(rooms.map((r) => `home/${r}/temperature`));
  });

  it('keeps unrelated topics apart and $ topics unchanged', () => {
    const map = siblingPatterns([
      'demo/door/front',
      'demo/camera/front/snapshot',
      'demo/power/meter/watts',
      '$SYS/broker/uptime',
      'plant/plug-1/status',
      'plant/plug-22/status',
    ]);
    expect(map.get('demo/door/front')).toBe('demo/door/front');
    expect(map.get('demo/camera/front/snapshot')).toBe('demo/camera/front/snapshot');
    expect(map.get('$SYS/broker/uptime')).toBe('$SYS/broker/uptime');
    expect(map.get('plant/plug-22/status')).toBe('plant/+/status');
  });

  it('collapses levels cumulatively from the left', () => {
    const topics = ['a', 'b', 'c'].flatMap((site) =>
      ['press', 'lathe', 'mill'].map((m) => `${site}/${m}/state`),
    );
    expect([...groupSiblings(topics).keys()]).toEqual(['+/+/state']);
  });

  it('stops honouring the filter at #', () => {
    const map = siblingPatterns(['x/kitchen/y/z'], 'x/+/#');
    expect(map.get('x/kitchen/y/z')).toBe('x/+/y/z');
  });
});
