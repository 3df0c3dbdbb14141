// Fault hardening: broker killed and restarted during every timed tool, misbehaving brokers, DNS failure.
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../server/core';
import { loadMqtt } from '../../server/mqtt/load-mqtt';
import { callErr, callOk, createTestCore } from '../core-harness';
import { startFakeBroker, type FakeBroker } from '../fakes/fake-brokers';
import { mcpCall, mcpError, spawnStdio, type StdioHarness } from '../mcp-stdio';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../mosquitto';
import { mosquittoPid, recordFigures, round, seededRandom, sleep } from './support';

/** Seed of the fault schedule; logged so a failing schedule can be replayed with HARDENING_SEED. */
const SEED = Number(process.env.HARDENING_SEED ?? Date.now() % 2_147_483_647);
const WINDOW_SECONDS = 5;
/** A timed tool may outlive its window by at most this much (TOOLS.md). */
const GRACE_MS = 1000;
/** How long a session may take to come back after the last restart (backoff 1, 2, 4 s). */
const RECOVERY_LIMIT_MS = 15_000;

const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => void rejections.push(reason);

interface Outage {
  from: string;
  to: string | null;
  seconds: number;
  reason: string;
}

interface WindowData {
  session_id: string;
  duration_seconds: number;
  stop_reason: string;
  outages: Outage[];
  outage_note?: string;
}

interface SessionRow {
  session_id: string;
  state: string;
  subscriptions: Array<{ filter: string; qos: number }>;
  last_error?: string;
  reconnects: number;
  oversize_payloads: number;
}

interface ChaosEvent {
  kill_at_ms: number;
  restart_at_ms: number;
}

/**
 * Kills (SIGKILL) and restarts the broker 2-3 times at seeded random moments inside a window that
 * started at `t0`: first kill 0.5-1.5 s in (after SUBACK), down 0.1-0.7 s, 0.2-0.9 s between.
 */
async function chaos(
  broker: MosquittoBroker,
  rng: () => number,
  t0: number,
  windowMs: number,
): Promise<ChaosEvent[]> {
  const events: ChaosEvent[] = [];
  const kills = rng() < 0.5 ? 2 : 3;
  let next = 500 + rng() * 1000;
  for (let i = 0; i < kills && next < windowMs - 700; i++) {
    await sleep(Math.max(0, next - (Date.now() - t0)));
    const killAt = Date.now() - t0;
    await broker.kill();
    await sleep(100 + rng() * 600);
    await broker.start();
    const restartAt = Date.now() - t0;
    events.push({ kill_at_ms: killAt, restart_at_ms: restartAt });
    next = restartAt + 200 + rng() * 700;
  }
  return events;
}

/** A client that publishes a small JSON reading on `topic` every 50 ms while connected. */
async function startTicker(url: string, topic: string): Promise<{ stop(): Promise<void> }> {
  const client = await connectAsync(url, { reconnectPeriod: 200, connectTimeout: 2000 });
  client.on('error', () => undefined);
  let n = 0;
  const timer = setInterval(() => {
    if (client.connected) client.publish(topic, JSON.stringify({ n: n++, temp: 20 + (n % 7) }));
  }, 50);
  return {
    stop: async () => {
      clearInterval(timer);
      await client.endAsync(true).catch(() => undefined);
    },
  };
}

/** Publishes `payload` on `topic` every 250 ms until `until` settles (at most `maxMs`). */
async function publishUntil(
  client: MqttClient,
  topic: string,
  until: Promise<unknown>,
  maxMs: number,
): Promise<void> {
  let settled = false;
  void until.finally(() => {
    settled = true;
  });
  const deadline = Date.now() + maxMs;
  while (!settled && Date.now() < deadline) {
    if (client.connected) client.publish(topic, 'ping');
    await sleep(250);
  }
}

/** How a timed tool is called in the fault cases, and how much it saw. */
interface TimedCase {
  tool: string;
  args(tag: string): Record<string, unknown>;
  seen(data: Record<string, unknown>): number;
}

