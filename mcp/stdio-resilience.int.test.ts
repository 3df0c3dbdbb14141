// The stdio server under broker restarts, with a password-protected broker, and at shutdown.
import { connectAsync } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../test/mosquitto';
import { mcpCall, mcpError, spawnStdio, type StdioHarness } from '../test/mcp-stdio';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length)
    await cleanups
      .pop()?.()
      .catch(() => undefined);
});

async function broker(opts: Parameters<typeof startMosquitto>[0] = {}): Promise<MosquittoBroker> {
  const b = await startMosquitto(opts);
  cleanups.push(() => b.stop());
  return b;
}

async function stdio(env: Record<string, string> = {}): Promise<StdioHarness> {
  const h = await spawnStdio(env);
  cleanups.push(() => h.close());
  return h;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('broker restart', () => {
  it('reconnects the session with its subscriptions, and the collection states the outage', async () => {
    const b = await broker();
    const mcp = await stdio();
    const { session_id } = await mcpCall<{ session_id: string }>(
      mcp.client,
      'mqtt_establish_connection',
      { connection_string: b.url },
    );
    const topic = `restart-${randomUUID().slice(0, 8)}`;
    const run = mcpCall<{
      messages: Array<{ payload: unknown }>;
      outages: Array<{ seconds: number; to: string | null }>;
      outage_note?: string;
    }>(mcp.client, 'mqtt_subscribe_and_collect', {
      session_id,
      topic_pattern: `${topic}/#`,
      duration_seconds: 8,
    });
    await sleep(500);
    await b.stop();
    await sleep(800);
    await b.start();
    // Wait for the session to come back on its own (backoff starts at 1 s).
    let state = '';
    for (let i = 0; i < 50 && state !== 'connected'; i++) {
      await sleep(200);
      const list = await mcpCall<{ sessions: Array<{ session_id: string; state: string }> }>(
        mcp.client,
        'mqtt_list_active_connections',
      );
      state = list.sessions.find((s) => s.session_id === session_id)?.state ?? '';
    }
    expect(state).toBe('connected');
    await sleep(300);
    const pub = await connectAsync(b.url);
    await pub.publishAsync(`${topic}/after`, 'after-restart', { qos: 1 });
    await pub.endAsync();
    const out = await run;
    expect(out.messages.map((m) => m.payload)).toContain('after-restart');
    expect(out.outages.length).toBeGreaterThanOrEqual(1);
    expect(out.outages[0]?.seconds).toBeGreaterThan(0.5);
    expect(out.outage_note).toMatch(/the broker connection was down for .* s of this window/);
    const list = await mcpCall<{
      sessions: Array<{ session_id: string; reconnects: number; subscriptions: unknown[] }>;
    }>(mcp.client, 'mqtt_list_active_connections');
    expect(
      list.sessions.find((s) => s.session_id === session_id)?.reconnects,
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('credentials', () => {
  it('never shows the password in results, errors or logs', async () => {
    const password = `S3cret-${randomUUID()}`;
    const b = await broker({ auth: { username: 'alice', password } });
    const mcp = await stdio({ LOG_LEVEL: 'trace' });
    const texts: string[] = [];
    const good = `mqtt://alice:${password}@127.0.0.1:${b.port}`;
    const bad = `mqtt://alice:${password}-wrong@127.0.0.1:${b.port}`;

    const refused = await mcpError(mcp.client, 'mqtt_establish_connection', {
      connection_string: bad,
    });
    expect(refused).toMatch(
      /^AUTH_FAILED: mqtt:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ refused the credentials/,
    );
    texts.push(refused);

    const opened = await mcpCall<{ session_id: string; broker: string }>(
      mcp.client,
      'mqtt_establish_connection',
      { connection_string: good },
    );
    expect(opened.broker).toBe(`mqtt://alice:***@127.0.0.1:${b.port}`);
    texts.push(JSON.stringify(opened));
    texts.push(JSON.stringify(await mcpCall(mcp.client, 'mqtt_list_active_connections')));
    texts.push(
      JSON.stringify(
        await mcpCall(mcp.client, 'mqtt_publish_message', {
          session_id: opened.session_id,
          topic: 'creds/test',
          payload: 'x',
          qos: 1,
        }),
      ),
    );
    texts.push(
      await mcpError(mcp.client, 'mqtt_establish_connection', {
        connection_string: good,
        bogus: 1,
      }),
    );
    texts.push(
      await mcpError(mcp.client, 'mqtt_establish_connection', { connection_string: `${good}/a/b` }),
    );
    await mcpCall(mcp.client, 'mqtt_close_connection', { session_id: opened.session_id });
    await sleep(200);
    const stderr = mcp.stderr();
    expect(stderr.length).toBeGreaterThan(100);
    for (const text of [...texts, stderr]) {
      expect(text).not.toContain(password);
    }
  });
});

describe('process lifecycle', () => {
  it('keeps stdout for JSON-RPC only and exits cleanly when stdin closes', async () => {
    const b = await broker();
    const mcp = await spawnStdio();
    await mcpCall(mcp.client, 'mqtt_establish_connection', { connection_string: b.url });
    const pid = mcp.pid;
    expect(pid).toBeTypeOf('number');
    await mcp.close();
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      await sleep(100);
      try {
        process.kill(pid as number, 0);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
    expect(mcp.stderr()).toMatch(/stopping/);
  });

  it('exits on SIGTERM with its sessions closed', async () => {
    const b = await broker({ extraConfig: ['connection_messages true'] });
    const mcp = await spawnStdio();
    await mcpCall(mcp.client, 'mqtt_establish_connection', { connection_string: b.url });
    process.kill(mcp.pid as number, 'SIGTERM');
    await sleep(1500);
    expect(() => process.kill(mcp.pid as number, 0)).toThrow();
    expect(b.logText()).toMatch(/disconnected\./i);
    await mcp.close().catch(() => undefined);
  });
});
