// Unit tests of $SYS parsing: well-known Mosquitto figures, load averages, bounded value keeping.
import { describe, expect, it } from 'vitest';
import {
  brokerFiguresReport,
  isBrokerSysTopic,
  leadingNumber,
  parseBrokerFigures,
  SysValues,
} from './broker-sys';
import { itReturns } from '../../test/each-case';

describe('leadingNumber', () => {
  itReturns('reads the number at the start of the figure %j: %s', leadingNumber, [
    ['1234 seconds', 1234],
    [' 12.5', 12.5],
    ['-3', -3],
    ['1e3', 1000],
    ['mosquitto version 2.0.11', undefined],
    ['', undefined],
  ]);
});

describe('isBrokerSysTopic', () => {
  itReturns('accepts only $SYS/broker/ topics: %s is %s', isBrokerSysTopic, [
    ['$SYS/broker/uptime', true],
    ['$SYS/brokers/x/version', false],
    ['sensors/broker/uptime', false],
  ]);
});

describe('parseBrokerFigures', () => {
  it('parses the Mosquitto figures', () => {
    const values = new Map([
      ['$SYS/broker/version', 'mosquitto version 2.0.11'],
      ['$SYS/broker/uptime', '42 seconds'],
      ['$SYS/broker/clients/connected', '3'],
      ['$SYS/broker/clients/total', '4'],
      ['$SYS/broker/clients/maximum', '5'],
      ['$SYS/broker/messages/received', '100'],
      ['$SYS/broker/messages/sent', '90'],
      ['$SYS/broker/bytes/received', '1000'],
      ['$SYS/broker/bytes/sent', '900'],
      ['$SYS/broker/subscriptions/count', '7'],
      ['$SYS/broker/retained messages/count', '12'],
      ['$SYS/broker/heap/current', '52000'],
      ['$SYS/broker/load/messages/received/1min', '60.51'],
      ['$SYS/broker/load/messages/sent/5min', '30.00'],
      ['$SYS/broker/load/connections/15min', 'n/a'],
    ]);
    expect(parseBrokerFigures(values)).toEqual({
      version: 'mosquitto version 2.0.11',
      uptime_seconds: 42,
      clients_connected: 3,
      clients_total: 4,
      clients_maximum: 5,
      messages_received: 100,
      messages_sent: 90,
      bytes_received: 1000,
      bytes_sent: 900,
      subscriptions: 7,
      retained_messages: 12,
      heap_current_bytes: 52_000,
      load: { 'messages/received/1min': 60.51, 'messages/sent/5min': 30 },
    });
  });

  it('falls back to clients/active for older brokers', () => {
    const values = new Map([['$SYS/broker/clients/active', '2']]);
    expect(parseBrokerFigures(values).clients_connected).toBe(2);
  });

  it('returns only an empty load map when nothing is known', () => {
    expect(parseBrokerFigures(new Map())).toEqual({ load: {} });
  });
});

describe('SysValues', () => {
  it('keeps the latest value per topic and ignores other topics', () => {
    const sys = new SysValues();
    sys.record('$SYS/broker/uptime', '1 seconds');
    sys.record('$SYS/broker/uptime', '2 seconds');
    sys.record('sensors/x', '1');
    expect([...sys.values]).toEqual([['$SYS/broker/uptime', '2 seconds']]);
  });

  it('cuts long values and bounds the topics kept', () => {
    const sys = new SysValues(2, 5);
    sys.record('$SYS/broker/b', '1234567');
    sys.record('$SYS/broker/a', 'x');
    sys.record('$SYS/broker/c', 'y');
    sys.record('$SYS/broker/c', 'y');
    expect(sys.droppedCount).toBe(1);
    expect(sys.listed(10)).toEqual({
      figures: { '$SYS/broker/a': 'x', '$SYS/broker/b': '12345' },
      not_listed: 1,
    });
    expect(sys.listed(1)).toEqual({ figures: { '$SYS/broker/a': 'x' }, not_listed: 2 });
  });
});

describe('brokerFiguresReport', () => {
  it('parses and lists what came, without a note', () => {
    const sys = new SysValues();
    sys.record('$SYS/broker/version', 'mosquitto version 2.0.11');
    sys.record('$SYS/broker/uptime', '42 seconds');
    expect(brokerFiguresReport(sys, 1, { missing: 'nothing' })).toEqual({
      available: true,
      version: 'mosquitto version 2.0.11',
      uptime_seconds: 42,
      load: {},
      figures: { '$SYS/broker/uptime': '42 seconds' },
      figures_not_listed: 1,
      note: undefined,
    });
  });

  it('says why nothing came: the subscription error first, else the missing note', () => {
    const empty = new SysValues();
    expect(brokerFiguresReport(empty, 10, { missing: 'no $SYS' })).toMatchObject({
      available: false,
      figures: {},
      figures_not_listed: 0,
      note: 'no $SYS',
    });
    expect(brokerFiguresReport(empty, 10, { error: 'refused', missing: 'no $SYS' }).note).toBe(
      'no broker figures: refused',
    );
  });
});