/** The arguments of a tool that watches the case's topics for the window, plus its own. */
const watching = (tag: string, extra: Record<string, unknown> = {}) => ({
  topic_pattern: `fault/${tag}/#`,
  duration_seconds: WINDOW_SECONDS,
  ...extra,
});

const TIMED: TimedCase[] = [
  {
    tool: 'mqtt_list_topics',
    args: (tag) => watching(tag),
    seen: (d) => d.window_message_count as number,
  },
  {
    tool: 'mqtt_subscribe_and_collect',
    args: (tag) => watching(tag, { max_messages: 10_000 }),
    seen: (d) => d.received_count as number,
  },
  {
    tool: 'mqtt_get_topic_schema',
    args: (tag) => watching(tag, { max_messages: 5000 }),
    seen: (d) => d.message_count as number,
  },
  {
    tool: 'mqtt_debug_device',
    args: (tag) => ({
      device_id: `dev-${tag}`,
      duration_seconds: WINDOW_SECONDS,
      max_messages: 10_000,
    }),
    seen: (d) => d.message_count as number,
  },
  {
    tool: 'mqtt_monitor_performance',
    args: (tag) => watching(tag),
    seen: (d) => (d.traffic as { messages: number }).messages,
  },
];

/** Something that lists sessions: the in-process core or the stdio client. */
type ListSessions = () => Promise<SessionRow[]>;

/** Polls until the session is connected again; returns how long that took. */
async function waitConnected(list: ListSessions, sessionId: string): Promise<SessionRow> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  let last: SessionRow | undefined;
  while (Date.now() < deadline) {
    last = (await list()).find((s) => s.session_id === sessionId);
    if (last?.state === 'connected') return last;
    await sleep(200);
  }
  throw new Error(
    `session ${sessionId} not connected ${RECOVERY_LIMIT_MS} ms after the faults: ${JSON.stringify(last)}`,
  );
}

/** Figures of one fault case for bench/results/hardening.json. */
interface FaultFigure {
  tool: string;
  via: 'core' | 'stdio';
  kills: number;
  elapsed_ms: number;
  window_seconds: number;
  outages: number;
  down_seconds: number;
  messages_seen: number;
  recovered_after_last_restart_ms: number;
}

const figures: FaultFigure[] = [];

/** One fault case's figures: the run's kills and timings, and what the tool reported through them. */
function faultFigure(
  tool: string,
  via: FaultFigure['via'],
  run: { kills: number; elapsed: number; recoveredMs: number },
  data: { outages: Outage[] },
  messagesSeen: number,
): FaultFigure {
  return {
    tool,
    via,
    kills: run.kills,
    elapsed_ms: run.elapsed,
    window_seconds: WINDOW_SECONDS,
    outages: data.outages.length,
    down_seconds: round(
      data.outages.reduce((sum, o) => sum + o.seconds, 0),
      2,
    ),
    messages_seen: messagesSeen,
    recovered_after_last_restart_ms: run.recoveredMs,
  };
}

