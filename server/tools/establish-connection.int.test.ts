// Integration tests of protocol `auto` and the default broker: real Mosquitto, the aedes demo broker, fake brokers refusing MQTT 5.
import { createServer, type Server, type Socket } from 'node:net';
import { connectAsync } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callErr, callOk, createTestCore } from '../../test/core-harness';
import { startFakeBroker, type FakeBroker } from '../../test/fakes/fake-brokers';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../../test/mosquitto';
import type { Core } from '../core';
import { DemoBroker } from '../demo/demo-broker';
import { BOTH_FAILED_NOTE, FELL_BACK_NOTE } from '../mqtt/protocol-choice';

interface Established {
  session_id: string;
  broker: string;
  protocol_version: 4 | 5;
  protocol_note?: string;
  note?: string;
}

interface TestOut {
  protocol_version: 4 | 5;
  verdict: string;
  connection: { outcome: string; note?: string; connack_reason_code?: number };
}

const log = pino({ level: 'silent' });

/** A connection test that connected over 3.1.1 after the broker refused MQTT 5, and says so. */
function expectFellBack(out: TestOut): void {
  expect(out.protocol_version).toBe(4);
  expect(out.connection.outcome).toBe('connected');
  expect(out.connection.note).toContain(FELL_BACK_NOTE);
}

