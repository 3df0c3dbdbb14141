// The planted installation: healthy controls and one device per fault, each a function of the tick number.
import type { FindingKind } from '../../diagnosis/finding';

/** Where a device publishes, and the scenario's clock and randomness. */
export interface TickContext {
  prefix: string;
  /** Milliseconds of one tick. */
  tickMs: number;
  /** Wall-clock time of this tick. */
  nowMs: number;
  random: () => number;
  publish(topic: string, payload: string | Buffer | object, retain?: boolean): void;
}

/** One simulated device: what it retains at start and what it publishes on each tick. */
export interface PlantedDevice {
  /** Device id (a topic level). */
  device: string;
  /** The finding it must produce, on which topic; absent for a healthy control. */
  fault?: { name: string; kind: FindingKind; topic: string };
  setup?(ctx: TickContext): void;
  tick(n: number, ctx: TickContext): void;
}

/** Ticks after which the periodic faults repeat, so any window of this many ticks shows them all. */
export const CYCLE_TICKS = 20;

const MINUTE = 60_000;
const ROOMS = ['lobby', 'office', 'canteen', 'workshop', 'store', 'lab'];
const MACHINES = ['m1', 'm2', 'm3', 'm4', 'm5'];

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function noise(ctx: TickContext, spread: number): number {
  return (ctx.random() * 2 - 1) * spread;
}

function room(name: string, index: number): PlantedDevice {
  const topic = (p: string) => `${p}/rooms/${name}/climate`;
  const reading = (n: number, ctx: TickContext) => ({
    temperature: round(20 + index * 0.6 + Math.sin(n / 4 + index) + noise(ctx, 0.2)),
    humidity: round(45 + index + 3 * Math.cos(n / 5 + index) + noise(ctx, 0.5)),
    ts: iso(ctx.nowMs),
  });
  if (name === 'store') {
    return {
      device: name,
      fault: {
        name: 'frozen sensor among varying siblings',
        kind: 'frozen_value',
        topic: topic(''),
      },
      tick: (_n, ctx) =>
        ctx.publish(topic(ctx.prefix), { temperature: 19.4, humidity: 51, ts: iso(ctx.nowMs) }),
    };
  }
  if (name === 'lab') {
    return {
      device: name,
      fault: { name: 'spike among room temperatures', kind: 'outlier', topic: topic('') },
      tick: (n, ctx) => {
        const r = reading(n, ctx);
        ctx.publish(topic(ctx.prefix), n % 15 === 11 ? { ...r, temperature: 412.7 } : r);
      },
    };
  }
  return { device: name, tick: (n, ctx) => ctx.publish(topic(ctx.prefix), reading(n, ctx)) };
}

function plug(device: string, behaviour: 'healthy' | 'flapping' | 'takeover'): PlantedDevice {
  const status = (p: string) => `${p}/plugs/${device}/status`;
  const power = (n: number, ctx: TickContext) =>
    ctx.publish(`${ctx.prefix}/plugs/${device}/power`, {
      w: round(40 + 5 * Math.sin(n / 3) + noise(ctx, 1)),
    });
  const fault =
    behaviour === 'flapping'
      ? { name: 'flapping plug', kind: 'flapping' as const, topic: status('') }
      : behaviour === 'takeover'
        ? {
            name: 'client-id takeover pair',
            kind: 'client_id_takeover' as const,
            topic: status(''),
          }
        : undefined;
  return {
    device,
    ...(fault ? { fault } : {}),
    setup: (ctx) => ctx.publish(status(ctx.prefix), 'online', true),
    tick(n, ctx) {
      if (behaviour === 'flapping') {
        // Online for 3 ticks, away for 2: the Last Will, then the birth message.
        const phase = n % 5;
        if (phase === 3) ctx.publish(status(ctx.prefix), 'offline', true);
        if (phase === 0) ctx.publish(status(ctx.prefix), 'online', true);
        if (phase < 3) power(n, ctx);
        return;
      }
      if (behaviour === 'takeover' && n % 2 === 0) {
        // Each connect kicks the other client off: its Last Will and the new birth at once.
        ctx.publish(status(ctx.prefix), 'offline', true);
        ctx.publish(status(ctx.prefix), 'online', true);
      }
      power(n, ctx);
    },
  };
}

