// Unit tests of command topic recognition.
import { describe } from 'vitest';
import { isCommandTopic } from './command-topics';
import { itReturns } from '../../test/each-case';

describe('isCommandTopic', () => {
  itReturns('%s is a command topic: %s', isCommandTopic, [
    ['home/lamp/set', true],
    ['cmnd/plug/POWER', true],
    ['zigbee2mqtt/valve/set/state', true],
    ['esphome/fan/command', true],
    ['plc/line1/write', true],
    ['home/hvac/set_mode', true],
    ['dev/x/RPC', true],
    ['home/lamp/state', false],
    ['home/settings/colour', false],
    ['stat/plug/POWER', false],
    ['home/sunset', false],
    ['$SYS/set', false],
  ]);
});
