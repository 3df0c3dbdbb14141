// Unit tests of command topic recognition.
import { describe, expect, it } from 'vitest';
import { isCommandTopic } from './command-topics';

describe('isCommandTopic', () => {
  it.each([
    'home/lamp/set',
    'cmnd/plug/POWER',
    'zigbee2mqtt/valve/set/state',
    'esphome/fan/command',
    'plc/line1/write',
    'home/hvac/set_mode',
    'dev/x/RPC',
  ])('%s is a command topic', (topic) => {
    expect(isCommandTopic(topic)).toBe(true);
  });

  it.each([
    'home/lamp/state',
    'home/settings/colour',
    'stat/plug/POWER',
    'home/sunset',
    '$SYS/set',
  ])('%s is not', (topic) => {
    expect(isCommandTopic(topic)).toBe(false);
  });
});
