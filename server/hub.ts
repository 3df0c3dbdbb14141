// The hub: the one process root (sessions, journal, live metrics, process parts); the only globalThis entry.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config } from './config';
import type { CaptureStore } from './captures';
import { loadOrCreateToken, secureDataDir } from './data-dir';
import { Core, type CallEvent, type CallOptions, type CallOutcome, type ToolHost } from './core';
import { createLogger, type Logger } from './logger';
import { TrustedProxies } from './http/trusted-proxies';
import { LiveMetrics } from './metrics/live-metrics';
import type { SessionManager } from './mqtt/session-manager';
import { prewarmMqtt } from './mqtt/load-mqtt';
import { ProcessParts } from './process-parts';
import type { Session } from './mqtt/session';
import { recorderOptions, recordLimits } from './recorder/options';
import { recordAccess } from './recorder/record-access';
import { RecordingManager } from './recorder/recording-manager';
import { Store } from './store/store';
import type { JournalEntry } from './store/journal';
import { toolRegistry } from './tools/index';
import type { AnyTool, Caller } from './tools/kit/define-tool';
import type { DemoBroker } from './demo/demo-broker';

const HUB_KEY = Symbol.for('mqtt-mcp.hub');
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const ROLLUP_EVERY_MS = 60 * 1000;

/** Version of this build, from package.json. */
export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
})();

/**
 * The access token: MQTT_MCP_TOKEN, else the one kept in the data dir (generated on first start).
 * When the data dir or its token file cannot be used safely, a fresh token lasts until restart.
 */
function ensureToken(config: Config, log: Logger, dirUsable: boolean): string {
  if (config.MQTT_MCP_TOKEN) return config.MQTT_MCP_TOKEN;
  if (dirUsable) {
    try {
      const stored = loadOrCreateToken(config.MQTT_MCP_DATA_DIR);
      for (const note of stored.notes) log.warn(note);
      return stored.token;
    } catch (err) {
      log.error({ err: (err as Error).message }, 'the token file cannot be used');
    }
  }
  log.warn('the access token is not saved; a new one is generated at the next start');
  return randomBytes(24).toString('base64url');
}

/** Creates or checks the data dir (0700); the reason (logged) when it must not be used. */
function prepareDataDir(config: Config, log: Logger): string | undefined {
  try {
    for (const note of secureDataDir(config.MQTT_MCP_DATA_DIR)) log.warn(note);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    log.error({ err: message }, 'the data directory cannot be used');
    return message;
  }
}

/** A console connection to the demo broker: the session used, and whether it was already open. */
export interface DemoConnection {
  url: string;
  session_id: string;
  broker: string;
  reused: boolean;
}

/** The hub: a ToolHost that journals every call and feeds live metrics. Emits `journal` per entry. */
export class Hub extends EventEmitter implements ToolHost {
  readonly core: Core;
  readonly metrics: LiveMetrics;
  readonly startedAtMs = Date.now();
  readonly token: string;
  readonly trustedProxies: TrustedProxies;
  /** Everything else process-wide: console runs, explorers, slots, the transports' parts. */
  readonly parts: ProcessParts;
  store?: Store;
  storeError?: string;
  /** Recorded sessions (absent without a store). */
  recording?: RecordingManager;
  demo?: DemoBroker;
  private demoStarting?: Promise<DemoBroker>;
  private demoConnecting?: Promise<DemoConnection>;
  private timers: NodeJS.Timeout[] = [];
  private started = false;

  constructor(
    readonly config: Config,
    readonly log: Logger,
    /** The tools this hub serves (default: the registry). */
    tools: readonly AnyTool[] = toolRegistry,
  ) {
    super();
    this.setMaxListeners(1000);
    const dirError = prepareDataDir(config, log);
    try {
      if (dirError) throw new Error(dirError);
      this.store = Store.open(config.MQTT_MCP_DATA_DIR, log);
    } catch (err) {
      this.storeError = (err as Error).message;
      log.error({ err }, 'the store could not be opened; tools keep working without a journal');
    }
    this.core = new Core(config, log, this.store?.profiles, undefined, tools);
    this.metrics = new LiveMetrics(this.core.sessions);
    this.parts = new ProcessParts(this.core.slots);
    this.token = ensureToken(config, log, !dirError);
    this.trustedProxies = new TrustedProxies(config.MQTT_MCP_TRUSTED_PROXY);
    this.core.on('call', (event: CallEvent) => this.onCall(event));
    const store = this.store;
    if (store) {
      this.recording = new RecordingManager({
        log,
        store: store.record,
        sessions: this.core.sessions,
        options: recorderOptions(config),
        limits: () => recordLimits(config),
        recordedProfiles: () => store.profiles.recorded(),
        openProfileSession: (name) => this.openProfileSession(name),
      });
      this.core.record = recordAccess(
        store.record,
        this.recording,
        this.core.sessions,
        store.profiles,
      );
    }
  }

