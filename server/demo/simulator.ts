// Device simulator for the demo broker: sensors, a thermostat with a Last Will, a pump, and more.
import { randomBytes } from 'node:crypto';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { loadMqtt } from '../mqtt/load-mqtt';

/** Pace of the simulator; tests run it faster. */
export interface SimulatorTuning {
  /** Multiplier of the pace: 10 makes every interval ten times shorter (default 1). */
  speed?: number;
  /** Milliseconds between drops of thermostat-01, not scaled (default ~60 s / speed). */
  dropEveryMs?: number;
  /** Milliseconds thermostat-01 stays away after a drop, not scaled (default ~10 s / speed). */
  offlineMs?: number;
}

/** Where the simulator connects and how fast it runs. */
export interface SimulatorOptions extends SimulatorTuning {
  /** URL of the demo broker (mqtt://127.0.0.1:PORT). */
  url: string;
  log: Logger;
}

/** Root of every simulated topic. */
export const DEMO_PREFIX = 'demo';

const THERMOSTAT = `${DEMO_PREFIX}/devices/thermostat-01`;
const PUMP = `${DEMO_PREFIX}/devices/pump-07`;
const CONNECT_TIMEOUT_MS = 5000;
const END_TIMEOUT_MS = 1000;
const MIN_INTERVAL_MS = 10;

/** Base intervals at speed 1, in milliseconds. */
const BASE = {
  sensor: 2000,
  meter: 1000,
  heartbeat: 5000,
  thermostatState: 15_000,
  drop: 60_000,
  offline: 10_000,
  pumpPressure: 5000,
  pumpError: 20_000,
  pumpWarning: 45_000,
  camera: 10_000,
  door: 15_000,
  kettle: 45_000,
} as const;

const ROOMS = [
  { room: 'living_room', temperature: 21.5, humidity: 45 },
  { room: 'kitchen', temperature: 23, humidity: 55 },
  { room: 'garage', temperature: 12, humidity: 70 },
] as const;

const SENSORS = [
  { sensor: 'temperature', unit: '°C', amplitude: 1.5, noise: 0.1 },
  { sensor: 'humidity', unit: '%', amplitude: 8, noise: 0.5 },
] as const;

const INFO =
  'mqtt-mcp demo broker (aedes, MQTT 3.1.1 only: protocol_version auto falls back to it, or use protocol_version 4). Simulated ' +
  'devices under demo/#: JSON sensors demo/home/<room>/<sensor>, thermostat-01 with a Last Will ' +
  'that drops every minute, pump-07 with errors and warnings, a binary camera snapshot, a power ' +
  'meter (plain number) and a door (text). Broker figures under $SYS/broker/#.';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IHDR = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const SNAPSHOT_BYTES = 256;