describe.runIf(mosquittoAvailable())('broker killed and restarted during every timed tool', () => {
  let broker: MosquittoBroker;
  let core: Core;
  let control: MqttClient;
  const rng = seededRandom(SEED);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    console.log(
      `[hardening/faults] fault schedule seed ${SEED} (replay with HARDENING_SEED=${SEED})`,
    );
    broker = await startMosquitto({ debugLog: false });
    core = createTestCore({ MQTT_MCP_MAX_SESSIONS: '10' });
    control = await connectAsync(broker.url, { reconnectPeriod: 200, connectTimeout: 2000 });
    control.on('error', () => undefined);
  });

  afterAll(async () => {
    await control?.endAsync(true).catch(() => undefined);
    await core?.close();
    await broker?.stop();
  });

  const list: ListSessions = async () =>
    (await callOk<{ sessions: SessionRow[] }>(core, 'mqtt_list_active_connections', {})).sessions;

  it.each(TIMED)(
    '$tool returns its partial result with the outages, and the session recovers with its subscriptions',
    async ({ tool, args, seen }) => {
      const tag = tool.replace(/^mqtt_/, '').replace(/_/g, '-');
      const ticker = await startTicker(broker.url, `fault/${tag}/dev-${tag}/temp`);
      const opened = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
        connection_string: broker.url,
        connect_timeout_seconds: 3,
      });
      const sid = opened.session_id;
      try {
        // A subscription held across the faults: proves resubscription after each reconnect.
        const sentinelFilter = `sentinel/${tag}`;
        const sentinel = core.callTool(
          'mqtt_subscribe_and_collect',
          { session_id: sid, topic_pattern: sentinelFilter, duration_seconds: 60, max_messages: 1 },
          { caller: 'test' },
        );
        for (let i = 0; i < 50; i++) {
          const row = (await list()).find((s) => s.session_id === sid);
          if (row?.subscriptions.some((s) => s.filter === sentinelFilter)) break;
          await sleep(20);
        }

        const t0 = Date.now();
        const call = core.callTool(tool, { session_id: sid, ...args(tag) }, { caller: 'test' });
        const faults = chaos(broker, rng, t0, WINDOW_SECONDS * 1000);
        const outcome = await call;
        const elapsed = Date.now() - t0;
        const events = await faults;
        expect(broker.isRunning()).toBe(true);
        const lastRestart = t0 + (events.at(-1)?.restart_at_ms ?? 0);

        if (!outcome.ok) throw new Error(`${tool} failed: ${outcome.error.message}`);
        const data = outcome.data as unknown as WindowData & Record<string, unknown>;
        expect(events.length).toBeGreaterThanOrEqual(2);
        expect(elapsed).toBeLessThanOrEqual(WINDOW_SECONDS * 1000 + GRACE_MS);
        expect(data.stop_reason).toBe('duration');
        expect(data.outages.length).toBeGreaterThanOrEqual(1);
        expect(data.outage_note).toMatch(
          /the broker connection was down for [\d.]+ s of this window/,
        );
        expect(seen(data)).toBeGreaterThan(0);

        const row = await waitConnected(list, sid);
        const recoveredMs = Date.now() - lastRestart;
        expect(row.subscriptions.map((s) => s.filter)).toContain(sentinelFilter);
        expect(row.reconnects).toBeGreaterThanOrEqual(1);

        // The sentinel subscription (made before the faults) receives a message published now.
        await publishUntil(control, sentinelFilter, sentinel, 8000);
        const held = await sentinel;
        if (!held.ok) throw new Error(`sentinel collect failed: ${held.error.message}`);
        expect(held.data.received_count).toBe(1);
        expect(held.data.stop_reason).toBe('max_messages');
        expect((held.data.outages as Outage[]).length).toBeGreaterThanOrEqual(1);

        // And a new collect after the recovery works as on a fresh session.
        const fresh = callOk<{ received_count: number; outages: Outage[] }>(
          core,
          'mqtt_subscribe_and_collect',
          { session_id: sid, topic_pattern: `after/${tag}`, duration_seconds: 5, max_messages: 1 },
        );
        await publishUntil(control, `after/${tag}`, fresh, 5000);
        const after = await fresh;
        expect(after.received_count).toBe(1);
        expect(after.outages).toEqual([]);

        figures.push(
          faultFigure(
            tool,
            'core',
            { kills: events.length, elapsed, recoveredMs },
            data,
            seen(data),
          ),
        );
        expect(rejections).toEqual([]);
      } finally {
        await ticker.stop();
        await core.callTool('mqtt_close_connection', { session_id: sid }, { caller: 'test' });
      }
    },
    60_000,
  );

  it('through the spawned stdio server: collect survives the kills, the process stays up', async () => {
    let stdio: StdioHarness | undefined;
    const tag = 'stdio';
    const ticker = await startTicker(broker.url, `fault/${tag}/dev-${tag}/temp`);
    try {
      stdio = await spawnStdio({ LOG_LEVEL: 'warn' });
      const client = stdio.client;
      const opened = await mcpCall<{ session_id: string }>(client, 'mqtt_establish_connection', {
        connection_string: broker.url,
        connect_timeout_seconds: 3,
      });
      const sid = opened.session_id;
      const sentinelFilter = `sentinel/${tag}`;
      const sentinel = mcpCall<{ received_count: number; outages: Outage[] }>(
        client,
        'mqtt_subscribe_and_collect',
        { session_id: sid, topic_pattern: sentinelFilter, duration_seconds: 60, max_messages: 1 },
      );
      await sleep(300);
      const t0 = Date.now();
      const call = mcpCall<WindowData & { received_count: number }>(
        client,
        'mqtt_subscribe_and_collect',
        { session_id: sid, topic_pattern: `fault/${tag}/#`, duration_seconds: WINDOW_SECONDS },
      );
      const faults = chaos(broker, rng, t0, WINDOW_SECONDS * 1000);
      const data = await call;
      const elapsed = Date.now() - t0;
      const events = await faults;
      const lastRestart = t0 + (events.at(-1)?.restart_at_ms ?? 0);
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(elapsed).toBeLessThanOrEqual(WINDOW_SECONDS * 1000 + GRACE_MS);
      expect(data.outages.length).toBeGreaterThanOrEqual(1);
      expect(data.outage_note).toMatch(/down for/);
      expect(data.received_count).toBeGreaterThan(0);

      const listStdio: ListSessions = async () =>
        (await mcpCall<{ sessions: SessionRow[] }>(client, 'mqtt_list_active_connections'))
          .sessions;
      await waitConnected(listStdio, sid);
      const recoveredMs = Date.now() - lastRestart;
      await publishUntil(control, sentinelFilter, sentinel, 8000);
      const held = await sentinel;
      expect(held.received_count).toBe(1);
      expect(held.outages.length).toBeGreaterThanOrEqual(1);

      // The process is alive and logged no crash or unhandled rejection.
      expect(stdio.pid).toBeTypeOf('number');
      expect(() => process.kill(stdio!.pid!, 0)).not.toThrow();
      expect(stdio.stderr()).not.toMatch(/unhandled|fatal|uncaught/i);
      figures.push(
        faultFigure(
          'mqtt_subscribe_and_collect',
          'stdio',
          { kills: events.length, elapsed, recoveredMs },
          data,
          data.received_count,
        ),
      );
    } finally {
      await ticker.stop();
      await stdio?.close();
    }
  }, 60_000);

  it('records the figures, and no unhandled rejection fired in this process', () => {
    expect(rejections).toEqual([]);
    expect(figures.length).toBe(TIMED.length + 1);
    recordFigures('faults', {
      seed: SEED,
      window_seconds: WINDOW_SECONDS,
      grace_ms: GRACE_MS,
      cases: figures,
      max_elapsed_over_window_ms: Math.max(
        ...figures.map((f) => f.elapsed_ms - f.window_seconds * 1000),
      ),
      max_recovery_after_last_restart_ms: Math.max(
        ...figures.map((f) => f.recovered_after_last_restart_ms),
      ),
      unhandled_rejections: rejections.length,
    });
    process.off('unhandledRejection', onRejection);
  });
});

