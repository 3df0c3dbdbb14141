// Unit tests of the sensor error value detector: DS18B20 -127/85, 0xFFFF, NaN text; not real 85 % readings.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0, wave } from '../../../test/fixtures/observations';
import { detectSentinels } from './sentinels';

describe('detectSentinels', () => {
  it('names a DS18B20 reporting -127', () => {
    const obs = every('tele/boiler/SENSOR', 10, 1000, (i) => ({
      DS18B20: { Temperature: i === 6 ? -127 : wave(55, i) },
    }));
    const [f] = run(detectSentinels, obs);
    expect(f?.kind).toBe('sensor_error_value');
    expect(f?.subject).toEqual({ topic: 'tele/boiler/SENSOR', device: 'boiler' });
    expect(f?.evidence.field).toBe('DS18B20.Temperature');
    expect(f?.evidence.value).toBe(-127);
    expect(f?.summary).toMatch(/DS18B20 disconnected/);
  });

  it('names 85 on a temperature reading about 21, but not 85 % humidity', () => {
    const temp = every('home/attic/temperature', 10, 1000, (i) => ({
      value: i === 0 ? 85 : wave(21, i),
    }));
    expect(run(detectSentinels, temp)[0]?.evidence.meaning).toMatch(/power-on reset/);
    const humidity = every('home/attic/humidity', 10, 1000, (i) => ({
      value: i === 3 ? 85 : wave(80, i, 4),
    }));
    expect(run(detectSentinels, humidity)).toEqual([]);
  });

  it('names 65535 and NaN text among numbers', () => {
    const obs = [
      ...every('plc/tank/level', 8, 1000, (i) => ({ raw: i === 4 ? 65535 : 1200 + i })),
      ...every('home/shed/temperature', 6, 1000, (i) => (i === 3 ? 'nan' : wave(14, i))),
    ];
    const findings = run(detectSentinels, obs);
    expect(findings.map((f) => [f.subject.topic, f.evidence.value])).toEqual([
      ['plc/tank/level', 65535],
      ['home/shed/temperature', 'nan'],
    ]);
  });

  it('leaves enum-like text fields and healthy readings alone', () => {
    expect(
      run(detectSentinels, [
        ...every('home/hall/presence', 5, 1000, () => ({ state: 'unknown' })),
        ...every('home/hall/temperature', 10, 1000, (i) => ({ value: wave(21, i) })),
        ob('home/hall/rssi', { rssi: -127 }, T0),
      ]),
    ).toEqual([]);
  });
});