const MODES = ['heat', 'eco', 'away'] as const;

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function jitter(ms: number, spread = 0.2): number {
  return ms * (1 - spread + Math.random() * 2 * spread);
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** Simulated devices publishing to the demo broker as ordinary MQTT 3.1.1 clients. */
export class DeviceSimulator {
  private readonly clients = new Set<MqttClient>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly speed: number;
  private readonly startedAtMs = Date.now();
  private readonly battery = new Map<string, number>();
  private stopped = false;
  private heartbeatSeq = 0;
  private kettleReadings = 0;
  private doorOpen = false;
  private thermostat = { setpoint: 21, mode: 'heat' as (typeof MODES)[number] };

  private constructor(private readonly opts: SimulatorOptions) {
    this.speed = opts.speed !== undefined && opts.speed > 0 ? opts.speed : 1;
  }

  /** Connects the simulated devices, publishes their first values and starts their timers. */
  static async start(opts: SimulatorOptions): Promise<DeviceSimulator> {
    const sim = new DeviceSimulator(opts);
    try {
      await sim.run();
    } catch (err) {
      await sim.stop();
      throw err;
    }
    return sim;
  }

  /** Clears every timer and ends every client; safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const ending = [...this.clients].map((client) => this.end(client));
    this.clients.clear();
    await Promise.all(ending);
  }

  private async run(): Promise<void> {
    const [gateway, thermostat, pump] = await Promise.all([
      this.connect('demo-gateway'),
      this.connect('thermostat-01', {
        reconnectPeriod: 0,
        will: {
          topic: `${THERMOSTAT}/status`,
          payload: Buffer.from('offline'),
          qos: 1,
          retain: true,
        },
      }),
      this.connect('pump-07', {
        will: { topic: `${PUMP}/status`, payload: Buffer.from('offline'), qos: 1, retain: true },
      }),
    ]);
    this.startGateway(gateway);
    this.startThermostat(thermostat);
    this.startPump(pump);
  }

  private async connect(
    clientId: string,
    extra: Partial<IClientOptions> = {},
  ): Promise<MqttClient> {
    const mqtt = await loadMqtt();
    if (this.stopped) throw new Error('the simulator was stopped while starting');
    const client = mqtt.connect(this.opts.url, {
      clientId,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...extra,
    });
    this.clients.add(client);
    client.on('connect', () => {
      const stream = client.stream as { setNoDelay?: (v: boolean) => void } | undefined;
      stream?.setNoDelay?.(true);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(new Error(`demo device ${clientId} got no CONNACK within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      const onConnect = () => {
        done();
        resolve();
      };
      const onError = (err: Error) => {
        done();
        reject(err);
      };
      const done = () => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
      };
      client.once('connect', onConnect);
      client.once('error', onError);
    });
    client.on('error', (err) =>
      this.opts.log.debug({ clientId, err: err.message }, 'demo device error'),
    );
    return client;
  }

  private end(client: MqttClient): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        client.end(true);
        resolve();
      }, END_TIMEOUT_MS);
      timer.unref();
      client.end(false, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Scales a base interval by the speed. */
  private scaled(ms: number): number {
    return Math.max(MIN_INTERVAL_MS, ms / this.speed);
  }

  /** Seconds of simulated time since start (drives the slow sine-wave drift). */
  private simSeconds(): number {
    return ((Date.now() - this.startedAtMs) * this.speed) / 1000;
  }

  /** Runs fn after delayMs, a one-shot timer tracked for stop(). */
  private after(delayMs: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Runs fn every ~baseMs (scaled, with jitter when spread > 0), first after firstMs (scaled). */
  private every(baseMs: number, fn: () => void, firstMs = baseMs, spread = 0): void {
    const next = (ms: number) =>
      this.after(this.scaled(jitter(ms, spread)), () => {
        fn();
        next(baseMs);
      });
    next(firstMs);
  }

  private send(
    client: MqttClient,
    topic: string,
    payload: string | Buffer,
    qos: 0 | 1 = 0,
    retain = false,
  ): void {
    if (this.stopped || !client.connected) return;
    client.publish(topic, payload, { qos, retain }, (err) => {
      if (err) this.opts.log.debug({ topic, err: err.message }, 'demo publish failed');
    });
  }

  private startGateway(client: MqttClient): void {
    this.send(client, `${DEMO_PREFIX}/info`, INFO, 1, true);
    this.send(client, `${DEMO_PREFIX}/door/front`, 'closed', 1, true);
    this.publishSensors(client);
    this.every(BASE.sensor, () => this.publishSensors(client));
    this.every(BASE.meter, () => this.publishMeter(client));
    this.every(BASE.kettle, () => (this.kettleReadings = 3), BASE.kettle, 0.3);
    this.every(BASE.camera, () => this.publishSnapshot(client), BASE.camera / 5);
    this.every(
      BASE.door,
      () => {
        this.doorOpen = !this.doorOpen;
        this.send(client, `${DEMO_PREFIX}/door/front`, this.doorOpen ? 'open' : 'closed', 1, true);
      },
      BASE.door,
      0.4,
    );
  }

  private publishSensors(client: MqttClient): void {
    const t = this.simSeconds();
    ROOMS.forEach((room, r) => {
      SENSORS.forEach((s, i) => {
        const key = `${room.room}/${s.sensor}`;
        const battery = Math.max(5, (this.battery.get(key) ?? 70 + Math.random() * 30) - 0.01);
        this.battery.set(key, battery);
        const phase = (2 * Math.PI * t) / 600 + r + i * 0.7;
        const base = room[s.sensor];
        const value = base + s.amplitude * Math.sin(phase) + (Math.random() * 2 - 1) * s.noise;
        const reading: Record<string, unknown> = {
          value: round(value, 1),
          unit: s.unit,
          battery: Math.random() < 0.03 ? null : Math.round(battery),
          ts: new Date().toISOString(),
        };
        if (Math.random() < 0.1) {
          const roll = Math.random();
          reading.rssi =
            roll < 0.2 ? 'ERR' : roll < 0.35 ? null : -Math.round(40 + Math.random() * 50);
        }
        this.send(client, `${DEMO_PREFIX}/home/${key}`, JSON.stringify(reading));
      });
    });
  }

  private publishMeter(client: MqttClient): void {
    const t = this.simSeconds();
    let watts = 350 + 150 * Math.sin((2 * Math.PI * t) / 300) + Math.random() * 50;
    if (this.kettleReadings > 0) {
      this.kettleReadings--;
      watts += 2000;
    }
    this.send(client, `${DEMO_PREFIX}/power/meter/watts`, round(watts, 1).toString());
  }

  private publishSnapshot(client: MqttClient): void {
    const rest = randomBytes(SNAPSHOT_BYTES - PNG_SIGNATURE.length - PNG_IHDR.length);
    this.send(
      client,
      `${DEMO_PREFIX}/camera/front/snapshot`,
      Buffer.concat([PNG_SIGNATURE, PNG_IHDR, rest]),
    );
  }

  private startThermostat(client: MqttClient): void {
    const announce = () => {
      this.send(client, `${THERMOSTAT}/status`, 'online', 1, true);
      this.publishThermostatState(client);
    };
    client.on('connect', announce);
    announce();
    this.every(BASE.heartbeat, () => {
      this.heartbeatSeq++;
      const beat = {
        seq: this.heartbeatSeq,
        uptime_s: Math.round(this.simSeconds()),
        ts: new Date().toISOString(),
      };
      this.send(client, `${THERMOSTAT}/heartbeat`, JSON.stringify(beat));
    });
    this.every(
      BASE.thermostatState,
      () => {
        if (Math.random() < 0.3) this.thermostat.mode = pick(MODES);
        const delta = pick([-0.5, 0.5, 1, -1]);
        this.thermostat.setpoint = Math.min(25, Math.max(16, this.thermostat.setpoint + delta));
        this.publishThermostatState(client);
      },
      BASE.thermostatState,
      0.3,
    );
    this.scheduleDrop(client);
  }

  private publishThermostatState(client: MqttClient): void {
    const room = ROOMS[0];
    const current = room.temperature + 1.5 * Math.sin((2 * Math.PI * this.simSeconds()) / 600);
    const state = {
      setpoint: this.thermostat.setpoint,
      mode: this.thermostat.mode,
      current_temperature: round(current, 1),
      heating: this.thermostat.mode !== 'away' && current < this.thermostat.setpoint,
      ts: new Date().toISOString(),
    };
    this.send(client, `${THERMOSTAT}/state`, JSON.stringify(state), 1, true);
  }

  /** Drops thermostat-01 abruptly (the broker publishes its Last Will), then brings it back. */
  private scheduleDrop(client: MqttClient): void {
    const everyMs = this.opts.dropEveryMs ?? this.scaled(jitter(BASE.drop, 0.1));
    const offlineMs = this.opts.offlineMs ?? this.scaled(jitter(BASE.offline, 0.1));
    this.after(everyMs, () => {
      if (client.connected) {
        this.opts.log.debug('demo thermostat-01 drops its connection');
        client.stream.destroy();
      }
      this.after(offlineMs, () => {
        if (!client.connected) client.reconnect();
        this.scheduleDrop(client);
      });
    });
  }

  private startPump(client: MqttClient): void {
    this.send(client, `${PUMP}/status`, 'online', 1, true);
    client.on('connect', () => this.send(client, `${PUMP}/status`, 'online', 1, true));
    this.every(BASE.pumpPressure, () => {
      const bar =
        3.2 + 0.6 * Math.sin((2 * Math.PI * this.simSeconds()) / 240) + Math.random() * 0.1;
      const reading = {
        pressure_bar: round(bar, 2),
        rpm: Math.round(1400 + Math.random() * 60),
        ts: new Date().toISOString(),
      };
      this.send(client, `${PUMP}/telemetry`, JSON.stringify(reading));
    });
    const error = JSON.stringify({
      level: 'error',
      code: 'E42',
      message: 'pressure sensor timeout',
    });
    this.every(
      BASE.pumpError,
      () => this.send(client, `${PUMP}/error`, error, 1),
      BASE.pumpError / 4,
      0.2,
    );
    const warning = JSON.stringify({
      level: 'warning',
      code: 'W17',
      message: 'pressure above 4.2 bar',
    });
    this.every(
      BASE.pumpWarning,
      () => this.send(client, `${PUMP}/warning`, warning, 1),
      BASE.pumpWarning / 3,
      0.3,
    );
  }
}
