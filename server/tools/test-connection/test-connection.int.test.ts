// Integration tests of mqtt_test_connection against real Mosquitto brokers: anonymous, auth, TLS, sessions.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk, createTestCore } from '../../../test/core-harness';
import {
  freePort,
  mosquittoAvailable,
  startMosquitto,
  type MosquittoBroker,
} from '../../../test/mosquitto';
import type { Core } from '../../core';
import { testConnection } from './index';

type Output = z.output<typeof testConnection.output>;

const TOOL = 'mqtt_test_connection';
const USER = 'tester';
const PASSWORD = 'correct-horse-9371';
const WRONG = 'wrong-battery-5519';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withCredentials(url: string, user: string, password: string): string {
  return url.replace('://', `://${user}:${password}@`);
}

/** The test only observes: no loopback, a pointer to the probe tool, raw `$SYS` figures left out. */
function expectObservingOnly(out: Output): void {
  expect(out.probe).toBe('mqtt_probe_latency');
  expect(out).not.toHaveProperty('loopback');
  expect(out.broker_info).not.toHaveProperty('figures');
  expect(out.reasons.join(' ')).not.toMatch(/loopback/);
}

describe.skipIf(!mosquittoAvailable())('mqtt_test_connection', () => {
  let plain: MosquittoBroker;
  let auth: MosquittoBroker;
  let tls: MosquittoBroker;
  let core: Core;

  beforeAll(async () => {
    [plain, auth, tls] = await Promise.all([
      startMosquitto({ debugLog: false }),
      startMosquitto({ auth: { username: USER, password: PASSWORD }, debugLog: false }),
      startMosquitto({ tls: true, debugLog: false }),
    ]);
    core = createTestCore();
  });

  afterAll(async () => {
    await core?.close();
    await Promise.all([plain?.stop(), auth?.stop(), tls?.stop()]);
  });

  it('passes an anonymous broker given as a connection string, with timings and $SYS', async () => {
    const out = await callOk<Output>(core, TOOL, { connection_string: plain.url });
    expect(out.verdict).toBe('pass');
    expect(out.target).toBe('connection_string');
    expect(out.session_id).toBeUndefined();
    expect(out.broker).toBe(plain.url);
    expect(out.protocol_version).toBe(5);
    expect(out.tested_at).toMatch(/Z$/);
    expect(out.connection).toMatchObject({
      outcome: 'connected',
      transport: 'mqtt',
      tls: false,
      tls_verified: null,
      tls_handshake_ms: null,
    });
    expect(out.connection.tcp_connect_ms).toBeGreaterThan(0);
    expect(out.connection.connack_ms).toBeGreaterThan(0);
    expect(out.connection.total_connect_ms).toBeGreaterThanOrEqual(
      (out.connection.tcp_connect_ms ?? 0) + (out.connection.connack_ms ?? 0) - 0.01,
    );
    expect(out.authentication).toEqual({ result: 'ok', method: 'anonymous' });
    expectObservingOnly(out);
    expect(out.broker_info.available).toBe(true);
    expect(out.broker_info.version).toMatch(/^mosquitto version /);
    expect(out.broker_info.uptime_seconds).toBeGreaterThanOrEqual(0);
    // With the default sys_interval (10 s) this is the retained figure from the broker's start.
    expect(out.broker_info.clients_connected).toEqual(expect.any(Number));
    expect(out.reasons[0]).toMatch(/^connected to mqtt:\/\/127\.0\.0\.1:\d+ \(CONNACK/);
    expect(out.reasons).toContain('authentication ok (anonymous)');
    expect(out.duration_seconds).toBeLessThan(5);
    expect(core.sessions.list()).toHaveLength(0);
  });

  it('tests over MQTT 3.1.1 too', async () => {
    const out = await callOk<Output>(core, TOOL, {
      connection_string: plain.url,
      protocol_version: 4,
    });
    expect(out.verdict).toBe('pass');
    expect(out.protocol_version).toBe(4);
    expectObservingOnly(out);
  });

  it('fails with "authentication failed" on a wrong password and never echoes it', async () => {
    for (const version of [4, 5] as const) {
      const out = await callOk<Output>(core, TOOL, {
        connection_string: withCredentials(auth.url, USER, WRONG),
        protocol_version: version,
      });
      expect(out.verdict).toBe('fail');
      expect(out.connection.outcome).toBe('auth_failed');
      expect(out.connection.connack_reason_code).toBe(version === 5 ? 135 : 5);
      expect(out.authentication).toEqual({
        result: 'failed',
        method: 'username_password',
        username: USER,
      });
      expect(out.reasons[0]).toMatch(/^authentication failed: /);
      expect(out.broker).toBe(`mqtt://${USER}:***@127.0.0.1:${auth.port}`);
      expect(out.broker_info.available).toBe(false);
      expect(JSON.stringify(out)).not.toContain(WRONG);
    }
  });

  it('passes the auth broker with the right password, never echoing it', async () => {
    const out = await callOk<Output>(core, TOOL, {
      connection_string: withCredentials(auth.url, USER, PASSWORD),
    });
    expect(out.verdict).toBe('pass');
    expect(out.authentication).toEqual({
      result: 'ok',
      method: 'username_password',
      username: USER,
    });
    expectObservingOnly(out);
    expect(JSON.stringify(out)).not.toContain(PASSWORD);
  });

  it('fails with "refused" on a closed port, authentication not attempted', async () => {
    const port = await freePort();
    const out = await callOk<Output>(core, TOOL, { connection_string: `mqtt://127.0.0.1:${port}` });
    expect(out.verdict).toBe('fail');
    expect(out.connection.outcome).toBe('refused');
    expect(out.connection.error).toMatch(/refused the TCP connection/);
    expect(out.authentication.result).toBe('not_attempted');
    expect(out.reasons[0]).toMatch(/^connection refused: /);
    expect(out.connection.tcp_connect_ms).toBeNull();
  });

  it('fails with "timeout" when the port accepts TCP but never answers CONNECT', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const out = await callOk<Output>(core, TOOL, {
        connection_string: `mqtt://127.0.0.1:${port}`,
        timeout_seconds: 1,
      });
      expect(Date.now() - started).toBeLessThan(2500);
      expect(out.verdict).toBe('fail');
      expect(out.connection.outcome).toBe('timeout');
      expect(out.connection.tcp_connect_ms).toBeGreaterThan(0);
      expect(out.connection.connack_ms).toBeNull();
      expect(out.authentication.result).toBe('not_attempted');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('passes TLS with the CA given and fails the handshake without it', async () => {
    const url = tls.url;
    expect(url).toMatch(/^mqtts:/);
    const ok = await callOk<Output>(core, TOOL, { connection_string: url, tls_ca: tls.tls?.ca });
    expect(ok.verdict).toBe('pass');
    expect(ok.connection).toMatchObject({ outcome: 'connected', tls: true, tls_verified: true });
    expect(ok.connection.tls_handshake_ms).toBeGreaterThan(0);
    expectObservingOnly(ok);

    const bad = await callOk<Output>(core, TOOL, { connection_string: url });
    expect(bad.verdict).toBe('fail');
    expect(bad.connection.outcome).toBe('tls_failed');
    expect(bad.connection.error).toMatch(/TLS handshake/);
    expect(bad.authentication.result).toBe('not_attempted');
    expect(bad.reasons[0]).toMatch(/^the TLS handshake failed: /);

    const unverified = await callOk<Output>(core, TOOL, {
      connection_string: url,
      reject_unauthorized: false,
    });
    expect(unverified.verdict).toBe('warn');
    expect(unverified.connection.tls_verified).toBe(false);
    expect(unverified.reasons.join(' ')).toMatch(/certificate was not verified/);
  });

  it('tests a live session without publishing and leaves no subscription behind', async () => {
    const opened = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: withCredentials(auth.url, USER, PASSWORD),
    });
    try {
      const out = await callOk<Output>(core, TOOL, { session_id: opened.session_id });
      expect(out.verdict).toBe('pass');
      expect(out.target).toBe('session');
      expect(out.session_id).toBe(opened.session_id);
      expect(out.connection).toMatchObject({
        outcome: 'connected',
        session_state: 'connected',
        reconnects: 0,
        tcp_connect_ms: null,
      });
      expect(out.authentication.result).toBe('ok');
      expectObservingOnly(out);
      expect(out.broker_info.version).toMatch(/^mosquitto version /);
      expect(out.reasons[0]).toBe(`the session is connected to ${out.broker}`);
      expect(JSON.stringify(out)).not.toContain(PASSWORD);
      const list = await callOk<{ sessions: Array<{ subscriptions: unknown[] }> }>(
        core,
        'mqtt_list_active_connections',
        {},
      );
      expect(list.sessions[0]?.subscriptions).toEqual([]);
    } finally {
      await callOk(core, 'mqtt_close_connection', { session_id: opened.session_id });
    }
  });

  it('fails a session whose broker went away, without throwing', async () => {
    const broker = await startMosquitto({ debugLog: false });
    const opened = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: broker.url,
    });
    try {
      await broker.stop();
      await sleep(300);
      const out = await callOk<Output>(core, TOOL, { session_id: opened.session_id });
      expect(out.verdict).toBe('fail');
      expect(out.connection.outcome).toBe('not_connected');
      expect(out.connection.session_state).toMatch(/reconnecting|offline/);
      expect(out.authentication.result).toBe('unknown');
      expect(out.reasons[0]).toMatch(
        /^the session is not connected: session is (reconnecting|offline)/,
      );
    } finally {
      await callOk(core, 'mqtt_close_connection', { session_id: opened.session_id });
    }
  });

  it('passes on a read-only server, since it publishes nothing', async () => {
    const readOnly = createTestCore({ MQTT_MCP_READ_ONLY: 'true' });
    try {
      const out = await callOk<Output>(readOnly, TOOL, { connection_string: plain.url });
      expect(out.verdict).toBe('pass');
      expectObservingOnly(out);
      expect(testConnection.annotations.readOnlyHint).toBe(true);
    } finally {
      await readOnly.close();
    }
  });

  it('adds the raw $SYS figures only with detail full', async () => {
    const full = await callOk<Output>(core, TOOL, { connection_string: plain.url, detail: 'full' });
    expect(full.broker_info.available).toBe(true);
    expect(Object.keys(full.broker_info.figures ?? {}).length).toBeGreaterThan(0);
    expect(full.broker_info.figures_not_listed).toBeGreaterThanOrEqual(0);
    const bad = await callErr(core, TOOL, { connection_string: plain.url, detail: 'all' });
    expect(bad.code).toBe('INVALID_INPUT');
  });

  it('passes over WebSockets, where only the total connect time is measured', async () => {
    const broker = await startMosquitto({ websockets: true, debugLog: false });
    try {
      const out = await callOk<Output>(core, TOOL, { connection_string: broker.wsUrl });
      expect(out.verdict).toBe('pass');
      expect(out.connection.transport).toBe('ws');
      expect(out.connection.total_connect_ms).toBeGreaterThan(0);
      expect(out.connection.tcp_connect_ms).toBeNull();
      expect(out.connection.connack_ms).toBeNull();
      expectObservingOnly(out);
    } finally {
      await broker.stop();
    }
  });

  it('does not use a client id from the connection string', async () => {
    const out = await callOk<Output>(core, TOOL, { connection_string: `${plain.url}/device-42` });
    expect(out.verdict).toBe('pass');
    expect(out.connection.note).toMatch(/client id "device-42" .* was not used/);
  });

  it('rejects both or neither target, misused options, bad strings, unknown sessions', async () => {
    const both = await callErr(core, TOOL, { session_id: 'x', connection_string: plain.url });
    expect(both.code).toBe('INVALID_INPUT');
    expect(both.message).toMatch(/exactly one/);
    const neither = await callErr(core, TOOL, {});
    expect(neither.code).toBe('INVALID_INPUT');
    const unknown = await callErr(core, TOOL, { session_id: 'no-such-session' });
    expect(unknown.code).toBe('NOT_FOUND');
    const misuse = await callErr(core, TOOL, { session_id: 'x', protocol_version: 4 });
    expect(misuse.code).toBe('INVALID_INPUT');
    expect(misuse.message).toMatch(/^protocol_version: /);
    const malformed = await callErr(core, TOOL, { connection_string: 'ftp://host' });
    expect(malformed.code).toBe('INVALID_INPUT');
    expect(malformed.message).toMatch(/^connection_string: /);
    const range = await callErr(core, TOOL, { connection_string: plain.url, timeout_seconds: 61 });
    expect(range.code).toBe('INVALID_INPUT');
    expect(range.message).toMatch(/timeout_seconds/);
  });
});