describe.runIf(mosquittoAvailable())('a frozen broker (SIGSTOP): TCP up, no answers', () => {
  let broker: MosquittoBroker;
  let core: Core;
  let control: MqttClient;
  let pid: number;
  const freeze = () => process.kill(pid, 'SIGSTOP');
  const thaw = () => process.kill(pid, 'SIGCONT');

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    broker = await startMosquitto({ debugLog: false });
    const found = mosquittoPid(broker.dir);
    if (found === undefined) throw new Error('the test broker has no pid');
    pid = found;
    core = createTestCore();
    control = await connectAsync(broker.url, { reconnectPeriod: 0 });
  });

  afterAll(async () => {
    if (pid) thaw();
    await control?.endAsync(true).catch(() => undefined);
    await core?.close();
    await broker?.stop();
    process.off('unhandledRejection', onRejection);
  });

  it('frozen before SUBSCRIBE: TIMEOUT at the end of the window; the failed filter leaves no trace', async () => {
    const { session_id } = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: broker.url,
      protocol_version: 5,
    });
    freeze();
    let elapsed: number;
    let err: Awaited<ReturnType<typeof callErr>>;
    try {
      const t0 = Date.now();
      err = await callErr(core, 'mqtt_subscribe_and_collect', {
        session_id,
        topic_pattern: 'phantom/#',
        duration_seconds: 2,
      });
      elapsed = Date.now() - t0;
    } finally {
      thaw();
    }
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/no SUBACK/);
    expect(elapsed).toBeLessThanOrEqual(2000 + GRACE_MS);
    await sleep(300);

    // An overlapping filter subscribed afterwards gets every message exactly once: the timed-out
    // filter's MQTT 5 subscription identifier must not outrank it in the duplicate filter.
    const collecting = callOk<{ received_count: number }>(core, 'mqtt_subscribe_and_collect', {
      session_id,
      topic_pattern: 'phantom/+',
      duration_seconds: 2,
    });
    await sleep(300);
    await control.publishAsync('phantom/x', 'one', { qos: 1 });
    await control.publishAsync('phantom/y', 'two', { qos: 1 });
    expect((await collecting).received_count).toBe(2);
    await callOk(core, 'mqtt_close_connection', { session_id });
  });

  it('frozen in the middle of the window: the tool still returns on time', async () => {
    const { session_id } = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: broker.url,
    });
    const t0 = Date.now();
    const call = core.callTool(
      'mqtt_list_topics',
      { session_id, topic_pattern: 'frozen/#', duration_seconds: 3 },
      { caller: 'test' },
    );
    await sleep(300);
    await control.publishAsync('frozen/a', '1', { qos: 1 });
    await sleep(700);
    freeze();
    let outcome: Awaited<typeof call>;
    try {
      outcome = await call;
    } finally {
      thaw();
    }
    expect(Date.now() - t0).toBeLessThanOrEqual(3000 + GRACE_MS);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.data.stop_reason).toBe('duration');
    expect(outcome.data.topic_count).toBe(1);
    await callOk(core, 'mqtt_close_connection', { session_id });
    expect(rejections).toEqual([]);
  });
});

