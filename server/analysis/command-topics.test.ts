// Unit tests of command topic recognition.
import { describe } from 'vitest';
import { isCommandTopic } from './command-topics';
import { itReturnsFor } from '../../test/each-case';

describe('isCommandTopic', () => {
  itReturnsFor('%s is a command topic', isCommandTopic, true, [
    'home/lamp/set',
    'cmnd/plug/POWER',
    'zigbee2mqtt/valve/set/state',
    'esphome/fan/command',
    'plc/line1/write',
    'home/hvac/set_mode',
    'dev/x/RPC',
  ]);

  itReturnsFor('%s is not', isCommandTopic, false, [
    'home/lamp/state',
    'home/settings/colour',
    'stat/plug/POWER',
    'home/sunset',
    '$SYS/set',
  ]);
});