/** A TCP server that hangs up on every connection as soon as bytes arrive (not an MQTT port). */
async function hangUpServer(): Promise<{
  url: string;
  connections: () => number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!mosquittoAvailable())('protocol_version auto', () => {
  let mosquitto: MosquittoBroker;
  let demo: DemoBroker;
  let core: Core;
  const fakes: FakeBroker[] = [];

  beforeAll(async () => {
    [mosquitto, demo] = await Promise.all([
      startMosquitto({ debugLog: false }),
      DemoBroker.start({ log, simulate: false }),
    ]);
    core = createTestCore({ MQTT_MCP_CONNECT_TIMEOUT_SECONDS: '5' });
  });

  afterAll(async () => {
    await core?.close();
    await Promise.all([mosquitto?.stop(), demo?.stop(), ...fakes.map((f) => f.close())]);
  });

  async function fake(kind: 'refuse-mqtt5' | 'close-on-mqtt5'): Promise<FakeBroker> {
    const broker = await startFakeBroker(kind);
    fakes.push(broker);
    return broker;
  }

  async function close(sessionId: string): Promise<void> {
    await callOk(core, 'mqtt_close_connection', { session_id: sessionId });
  }

  it('is the default and stays on MQTT 5 with a broker that speaks it (Mosquitto), without a note', async () => {
    const out = await callOk<Established>(core, 'mqtt_establish_connection', {
      connection_string: mosquitto.url,
    });
    expect(out.protocol_version).toBe(5);
    expect(out.protocol_note).toBeUndefined();
    await close(out.session_id);
  });

  it('falls back to 3.1.1 on the aedes demo broker (CONNACK return code 1) and the session works', async () => {
    const out = await callOk<Established>(core, 'mqtt_establish_connection', {
      connection_string: demo.url,
    });
    expect(out.protocol_version).toBe(4);
    expect(out.protocol_note).toBe(FELL_BACK_NOTE);
    const listed = await callOk<{
      sessions: Array<{ session_id: string; protocol_version: number; state: string }>;
    }>(core, 'mqtt_list_active_connections', {});
    expect(listed.sessions.find((s) => s.session_id === out.session_id)).toMatchObject({
      protocol_version: 4,
      state: 'connected',
    });
    const collecting = callOk<{ messages: Array<{ topic: string; payload: unknown }> }>(
      core,
      'mqtt_subscribe_and_collect',
      {
        session_id: out.session_id,
        topic_pattern: 'fallback/#',
        duration_seconds: 3,
        max_messages: 1,
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    const publisher = await connectAsync(demo.url, { protocolVersion: 4, reconnectPeriod: 0 });
    await publisher.publishAsync('fallback/x', '{"v":1}', { qos: 1 });
    await publisher.endAsync();
    expect((await collecting).messages).toMatchObject([{ topic: 'fallback/x', payload: { v: 1 } }]);
    await close(out.session_id);
  });

  it('keeps an explicit protocol_version 5: the demo broker refuses it, with no second attempt', async () => {
    const err = await callErr(core, 'mqtt_establish_connection', {
      connection_string: demo.url,
      protocol_version: 5,
    });
    expect(err.code).toBe('BROKER_REJECTED');
    expect(err.message).toMatch(/reason code 1: .*protocol version/i);
    expect(core.sessions.list()).toHaveLength(0);
  });

  it.each(['refuse-mqtt5', 'close-on-mqtt5'] as const)(
    'falls back to 3.1.1 when a broker %s, CONNECT by CONNECT',
    async (kind) => {
      const broker = await fake(kind);
      const out = await callOk<Established>(core, 'mqtt_establish_connection', {
        connection_string: broker.url,
      });
      expect(out.protocol_version).toBe(4);
      expect(out.protocol_note).toBe(FELL_BACK_NOTE);
      expect(broker.connectVersions()).toEqual([5, 4]);
      await close(out.session_id);
    },
  );

  it('does not fall back when the connection is refused outright (nothing listens)', async () => {
    const broker = await fake('refuse-mqtt5');
    const url = broker.url;
    await broker.close();
    const err = await callErr(core, 'mqtt_establish_connection', { connection_string: url });
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toMatch(/refused the TCP connection/);
  });

  it('a port that hangs up on any CONNECT: tried twice, the error is the close (not a version problem)', async () => {
    const server = await hangUpServer();
    try {
      const err = await callErr(core, 'mqtt_establish_connection', {
        connection_string: server.url,
      });
      expect(err.code).toBe('CONNECTION_FAILED');
      expect(err.message).toMatch(
        /closed the connection before CONNACK|closed the connection during the handshake/,
      );
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  describe('mqtt_test_connection with a connection string', () => {
    it('falls back on the demo broker, says so, and checks it over 3.1.1', async () => {
      const out = await callOk<TestOut>(core, 'mqtt_test_connection', {
        connection_string: demo.url,
        timeout_seconds: 5,
      });
      expectFellBack(out);
      expect(out.connection.outcome).toBe('connected');
      expect(out.verdict).not.toBe('fail');
    });

    it('stays on 5 with Mosquitto, and with an explicit 5 reports the demo broker refusing it', async () => {
      const five = await callOk<TestOut>(core, 'mqtt_test_connection', {
        connection_string: mosquitto.url,
      });
      expect(five.protocol_version).toBe(5);
      expect(five.connection.note ?? '').not.toContain('fell back');
      const refused = await callOk<TestOut>(core, 'mqtt_test_connection', {
        connection_string: demo.url,
        protocol_version: 5,
      });
      expect(refused.protocol_version).toBe(5);
      expect(refused.verdict).toBe('fail');
      expect(refused.connection.connack_reason_code).toBe(1);
    });

    it('falls back with a broker that hangs up on MQTT 5', async () => {
      const broker = await fake('close-on-mqtt5');
      const out = await callOk<TestOut>(core, 'mqtt_test_connection', {
        connection_string: broker.url,
        timeout_seconds: 2,
      });
      expectFellBack(out);
      expect(broker.connectVersions()).toEqual([5, 4]);
    });

    it('says the version is not the cause when 3.1.1 is hung up on too', async () => {
      const server = await hangUpServer();
      try {
        const out = await callOk<TestOut>(core, 'mqtt_test_connection', {
          connection_string: server.url,
          timeout_seconds: 2,
        });
        expect(out.verdict).toBe('fail');
        expect(out.connection.note).toContain(BOTH_FAILED_NOTE);
        expect(server.connections()).toBe(2);
      } finally {
        await server.close();
      }
    });
  });
});

describe('the default broker', () => {
  let demo: DemoBroker;

  beforeAll(async () => {
    demo = await DemoBroker.start({ log, simulate: false });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('is the demo broker while it runs, when MQTT_MCP_DEFAULT_BROKER is unset; listed for assistants', async () => {
    const core = createTestCore();
    try {
      const missing = await callErr(core, 'mqtt_establish_connection', {});
      expect(missing.code).toBe('INVALID_INPUT');
      expect(missing.message).toMatch(/demo broker is not running/);
      expect(
        (await callOk<{ demo_broker?: string }>(core, 'mqtt_list_active_connections', {}))
          .demo_broker,
      ).toBeUndefined();

      core.setDemoBroker(demo.url);
      const listed = await callOk<{ demo_broker?: string; note?: string }>(
        core,
        'mqtt_list_active_connections',
        {},
      );
      expect(listed.demo_broker).toBe(demo.url);
      expect(listed.note).toMatch(/with no address it connects to the demo broker/);
      const out = await callOk<Established>(core, 'mqtt_establish_connection', {});
      expect(out.broker).toBe(demo.url);
      expect(out.protocol_version).toBe(4);
      expect(out.note).toMatch(/built-in demo broker/);
    } finally {
      await core.close();
    }
  });

  it('is MQTT_MCP_DEFAULT_BROKER when that is set, demo or not', async () => {
    const other = await DemoBroker.start({ log, simulate: false });
    const core = createTestCore({ MQTT_MCP_DEFAULT_BROKER: other.url });
    try {
      core.setDemoBroker(demo.url);
      const out = await callOk<Established>(core, 'mqtt_establish_connection', {});
      expect(out.broker).toBe(other.url);
      expect(out.note).toBeUndefined();
    } finally {
      await core.close();
      await other.stop();
    }
  });
});
