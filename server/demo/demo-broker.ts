// Built-in demo broker: aedes (MQTT 3.1.1 only) on loopback, with $SYS figures and fake devices.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { DeviceSimulator, type SimulatorTuning } from './simulator';

/** Options of the demo broker; it listens on loopback only. */
export interface DemoBrokerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** When `port` is taken, listen on a free port instead of failing (default false). */
  portFallback?: boolean;
  /** Interface to listen on: loopback only. */
  host?: '127.0.0.1';
  /** Start the device simulator (default true). */
  simulate?: boolean;
  /** Pace of the simulator (tests run it faster). */
  simulator?: SimulatorTuning;
  log: Logger;
}

/** Live figures of the demo broker. */
export interface DemoBrokerStats {
  clients: number;
  messages_published: number;
  uptime_seconds: number;
  simulator: boolean;
}

/** Protocol version to connect with: aedes 1.x refuses an MQTT 5 CONNECT (return code 1). */
export const DEMO_PROTOCOL_VERSION = 4;

const LOOPBACK = '127.0.0.1';
const SYS_INTERVAL_MS = 5000;

/** An in-process aedes broker on 127.0.0.1 with simulated devices, for a first run. */
export class DemoBroker {
  /** URL to connect to (mqtt://127.0.0.1:PORT), with protocol version 4. */
  readonly url: string;
  /** Port actually listened on. */
  readonly port: number;
  /** Address actually listened on (always 127.0.0.1). */
  readonly host: string;
  private readonly startedAtMs = Date.now();
  private sysTimer?: NodeJS.Timeout;
  private simulator?: DeviceSimulator;
  private published = 0;
  private stopping?: Promise<void>;

  private constructor(
    private readonly aedes: Aedes,
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly log: Logger,
  ) {
    const address = server.address() as AddressInfo;
    this.port = address.port;
    this.host = address.address;
    this.url = `mqtt://${LOOPBACK}:${this.port}`;
  }

  /** Starts aedes on 127.0.0.1 (a free port by default) and, unless simulate is false, devices. */
  static async start(opts: DemoBrokerOptions): Promise<DemoBroker> {
    const host: string = opts.host ?? LOOPBACK;
    if (host !== LOOPBACK)
      throw new Error(`the demo broker listens on ${LOOPBACK} only, not ${host}`);
    const { Aedes } = await import('aedes');
    const aedes = await Aedes.createBroker();
    numberPacketsInEmitOrder(aedes);
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      aedes.handle(socket);
    });
    try {
      await listenWithFallback(server, opts.port ?? 0, opts.portFallback ?? false, opts.log);
    } catch (err) {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      throw err;
    }
    const demo = new DemoBroker(aedes, server, sockets, opts.log);
    demo.wire();
    if (opts.simulate ?? true) {
      try {
        demo.simulator = await DeviceSimulator.start({
          ...opts.simulator,
          url: demo.url,
          log: opts.log,
        });
      } catch (err) {
        await demo.stop();
        throw err;
      }
    }
    demo.startSys();
    opts.log.info(
      { url: demo.url, simulator: demo.simulator !== undefined },
      'demo broker started (MQTT 3.1.1 only)',
    );
    return demo;
  }

  /** Connected clients, messages published by clients, uptime and whether the simulator runs. */
  stats(): DemoBrokerStats {
    return {
      clients: this.aedes.connectedClients ?? 0,
      messages_published: this.published,
      uptime_seconds: Math.floor((Date.now() - this.startedAtMs) / 1000),
      simulator: this.simulator !== undefined,
    };
  }

  /** Stops the simulator, the $SYS timer, aedes and the listener, and closes every socket. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.sysTimer);
    this.sysTimer = undefined;
    const simulator = this.simulator;
    this.simulator = undefined;
    await simulator?.stop();
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await serverClosed;
    this.log.info({ url: this.url }, 'demo broker stopped');
  }

  private wire(): void {
    this.aedes.on('publish', (packet, client) => {
      if (client && !packet.topic.startsWith('$SYS/')) this.published++;
    });
    this.aedes.on('clientError', (client, err) =>
      this.log.debug({ clientId: client?.id, err: err.message }, 'demo broker client error'),
    );
    this.aedes.on('connectionError', (_client, err) =>
      this.log.debug({ err: err.message }, 'demo broker connection refused'),
    );
  }

  /** Publishes the $SYS figures now (the simulator's clients are counted) and every 5 s. */
  private startSys(): void {
    this.publishSys();
    this.sysTimer = setInterval(() => this.publishSys(), SYS_INTERVAL_MS);
    this.sysTimer.unref();
  }

  /** Publishes Mosquitto-style figures under $SYS/broker/, retained for new subscribers. */
  private publishSys(): void {
    const stats = this.stats();
    const figures: Array<[string, string]> = [
      ['version', `aedes-${aedesVersion(this.aedes)} (mqtt-mcp demo)`],
      ['uptime', `${stats.uptime_seconds} seconds`],
      ['clients/connected', String(stats.clients)],
      ['messages/received', String(stats.messages_published)],
    ];
    for (const [name, value] of figures) {
      this.aedes.publish(
        {
          cmd: 'publish',
          topic: `$SYS/broker/${name}`,
          payload: Buffer.from(value),
          qos: 0,
          retain: true,
          dup: false,
        },
        (err) => {
          if (err) this.log.debug({ err: err.message }, 'demo broker $SYS publish failed');
        },
      );
    }
  }
}

interface AedesInternals {
  counter: number;
  mq: { emit: (packet: { brokerId?: string; brokerCounter?: number }, cb?: unknown) => unknown };
}

/**
 * Works around a message loss in aedes 1.2: each client drops a packet whose brokerCounter is not
 * above the last one it received (its guard against cluster duplicates), but the counter is taken
 * when a publish starts, and QoS 1/2 or retained publishes reach the emitter later (async storage)
 * than a QoS 0 publish started after them. A subscriber of both (e.g. `#` plus `$SYS/#`) then
 * silently missed Last Wills and retained updates. Numbering packets as they are emitted keeps the
 * guard (one copy for overlapping subscriptions) without the loss.
 */
function numberPacketsInEmitOrder(aedes: Aedes): void {
  const internals = aedes as unknown as AedesInternals;
  const emit = internals.mq.emit.bind(internals.mq);
  internals.mq.emit = (packet, cb) => {
    if (packet.brokerId === aedes.id) packet.brokerCounter = ++internals.counter;
    return emit(packet, cb);
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Listens on `port`; when it is taken and `fallback` is set, on a free port instead. */
async function listenWithFallback(
  server: Server,
  port: number,
  fallback: boolean,
  log: Logger,
): Promise<void> {
  try {
    await listen(server, port);
  } catch (err) {
    if (!fallback || port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    log.info({ port }, 'demo broker port taken; listening on a free port instead');
    await listen(server, 0);
  }
}

/** The aedes version: the broker exposes it as a getter its type declarations leave out. */
function aedesVersion(aedes: Aedes): string {
  const version = (aedes as unknown as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