describe('misbehaving brokers and DNS give distinct, clear errors in time', () => {
  let core: Core;
  const fakes: FakeBroker[] = [];
  const start = async (...args: Parameters<typeof startFakeBroker>) => {
    const fake = await startFakeBroker(...args);
    fakes.push(fake);
    return fake;
  };
  /** Opens a session on `fake` (2 s connect timeout, and `extra` arguments); returns its id. */
  const open = async (fake: FakeBroker, extra: Record<string, unknown> = {}) => {
    const opened = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: fake.url,
      connect_timeout_seconds: 2,
      ...extra,
    });
    return opened.session_id;
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    core = createTestCore({ MQTT_MCP_MAX_SESSIONS: '20' });
    // MQTT.js is imported on first connect; warm it so the timings below measure the protocol.
    await loadMqtt();
  });

  afterAll(async () => {
    await core?.close();
    await Promise.all(fakes.map((f) => f.close()));
    process.off('unhandledRejection', onRejection);
  });

  it.each([4, 5] as const)(
    'a broker that accepts TCP and never answers CONNECT: TIMEOUT within the connect timeout (MQTT %i)',
    async (version) => {
      const fake = await start('silent');
      const t0 = Date.now();
      const err = await callErr(core, 'mqtt_establish_connection', {
        connection_string: fake.url,
        protocol_version: version,
        connect_timeout_seconds: 2,
      });
      const elapsed = Date.now() - t0;
      expect(err.code).toBe('TIMEOUT');
      expect(err.message).toMatch(/did not answer CONNECT within 2 s/);
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(elapsed).toBeLessThanOrEqual(2000 + GRACE_MS);
      expect(fake.connections()).toBe(1);
      expect(
        (await callOk<{ count: number }>(core, 'mqtt_list_active_connections', {})).count,
      ).toBe(0);
    },
  );

  it.each([4, 5] as const)(
    'a broker that drops the connection right after CONNACK: the session opens, then reports the drop and backs off (MQTT %i)',
    async (version) => {
      const fake = await start('drop-after-connack');
      const sid = await open(fake, { protocol_version: version });
      const t0 = Date.now();
      let row: SessionRow | undefined;
      for (let i = 0; i < 40; i++) {
        const out = await callOk<{ sessions: SessionRow[] }>(
          core,
          'mqtt_list_active_connections',
          {},
        );
        row = out.sessions.find((s) => s.session_id === sid);
        if (row && row.state !== 'connected') break;
        await sleep(25);
      }
      expect(['reconnecting', 'offline']).toContain(row?.state);
      expect(row?.last_error).toMatch(/closed the connection \d+ ms after accepting it/);

      // A timed tool on it now is refused with the reason, or (caught connected) states the outage.
      const outcome = await core.callTool(
        'mqtt_subscribe_and_collect',
        { session_id: sid, topic_pattern: 'x/#', duration_seconds: 1 },
        { caller: 'test' },
      );
      if (outcome.ok) {
        expect((outcome.data.outages as Outage[]).length).toBeGreaterThanOrEqual(1);
      } else {
        expect(outcome.error.code).toBe('NOT_CONNECTED');
        expect(outcome.error.message).toMatch(/closed the connection/);
      }

      // The backoff grows (1, 2, 4 s) because each connection dies young: no reconnect storm.
      await sleep(Math.max(0, 7500 - (Date.now() - t0)));
      expect(fake.connects()).toBeGreaterThanOrEqual(3);
      expect(fake.connects()).toBeLessThanOrEqual(5);
      await callOk(core, 'mqtt_close_connection', { session_id: sid });
    },
    20_000,
  );

  it('a broker that drops the connection 1.5 s after CONNACK: collect returns what it has with the outage', async () => {
    const fake = await start('drop-after-connack', { dropAfterMs: 1500 });
    const sid = await open(fake);
    const t0 = Date.now();
    const out = await callOk<WindowData & { received_count: number }>(
      core,
      'mqtt_subscribe_and_collect',
      { session_id: sid, topic_pattern: 'x/#', duration_seconds: 3 },
    );
    expect(Date.now() - t0).toBeLessThanOrEqual(3000 + GRACE_MS);
    expect(out.outages.length).toBeGreaterThanOrEqual(1);
    expect(out.outages[0]?.reason).toMatch(/closed the connection/);
    expect(out.outage_note).toMatch(/down for/);
    await callOk(core, 'mqtt_close_connection', { session_id: sid });
  });

  it.each([
    [4, 0x80, /SUBACK reason code 128: unspecified error/],
    [5, 0x87, /SUBACK reason code 135: not authorized/],
  ] as const)(
    'a broker that refuses subscriptions: BROKER_REJECTED with the SUBACK reason code (MQTT %i)',
    async (version, code, text) => {
      const fake = await start('refuse-subscribe');
      const sid = await open(fake, { protocol_version: version });
      for (const [tool, args] of [
        ['mqtt_subscribe_and_collect', { topic_pattern: 'secret/#', duration_seconds: 3 }],
        ['mqtt_list_topics', { topic_pattern: 'secret/#', duration_seconds: 3 }],
      ] as const) {
        const t0 = Date.now();
        const err = await callErr(core, tool, { session_id: sid, ...args });
        expect(Date.now() - t0).toBeLessThan(1000);
        expect(err.code).toBe('BROKER_REJECTED');
        expect(err.message).toMatch(text);
        expect(err.message).toContain('"secret/#"');
        expect(err.details).toMatchObject({ reason_code: code, filter: 'secret/#' });
      }
      const row = (
        await callOk<{ sessions: SessionRow[] }>(core, 'mqtt_list_active_connections', {})
      ).sessions.find((s) => s.session_id === sid);
      expect(row?.state).toBe('connected');
      expect(row?.subscriptions).toEqual([]);
      await callOk(core, 'mqtt_close_connection', { session_id: sid });
    },
  );

  it('a broker that never answers SUBSCRIBE: TIMEOUT at the end of the window, not a hang', async () => {
    const fake = await start('ignore-subscribe');
    const sid = await open(fake);
    const t0 = Date.now();
    const err = await callErr(core, 'mqtt_subscribe_and_collect', {
      session_id: sid,
      topic_pattern: 'x/#',
      duration_seconds: 2,
    });
    const elapsed = Date.now() - t0;
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/did not acknowledge the subscription to "x\/#" within 2 s/);
    expect(elapsed).toBeLessThanOrEqual(2000 + GRACE_MS);
    expect(fake.subscribes()).toBe(1);
    await callOk(core, 'mqtt_close_connection', { session_id: sid });
  });

  it('a broker that never answers UNSUBSCRIBE: the tool still returns within its window + 1 s', async () => {
    const fake = await start('ignore-unsubscribe');
    const sid = await open(fake);
    const t0 = Date.now();
    const out = await callOk<WindowData>(core, 'mqtt_list_topics', {
      session_id: sid,
      topic_pattern: 'x/#',
      duration_seconds: 2,
    });
    expect(Date.now() - t0).toBeLessThanOrEqual(2000 + GRACE_MS);
    expect(out.stop_reason).toBe('duration');
    await callOk(core, 'mqtt_close_connection', { session_id: sid });
  });

  it('a host name that does not resolve: CONNECTION_FAILED naming DNS, well within the timeout', async () => {
    const t0 = Date.now();
    const err = await callErr(core, 'mqtt_establish_connection', {
      connection_string: 'mqtt://no-such-host.invalid:1883',
      connect_timeout_seconds: 5,
    });
    const elapsed = Date.now() - t0;
    // `.invalid` is reserved (RFC 6761): resolvers answer NXDOMAIN at once; a resolver that hangs
    // instead would hit the connect timeout, which this machine's does not.
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toMatch(/does not resolve \(DNS (ENOTFOUND|EAI_AGAIN|EAI_NONAME)\)/);
    expect(err.message).toContain('no-such-host.invalid');
    expect(elapsed).toBeLessThanOrEqual(5000 + GRACE_MS);
  });

  it('through the spawned stdio server: unresolvable host and silent broker', async () => {
    const fake = await start('silent');
    const stdio = await spawnStdio({ LOG_LEVEL: 'warn' });
    try {
      // First in this process: it also loads MQTT.js, which the DNS failure does not wait on.
      let t0 = Date.now();
      const dns = await mcpError(stdio.client, 'mqtt_establish_connection', {
        connection_string: 'mqtt://no-such-host.invalid:1883',
        connect_timeout_seconds: 5,
      });
      const dnsMs = Date.now() - t0;
      expect(dns).toMatch(/^CONNECTION_FAILED: .*does not resolve \(DNS /);
      expect(dnsMs).toBeLessThanOrEqual(5000 + GRACE_MS);
      t0 = Date.now();
      const timeout = await mcpError(stdio.client, 'mqtt_establish_connection', {
        connection_string: fake.url,
        connect_timeout_seconds: 2,
      });
      const timeoutMs = Date.now() - t0;
      expect(timeout).toMatch(/^TIMEOUT: .*did not answer CONNECT within 2 s/);
      expect(timeoutMs, timeout).toBeLessThanOrEqual(2000 + GRACE_MS);
      expect(stdio.stderr()).not.toMatch(/unhandled|fatal|uncaught/i);
    } finally {
      await stdio.close();
    }
  });

  it('no unhandled rejection fired', () => {
    expect(rejections).toEqual([]);
  });
});