  /** Opens a session for a saved profile as the hub (journaled like any tool call). */
  private async openProfileSession(name: string): Promise<Session> {
    const outcome = await this.core.callTool(
      'mqtt_establish_connection',
      { profile: name },
      { caller: 'hub' },
    );
    if (!outcome.ok) throw outcome.error;
    return this.core.sessions.get(String(outcome.data.session_id));
  }

  /** Starts metrics, retention, recordings and (when configured) the demo broker. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.metrics.start();
    this.trustedProxies.start();
    this.enforceRetention();
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(RETENTION_EVERY_MS, () => this.enforceRetention());
    every(ROLLUP_EVERY_MS, () => this.rollup());
    setTimeout(() => prewarmMqtt(), 100).unref();
    this.recording?.start();
    if (this.config.MQTT_MCP_DEMO_BROKER) {
      await this.startDemo().catch((err: unknown) => this.log.error({ err }, 'demo broker failed'));
    }
    this.log.info({ version: VERSION, store: Boolean(this.store) }, 'mqtt-mcp hub started');
  }

  /** Tools offered to MCP clients. */
  offeredTools(): readonly AnyTool[] {
    return this.core.offeredTools();
  }

  /** Calls a tool through the core (journaled and measured). */
  callTool(name: string, args: unknown, opts: CallOptions): Promise<CallOutcome> {
    return this.core.callTool(name, args, opts);
  }

  /** The core's live sessions. */
  get sessions(): SessionManager {
    return this.core.sessions;
  }

  /** The core's finished captures. */
  get captures(): CaptureStore {
    return this.core.captures;
  }

  /** Names of the saved broker profiles. */
  profileNames(): string[] {
    return this.core.profileNames();
  }

  /**
   * Starts the built-in demo broker (loopback, MQTT_MCP_DEMO_PORT or a free port when taken) with
   * its simulator; while it runs it is the default broker of mqtt_establish_connection.
   */
  async startDemo(): Promise<DemoBroker> {
    this.demoStarting ??= this.launchDemo().finally(() => (this.demoStarting = undefined));
    return this.demoStarting;
  }

  private async launchDemo(): Promise<DemoBroker> {
    if (this.demo) return this.demo;
    const { DemoBroker } = await import('./demo/demo-broker');
    this.demo = await DemoBroker.start({
      log: this.log,
      simulate: true,
      port: this.config.MQTT_MCP_DEMO_PORT,
      portFallback: true,
    });
    this.core.setDemoBroker(this.demo.url);
    this.emit('demo');
    return this.demo;
  }

  /** URL of the demo broker while it runs. */
  demoBrokerUrl(): string | undefined {
    return this.demo?.url;
  }

  /**
   * Starts the demo broker if needed and returns a connected session to it: one already open
   * (a click per visit does not pile up sessions), else a new one through mqtt_establish_connection
   * with its defaults (journaled).
   */
  connectDemo(caller: Caller): Promise<DemoConnection> {
    this.demoConnecting ??= this.openDemoSession(caller).finally(
      () => (this.demoConnecting = undefined),
    );
    return this.demoConnecting;
  }

