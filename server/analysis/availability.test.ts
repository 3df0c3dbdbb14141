// Unit tests of online/offline message recognition.
import { describe, expect, it } from 'vitest';
import { availabilityEvents, availabilityOf, textMayAnnounceAvailability } from './availability';
import { msg, T0 } from '../../test/fixtures/message-records';

describe('availabilityOf', () => {
  it.each([
    ['tele/plug1/LWT', 'Online', 'online'],
    ['tele/plug1/LWT', 'Offline', 'offline'],
    ['zigbee2mqtt/bridge/state', 'online', 'online'],
    ['devices/x/status', 'disconnected', 'offline'],
    ['devices/x/connection_status', 'connected', 'online'],
    ['homie/dev/$state', 'ready', 'online'],
    ['homie/dev/$state', 'lost', 'offline'],
    ['devices/x/availability', 'unavailable', 'offline'],
    ['devices/x/will', 'dead', 'offline'],
    ['devices/x/online', 'true', 'online'],
    ['devices/x/online', 'false', 'offline'],
  ])('%s = %s is %s', (topic, payload, expected) => {
    expect(availabilityOf(msg(topic, payload))).toBe(expected);
  });

  it('reads JSON booleans and 1/0 only on online/connected-style levels', () => {
    expect(availabilityOf(msg('devices/x/connected', false))).toBe('offline');
    expect(availabilityOf(msg('devices/x/online', 1))).toBe('online');
    expect(availabilityOf(msg('devices/x/relay_state', true))).toBeUndefined();
    expect(availabilityOf(msg('devices/x/status', 'true'))).toBeUndefined();
    expect(availabilityOf(msg('devices/x/disconnected', true))).toBeUndefined();
  });

  it('reads JSON objects with a state or status field on any topic', () => {
    expect(availabilityOf(msg('devices/x', { state: 'offline', since: 5 }))).toBe('offline');
    expect(availabilityOf(msg('devices/x', { Status: 'Online' }))).toBe('online');
    expect(availabilityOf(msg('devices/x', { connected: false }))).toBe('offline');
    expect(availabilityOf(msg('devices/x', { state: 'ON' }))).toBeUndefined();
    expect(availabilityOf(msg('devices/x', { state: 'ready' }))).toBeUndefined();
  });

  it('ignores ordinary topics and payloads', () => {
    expect(availabilityOf(msg('devices/x/temperature', 'online'))).toBeUndefined();
    expect(availabilityOf(msg('devices/x/state', 'ON'))).toBeUndefined();
    expect(
      availabilityOf(msg('devices/x/status', 'b2ZmbGluZQ==', T0, { payload_format: 'binary' })),
    ).toBeUndefined();
  });
});

describe('availabilityEvents', () => {
  it('lists the events in order with their retained flag', () => {
    const events = availabilityEvents([
      msg('d/x/LWT', 'Offline', T0, { retain: true }),
      msg('d/x/temp', 21, T0 + 1000),
      msg('d/x/LWT', 'Online', T0 + 2000),
    ]);
    expect(events).toEqual([
      { at: '2024-05-01T12:00:00.000Z', topic: 'd/x/LWT', state: 'offline', retained: true },
      { at: '2024-05-01T12:00:02.000Z', topic: 'd/x/LWT', state: 'online', retained: false },
    ]);
  });
});

describe('textMayAnnounceAvailability', () => {
  it('is true exactly for the levels whose text payloads availabilityOf reads', () => {
    expect(textMayAnnounceAvailability('tele/plug1/LWT')).toBe(true);
    expect(textMayAnnounceAvailability('homie/dev/$state')).toBe(true);
    expect(textMayAnnounceAvailability('devices/x/temperature')).toBe(false);
    expect(availabilityOf(msg('devices/x/temperature', 'offline'))).toBeUndefined();
  });
});