/** How one member of a sibling group behaves; `topic` is its topic under the scenario prefix. */
type Member = (m: {
  device: string;
  faulty: boolean;
  topic: (prefix: string) => string;
}) => Pick<PlantedDevice, 'setup' | 'tick'>;

/** A group of like devices (the same topic under `/<group>/<device>/<leaf>`), one of them faulty. */
function siblings(
  devices: string[],
  path: (device: string) => string,
  fault: { device: string; name: string; kind: FindingKind },
  member: Member,
): PlantedDevice[] {
  return devices.map((device) => {
    const faulty = device === fault.device;
    const topic = (prefix: string) => `${prefix}${path(device)}`;
    return {
      device,
      ...(faulty ? { fault: { name: fault.name, kind: fault.kind, topic: path(device) } } : {}),
      ...member({ device, faulty, topic }),
    };
  });
}

/** Every device of the planted installation, healthy controls included. */
export function plantedDevices(): PlantedDevice[] {
  return [
    ...ROOMS.map(room),
    plug('plug-1', 'healthy'),
    plug('plug-2', 'healthy'),
    plug('plug-3', 'flapping'),
    plug('plug-5', 'takeover'),
    {
      device: 'plug-7',
      fault: { name: 'offline device', kind: 'offline', topic: '/plugs/plug-7/status' },
      setup: (ctx) =>
        ctx.publish(
          `${ctx.prefix}/plugs/plug-7/status`,
          { state: 'offline', ts: iso(ctx.nowMs - 10 * MINUTE) },
          true,
        ),
      tick: () => undefined,
    },
    {
      device: 'valve-1',
      fault: {
        name: 'retained command on a set topic',
        kind: 'retained_command',
        topic: '/valves/valve-1/set',
      },
      setup: (ctx) => ctx.publish(`${ctx.prefix}/valves/valve-1/set`, 'OPEN', true),
      tick: (n, ctx) => ctx.publish(`${ctx.prefix}/valves/valve-1/state`, { position: 'open', n }),
    },
    {
      device: 'valve-2',
      tick: (n, ctx) =>
        ctx.publish(`${ctx.prefix}/valves/valve-2/state`, { position: 'closed', n }),
    },
    ...siblings(
      ['boiler-1', 'boiler-2'],
      (d) => `/boilers/${d}/sensor`,
      { device: 'boiler-2', name: 'DS18B20 -127 error value', kind: 'sensor_error_value' },
      ({ faulty, topic }) => ({
        tick(n, ctx) {
          const t = round(55 + 2 * Math.sin(n / 5) + noise(ctx, 0.2));
          const value = faulty && n % 6 === 4 ? -127 : t;
          ctx.publish(topic(ctx.prefix), { DS18B20: { Temperature: value } });
        },
      }),
    ),
    ...siblings(
      MACHINES,
      (id) => `/machines/${id}/telemetry`,
      { device: 'm4', name: 'speed became a string', kind: 'schema_drift' },
      ({ faulty, topic }) => ({
        tick(n, ctx) {
          const speed = Math.round(1450 + 20 * Math.sin(n / 3) + noise(ctx, 5));
          ctx.publish(topic(ctx.prefix), {
            speed: faulty ? String(speed) : speed,
            spindle_temp: round(41 + Math.sin(n / 6) + noise(ctx, 0.3)),
            ts: iso(ctx.nowMs),
          });
        },
      }),
    ),
    ...siblings(
      ['station-1', 'station-2'],
      (d) => `/weather/${d}/data`,
      { device: 'station-2', name: 'device clock two hours behind', kind: 'clock_skew' },
      ({ faulty, topic }) => ({
        tick(n, ctx) {
          const skew = faulty ? 2 * 60 * MINUTE : 0;
          ctx.publish(topic(ctx.prefix), {
            wind: round(3 + Math.sin(n / 2) + noise(ctx, 0.3)),
            ts: iso(ctx.nowMs - skew),
          });
        },
      }),
    ),
    ...siblings(
      ['gw-1', 'gw-7'],
      (d) => `/gateways/${d}/readings`,
      { device: 'gw-7', name: 'backlog replayed out of order', kind: 'backlog_replay' },
      ({ faulty, topic }) => ({
        tick(n, ctx) {
          if (faulty && n % CYCLE_TICKS === 2) {
            // Back from an outage: twelve buffered readings, a minute apart, shuffled.
            const order = [5, 2, 9, 0, 7, 3, 11, 1, 8, 4, 10, 6];
            for (const k of order) {
              ctx.publish(topic(ctx.prefix), {
                v: round(10 + k / 10),
                ts: iso(ctx.nowMs - (12 - k) * MINUTE),
              });
            }
          }
          ctx.publish(topic(ctx.prefix), { v: round(10 + noise(ctx, 0.5)), ts: iso(ctx.nowMs) });
        },
      }),
    ),
    ...siblings(
      ['tracker-1', 'tracker-4'],
      (d) => `/trackers/${d}/position`,
      { device: 'tracker-4', name: 'lossy counter', kind: 'sequence_gap' },
      ({ faulty, topic }) => {
        let seq = 0;
        return {
          tick(n, ctx) {
            seq++;
            // tracker-4 loses one message in five.
            if (faulty && n % 5 === 2) return;
            ctx.publish(topic(ctx.prefix), {
              seq,
              lat: round(52.52 + n * 1e-5, 5),
              lon: round(13.4 + n * 1e-5, 5),
            });
          },
        };
      },
    ),
    ...siblings(
      ['scale-1', 'scale-2'],
      (d) => `/scales/${d}/weight`,
      { device: 'scale-2', name: 'mixed payload formats', kind: 'mixed_formats' },
      ({ faulty, topic }) => ({
        tick(n, ctx) {
          const g = Math.round(500 + 10 * Math.sin(n / 4) + noise(ctx, 2));
          if (faulty && n % 5 === 1) ctx.publish(topic(ctx.prefix), `weight=${g}g`);
          else if (faulty && n % 7 === 3) {
            ctx.publish(topic(ctx.prefix), Buffer.from([0xde, 0xad, 0x00, 0x13, 0x37, 0xff]));
          } else ctx.publish(topic(ctx.prefix), { g });
        },
      }),
    ),
    ...siblings(
      ['tank-1', 'tank-2', 'tank-3'],
      (d) => `/tanks/${d}/level`,
      { device: 'tank-3', name: 'stale retained value', kind: 'stale_retained' },
      ({ faulty, topic }) => ({
        setup: (ctx) => {
          if (!faulty) return;
          const ts = iso(ctx.nowMs - 3 * 24 * 60 * MINUTE);
          ctx.publish(topic(ctx.prefix), { cm: 80, ts }, true);
        },
        tick(n, ctx) {
          if (faulty) return;
          const cm = round(120 - n * 0.1 + noise(ctx, 0.2));
          ctx.publish(topic(ctx.prefix), { cm, ts: iso(ctx.nowMs) }, true);
        },
      }),
    ),
    ...siblings(
      ['hub-1', 'hub-2'],
      (d) => `/hubs/${d}/heartbeat`,
      { device: 'hub-2', name: 'missed heartbeats', kind: 'missed_heartbeat' },
      ({ device, faulty, topic }) => ({
        setup: (ctx) => ctx.publish(`${ctx.prefix}/hubs/${device}/status`, 'online', true),
        tick(n, ctx) {
          // hub-2 goes quiet for 4 ticks in every cycle without dropping its connection.
          const quiet = faulty && n % CYCLE_TICKS >= 12 && n % CYCLE_TICKS < 16;
          if (quiet) return;
          ctx.publish(topic(ctx.prefix), {
            uptime_s: Math.round((n * ctx.tickMs) / 1000) + 3600,
          });
        },
      }),
    ),
  ];
}