  private async openDemoSession(caller: Caller): Promise<DemoConnection> {
    const demo = await this.startDemo();
    const existing = this.core.sessions
      .list()
      .find(
        (s) =>
          s.state === 'connected' &&
          s.options.address.scheme === 'mqtt' &&
          s.options.address.host === demo.host &&
          s.options.address.port === demo.port,
      );
    if (existing) {
      existing.touch();
      return { url: demo.url, session_id: existing.id, broker: existing.broker, reused: true };
    }
    const outcome = await this.callTool(
      'mqtt_establish_connection',
      { connection_string: demo.url },
      { caller },
    );
    if (!outcome.ok) throw outcome.error;
    const session = this.core.sessions.get(String(outcome.data.session_id));
    return { url: demo.url, session_id: session.id, broker: session.broker, reused: false };
  }

  /** Stops the demo broker. */
  async stopDemo(): Promise<void> {
    const demo = this.demo;
    this.demo = undefined;
    this.core.setDemoBroker(undefined);
    await demo?.stop();
    this.emit('demo');
  }

  private onCall(event: CallEvent): void {
    const { outcome } = event;
    this.metrics.recordCall(outcome.durationMs, outcome.ok);
    const entry: JournalEntry = {
      id: event.id,
      ts: new Date(event.startedAtMs).toISOString(),
      tool: event.tool,
      caller: event.caller,
      session_id: event.sessionId ?? null,
      args: event.args,
      status: outcome.ok ? 'ok' : 'error',
      error_code: outcome.ok ? null : outcome.error.code,
      error_message: outcome.ok ? null : outcome.error.message,
      duration_ms: Math.round(outcome.durationMs * 1000) / 1000,
      result_bytes: outcome.ok ? Buffer.byteLength(JSON.stringify(outcome.data)) : 0,
      summary: outcome.ok ? outcome.summary : outcome.error.toText().slice(0, 300),
    };
    try {
      this.store?.journal.insert(entry);
    } catch (err) {
      this.log.warn({ err }, 'journal write failed');
    }
    this.emit('journal', entry);
  }

  private enforceRetention(): void {
    try {
      this.store?.enforceRetention(this.config.MQTT_MCP_JOURNAL_RETENTION_DAYS);
    } catch (err) {
      this.log.warn({ err }, 'retention failed');
    }
  }

  private rollup(): void {
    const samples = this.metrics.history().slice(-60);
    if (samples.length === 0 || !this.store) return;
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
    const last = samples.at(-1);
    try {
      this.store.metrics.record({
        minute,
        session_id: null,
        messages: Math.round(samples.reduce((s, x) => s + x.messages_per_s, 0)),
        bytes: Math.round(samples.reduce((s, x) => s + x.bytes_per_s, 0)),
        tool_calls: samples.reduce((s, x) => s + x.tool_calls, 0),
        tool_errors: samples.reduce((s, x) => s + x.tool_errors, 0),
        latency_p50_ms: last?.latency_p50_ms ?? null,
        latency_p95_ms: last?.latency_p95_ms ?? null,
        rss_mb: last?.rss_mb ?? null,
      });
    } catch (err) {
      this.log.warn({ err }, 'metric rollup failed');
    }
  }

  /** Stops everything this hub started. */
  async close(): Promise<void> {
    // First: the recorders' last batches are written before anything awaits I/O.
    const recording = this.recording?.close();
    for (const t of this.timers) clearInterval(t);
    this.metrics.stop();
    this.trustedProxies.stop();
    await recording?.catch((err: unknown) => this.log.warn({ err }, 'recorder stop'));
    await this.stopDemo().catch(() => undefined);
    await this.parts.close().catch((err: unknown) => this.log.warn({ err }, 'process parts stop'));
    await this.core.close();
    this.store?.close();
  }
}

/**
 * The process-wide hub, created on first use (never at build time). The one globalThis entry of
 * the project: Next route bundles may load this module twice, and all must share one hub.
 */
export function getHub(): Hub {
  const g = globalThis as typeof globalThis & { [HUB_KEY]?: Hub };
  if (!g[HUB_KEY]) {
    const config = loadConfig();
    g[HUB_KEY] = new Hub(config, createLogger(config.LOG_LEVEL, config.LOG_FORMAT));
  }
  return g[HUB_KEY];
}

/** Creates and starts the hub; called from instrumentation.ts at server start. */
export async function startHub(): Promise<Hub> {
  const { installPeerAddressStamp } = await import('./http/peer-address');
  installPeerAddressStamp();
  const hub = getHub();
  await hub.start();
  const stop = () => {
    void hub.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return hub;
}
