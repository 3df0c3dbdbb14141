// Integration tests of the demo broker and its device simulator, with a plain MQTT.js subscriber.
import { Server, Socket, connect as tcpConnect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { connectAsync, connect, type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOk, createTestCore } from '../../test/core-harness';
import { DEMO_PROTOCOL_VERSION, DemoBroker } from './demo-broker';
import { TICKS_TO_SEE_ALL } from './scenario/scenario';

interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
  atMs: number;
}

const log = pino({ level: 'silent' });

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when the port refuses connections (nothing listens), false when it accepts one. */
function portClosed(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('DemoBroker', () => {
  let demo: DemoBroker;
  let client: MqttClient;
  const received: Received[] = [];

  async function waitFor(
    match: (m: Received) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  beforeAll(async () => {
    demo = await DemoBroker.start({
      log,
      simulator: { speed: 10, dropEveryMs: 1500, offlineMs: 500 },
    });
    client = await connectAsync(demo.url, {
      protocolVersion: DEMO_PROTOCOL_VERSION,
      reconnectPeriod: 0,
    });
    client.on('message', (topic, payload, packet) =>
      received.push({ topic, payload, retain: packet.retain, atMs: Date.now() }),
    );
    await client.subscribeAsync(['#', '$SYS/#']);
  });

  afterAll(async () => {
    await client?.endAsync();
    await demo?.stop();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(demo.host).toBe('127.0.0.1');
    expect(demo.url).toBe(`mqtt://127.0.0.1:${demo.port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await portClosed(demo.port, external.address)).toBe(true);
    await expect(
      DemoBroker.start({ log, host: '0.0.0.0' as '127.0.0.1', simulate: false }),
    ).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('publishes JSON sensor readings that parse', async () => {
    const m = await waitFor((r) => /^demo\/home\/[a-z_]+\/(temperature|humidity)$/.test(r.topic));
    const reading = JSON.parse(m.payload.toString('utf8')) as Record<string, unknown>;
    expect(typeof reading.value).toBe('number');
    expect(['°C', '%']).toContain(reading.unit);
    expect(typeof reading.ts).toBe('string');
    expect(new Date(reading.ts as string).toISOString()).toBe(reading.ts);
  });

  it('has a retained online status for thermostat-01', async () => {
    const m = await waitFor((r) => r.topic === 'demo/devices/thermostat-01/status');
    expect(m.payload.toString()).toBe('online');
    expect(m.retain).toBe(true);
  });

  it('publishes the Last Will offline when thermostat-01 drops, then online', async () => {
    const status = 'demo/devices/thermostat-01/status';
    const offline = await waitFor((r) => r.topic === status && r.payload.toString() === 'offline');
    const index = received.indexOf(offline);
    const online = await waitFor(
      (r) => r.topic === status && r.payload.toString() === 'online',
      5000,
      index,
    );
    expect(online.atMs).toBeGreaterThanOrEqual(offline.atMs);
    await waitFor((r) => r.topic === 'demo/devices/thermostat-01/heartbeat');
    const state = await waitFor((r) => r.topic === 'demo/devices/thermostat-01/state');
    expect(JSON.parse(state.payload.toString())).toMatchObject({ mode: expect.any(String) });
  });

  it('publishes pump-07 errors', async () => {
    const m = await waitFor((r) => r.topic === 'demo/devices/pump-07/error', 8000);
    expect(JSON.parse(m.payload.toString())).toEqual({
      level: 'error',
      code: 'E42',
      message: 'pressure sensor timeout',
    });
  });

  it('publishes a binary snapshot that is not valid UTF-8', async () => {
    const m = await waitFor((r) => r.topic === 'demo/camera/front/snapshot');
    expect(m.payload.length).toBe(256);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(m.payload)).toThrow();
  });

  it('publishes a plain number, a text door state and a retained description', async () => {
    const watts = await waitFor((r) => r.topic === 'demo/power/meter/watts');
    expect(Number.isFinite(Number(watts.payload.toString()))).toBe(true);
    const door = await waitFor((r) => r.topic === 'demo/door/front');
    expect(['open', 'closed']).toContain(door.payload.toString());
    const info = await waitFor((r) => r.topic === 'demo/info');
    expect(info.retain).toBe(true);
    expect(info.payload.toString()).toContain('protocol_version 4');
  });

  it('publishes $SYS broker figures', async () => {
    const text = async (name: string) =>
      (await waitFor((r) => r.topic === `$SYS/broker/${name}`)).payload.toString();
    expect(await text('version')).toMatch(/^aedes-\d+\.\d+\.\d+ \(mqtt-mcp demo\)$/);
    expect(await text('uptime')).toMatch(/^\d+ seconds$/);
    expect(Number(await text('clients/connected'))).toBeGreaterThanOrEqual(1);
    expect(Number(await text('messages/received'))).toBeGreaterThanOrEqual(0);
  });

  it('delivers every Last Will to a subscriber of # and $SYS/# (aedes race)', async () => {
    const from = received.length;
    const devices = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        connectAsync(demo.url, {
          protocolVersion: 4,
          reconnectPeriod: 0,
          clientId: `will-test-${i}`,
          will: { topic: `test/wills/${i}`, payload: Buffer.from('offline'), qos: 1, retain: true },
        }),
      ),
    );
    for (const device of devices) {
      device.on('error', () => undefined);
      device.stream.destroy();
    }
    const count = () =>
      received.slice(from).filter((r) => r.topic.startsWith('test/wills/')).length;
    const deadline = Date.now() + 3000;
    while (count() < devices.length && Date.now() < deadline) await sleep(20);
    for (const device of devices) device.end(true);
    expect(count()).toBe(devices.length);
  });

  it('plants faults under demo/plant/ that mqtt_diagnose names, each on its device', async () => {
    const core = createTestCore();
    try {
      const { session_id } = await callOk<{ session_id: string }>(
        core,
        'mqtt_establish_connection',
        {
          connection_string: demo.url,
          protocol_version: DEMO_PROTOCOL_VERSION,
        },
      );
      const out = await callOk<{
        devices: Array<{ findings: Array<{ kind: string; subject: { device?: string } }> }>;
      }>(core, 'mqtt_diagnose', {
        session_id,
        topic_pattern: 'demo/plant/#',
        duration_seconds: (TICKS_TO_SEE_ALL * 100) / 1000 + 1,
        max_findings: 50,
      });
      const found = out.devices.flatMap((d) =>
        d.findings.map((f) => `${f.kind} ${f.subject.device}`),
      );
      expect(demo.plantedFaults.length).toBeGreaterThanOrEqual(14);
      for (const fault of demo.plantedFaults)
        expect(found).toContain(`${fault.kind} ${fault.device}`);
    } finally {
      await core.close();
    }
  });

  it('reports stats', async () => {
    await waitFor((r) => r.topic.startsWith('demo/home/'));
    const stats = demo.stats();
    expect(stats.simulator).toBe(true);
    expect(stats.clients).toBeGreaterThanOrEqual(3);
    expect(stats.messages_published).toBeGreaterThan(0);
    expect(stats.uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('refuses an MQTT 5 CONNECT (aedes 1.x speaks 3.1.1 only)', async () => {
    const v5 = connect(demo.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 3000 });
    const outcome = await new Promise<string>((resolve) => {
      v5.once('connect', () => resolve('connected'));
      v5.once('error', (err) => resolve(err.message));
    });
    v5.end(true);
    expect(outcome).toMatch(/unacceptable protocol version/i);
  });
});

describe('DemoBroker.stop', () => {
  /** Sockets and servers of this process still open on the port. */
  function openHandles(port: number): unknown[] {
    const all = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    return all.filter((h) => {
      if (h instanceof Server) return (h.address() as AddressInfo | null)?.port === port;
      if (h instanceof Socket) return h.localPort === port || h.remotePort === port;
      return false;
    });
  }

  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('ends the simulator, its timers, the clients and the listener', async () => {
    await sleep(200);
    const timersBefore = timeouts();
    const demo = await DemoBroker.start({ log, simulator: { speed: 10 } });
    const sub = await connectAsync(demo.url, { protocolVersion: 4, reconnectPeriod: 0 });
    sub.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => sub.once('close', () => resolve()));
    await sleep(300);
    expect(openHandles(demo.port).length).toBeGreaterThan(1);
    expect(timeouts()).toBeGreaterThan(timersBefore);
    await demo.stop();
    await closed;
    sub.end(true);
    await demo.stop();
    expect(await portClosed(demo.port)).toBe(true);
    await sleep(50);
    expect(openHandles(demo.port)).toEqual([]);
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
  });

  it('runs without the simulator', async () => {
    const demo = await DemoBroker.start({ log, simulate: false });
    try {
      expect(demo.stats()).toMatchObject({ clients: 0, simulator: false });
      const sub = await connectAsync(demo.url, { protocolVersion: 4, reconnectPeriod: 0 });
      const topics: string[] = [];
      sub.on('message', (topic) => topics.push(topic));
      await sub.subscribeAsync(['#', '$SYS/broker/#']);
      await sleep(300);
      await sub.endAsync();
      expect(topics.filter((t) => t.startsWith('demo/'))).toEqual([]);
      expect(topics).toContain('$SYS/broker/version');
    } finally {
      await demo.stop();
    }
  });
});
