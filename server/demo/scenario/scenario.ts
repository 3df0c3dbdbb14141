// A seeded, fault-planting installation published through any MQTT client, with compressible timing.
import type { FindingKind } from '../../diagnosis/finding';
import { CYCLE_TICKS, plantedDevices, type PlantedDevice, type TickContext } from './plan';
import { seededRandom } from './random';

/** The one method of an MQTT client the scenario uses (MQTT.js's MqttClient fits). */
export interface ScenarioClient {
  publish(
    topic: string,
    message: string | Buffer,
    opts: { qos: 0 | 1; retain: boolean },
    callback?: (error?: Error) => void,
  ): unknown;
}

/** How the scenario runs. */
export interface ScenarioOptions {
  /** Topic prefix of the installation (default `plant`). */
  prefix?: string;
  /** Seed of the noise and the losses (default 1). */
  seed?: number;
  /** Milliseconds per tick, the pace of every device (default 1000; tests use ~250). */
  tickMs?: number;
}

/** A fault planted on purpose: the finding kind it must produce, on which device and topic. */
export interface PlantedFault {
  name: string;
  kind: FindingKind;
  device: string;
  topic: string;
}

/** Ticks a diagnosis window should span to see every planted fault. */
export const TICKS_TO_SEE_ALL = CYCLE_TICKS + 5;

/** A running planted installation; stop() ends its timer (its retained values stay). */
export class FaultScenario {
  /** The faults planted, with where they must be named. */
  readonly faults: PlantedFault[];
  /** Devices that publish normally and must get no finding. */
  readonly healthy: string[];
  readonly prefix: string;
  readonly tickMs: number;
  private readonly devices: PlantedDevice[];
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private n = 0;

  constructor(
    private readonly client: ScenarioClient,
    options: ScenarioOptions = {},
  ) {
    this.prefix = options.prefix ?? 'plant';
    this.tickMs = options.tickMs ?? 1000;
    this.random = seededRandom(options.seed ?? 1);
    this.devices = plantedDevices();
    this.faults = this.devices.flatMap((d) =>
      d.fault ? [{ ...d.fault, device: d.device, topic: `${this.prefix}${d.fault.topic}` }] : [],
    );
    this.healthy = this.devices.filter((d) => !d.fault).map((d) => d.device);
  }

  /** Publishes the retained state of every device and starts ticking. */
  start(): this {
    const ctx = this.context();
    for (const d of this.devices) d.setup?.(ctx);
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    return this;
  }

  /** Runs `count` ticks at once (no timer), e.g. to prefill a window. */
  runTicks(count: number): void {
    for (let i = 0; i < count; i++) this.tick();
  }

  /** Stops ticking. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const ctx = this.context();
    const n = this.n++;
    for (const d of this.devices) d.tick(n, ctx);
  }

  private context(): TickContext {
    return {
      prefix: this.prefix,
      tickMs: this.tickMs,
      nowMs: Date.now(),
      random: this.random,
      publish: (topic, payload, retain = false) => {
        const message =
          typeof payload === 'string' || Buffer.isBuffer(payload)
            ? payload
            : JSON.stringify(payload);
        this.client.publish(topic, message, { qos: 0, retain }, () => undefined);
      },
    };
  }
}
