// Unit tests of device id suggestions: case and separators, containment, typos; unrelated levels are not suggested.
import { describe, expect, it } from 'vitest';
import { deviceCandidates } from './device-candidates';

const TOPICS = [
  'zigbee2mqtt/Kitchen_Plug/state',
  'zigbee2mqtt/Kitchen_Plug/availability',
  'home/kitchen-plug-2/power',
  'tele/kitchn-plug/STATE',
  'home/garage/door',
  '$SYS/broker/kitchen-plug',
];

describe('deviceCandidates', () => {
  it('suggests levels that differ in case or separators, contain the id, or are a typo away', () => {
    expect(deviceCandidates('kitchen-plug', TOPICS)).toEqual([
      {
        device_id: 'Kitchen_Plug',
        topic_count: 2,
        example_topic: 'zigbee2mqtt/Kitchen_Plug/state',
      },
      { device_id: 'kitchen-plug-2', topic_count: 1, example_topic: 'home/kitchen-plug-2/power' },
      { device_id: 'kitchn-plug', topic_count: 1, example_topic: 'tele/kitchn-plug/STATE' },
    ]);
  });

  it('suggests nothing for an unrelated id and never the id itself', () => {
    expect(deviceCandidates('boiler', TOPICS)).toEqual([]);
    expect(deviceCandidates('garage', TOPICS)).toEqual([]);
  });
});
