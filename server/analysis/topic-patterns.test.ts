// Unit tests of topic generalisation into patterns.
import { describe, expect, it } from 'vitest';
import { generalizeTopic, groupTopics, isIdLevel } from './topic-patterns';
import { itReturns, itReturnsFor } from '../../test/each-case';

describe('isIdLevel', () => {
  itReturnsFor('%s is an id', isIdLevel, true, [
    '42',
    '0007',
    '3f2b1c4e-9a7d-4e1f-8c3b-2a1d5e6f7a8b',
    '3F2B1C4E-9A7D-4E1F-8C3B-2A1D5E6F7A8B',
    'a4:cf:12:34:56:78',
    'A4-CF-12-34-56-78',
    'a4cf12345678',
    'a1b2c3d4',
    '00ff12ab99',
    'sensor_17',
    'node-3',
    'living_room_2',
    'shelly-7C87CE',
    'shellyplus1pm-a8032ab12345',
    'device0042',
    'esp8266',
    'x9K2mP4qR7tL0wZ5',
    'm1',
    'M01',
    'ab12',
    'k7x2',
    'a1b2c3',
  ]);

  itReturnsFor('%s is kept', isIdLevel, false, [
    'temperature',
    'living_room',
    'floor1',
    'floor12',
    'esp32',
    'zigbee2mqtt',
    'deadbeef',
    'sensor-v2',
    'living-room-beef',
    'homeassistant',
    'abc',
    'ds18b20x',
    '',
    '+',
    '#',
  ]);
});

describe('generalizeTopic', () => {
  itReturns('replaces only the id-like levels: %s becomes %s', generalizeTopic, [
    ['devices/device0042/sensors/temperature', 'devices/+/sensors/temperature'],
    ['home/floor1/living_room/sensor_17/state', 'home/floor1/living_room/+/state'],
    ['fleet/17/3f2b1c4e-9a7d-4e1f-8c3b-2a1d5e6f7a8b/gps', 'fleet/+/+/gps'],
  ]);

  itReturns('keeps empty levels and wildcards: %s becomes %s', generalizeTopic, [
    ['/a//42/', '/a//+/'],
    ['sensors/+/12/#', 'sensors/+/+/#'],
  ]);

  itReturns('leaves the $ topic %s untouched', generalizeTopic, [
    ['$SYS/broker/clients/123', '$SYS/broker/clients/123'],
    ['$share/g/devices/42', '$share/g/devices/42'],
  ]);
});

describe('groupTopics', () => {
  it('groups distinct topics by pattern in order of first appearance', () => {
    const groups = groupTopics([
      'home/kitchen/temperature',
      'devices/1/status',
      'devices/2/status',
      'devices/1/status',
      'home/kitchen/temperature',
      'devices/a1b2c3d4e5/status',
    ]);
    expect([...groups.keys()]).toEqual(['home/kitchen/temperature', 'devices/+/status']);
    expect(groups.get('devices/+/status')).toEqual([
      'devices/1/status',
      'devices/2/status',
      'devices/a1b2c3d4e5/status',
    ]);
    expect(groups.get('home/kitchen/temperature')).toEqual(['home/kitchen/temperature']);
  });

  it('returns an empty map for no topics', () => {
    expect(groupTopics([]).size).toBe(0);
  });
});
