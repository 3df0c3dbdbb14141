// Access control beyond server/http/access.int.test.ts: replayed tokens, logs, DNS rebinding, read-only, allow-list, secrets.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_HEADER } from '../../server/http/console-header';
import { DATABASE_FILE } from '../../server/store/db';
import { KEY_FILE } from '../../server/store/secret-box';
import { Store } from '../../server/store/store';
import { toolRegistry } from '../../server/tools/index';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { startSpy, type Spy } from '../fuzz/runner';
import { hubBuilt, startHubProcess, type HubProcess } from '../hub-process';
import { mcpCall, mcpError, spawnStdio } from '../mcp-stdio';
import { startMosquitto, type MosquittoBroker } from '../mosquitto';
import { INITIALIZE, MCP_POST, raw, type RawResponse } from './http-support';

/** Tools offered in read-only mode: every tool that does not write. */
const READ_ONLY_TOOLS = toolRegistry.filter((t) => !t.writes).length;

const TOKEN_A = `token-a-${randomUUID()}`;
const TOKEN_B = `token-b-${randomUUID()}`;
const PREFIX = `acl/${randomUUID().slice(0, 8)}`;
const ALLOW = `${PREFIX}/allowed/#,${PREFIX}/exact`;

let broker: MosquittoBroker;
let authBroker: MosquittoBroker;
const BROKER_PASSWORD = `pw-${randomUUID()}`;
let spy: Spy;

beforeAll(async () => {
  broker = await startMosquitto({ debugLog: false });
  authBroker = await startMosquitto({
    auth: { username: 'svc', password: BROKER_PASSWORD },
    debugLog: false,
  });
  spy = await startSpy(broker.url);
}, 60_000);

afterAll(async () => {
  await spy?.close();
  await broker?.stop();
  await authBroker?.stop();
});

/** POST initialize to /api/mcp. */
function mcpInit(hub: HubProcess, headers: Record<string, string>): Promise<RawResponse> {
  return raw(hub.port, '/api/mcp', { headers: { ...MCP_POST, ...headers }, body: INITIALIZE });
}

/** GET a console query (sessions.list) on /api/trpc. */
function consoleQuery(hub: HubProcess, headers: Record<string, string>): Promise<RawResponse> {
  return raw(hub.port, '/api/trpc/sessions.list', { headers });
}

function trpc(hub: HubProcess, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${hub.url}/api/trpc`, headers: { authorization: `Bearer ${token}` } }),
    ],
  });
}

type Mutation = { mutate(input: Record<string, unknown>): Promise<Record<string, unknown>> };

/** tools.invoke.mqtt_publish_message (the generated router is typed as a record of procedures). */
function consolePublish(
  client: ReturnType<typeof trpc>,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const invoke = client.tools.invoke as unknown as Record<string, Mutation>;
  return (invoke.mqtt_publish_message as Mutation).mutate(input);
}

async function mcpHttp(hub: HubProcess, token: string): Promise<Client> {
  const client = new Client({ name: 'acl', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${hub.url}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function trpcError(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; toolErrorCode?: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const data = err.data as { code: string; toolErrorCode?: string };
      return { code: data.code, message: err.message, toolErrorCode: data.toolErrorCode };
    }
    throw err;
  }
  throw new Error('expected a tRPC error');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file of a data directory (db, WAL, shared memory, key) as bytes. */
function dataFiles(dir: string): Array<[string, Buffer]> {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((p) => [p, readFileSync(p)]);
}

describe('read-only mode and the allow-list over stdio', () => {
  it('read-only: mqtt_publish_message is not offered, calling it is an unknown tool, nothing is sent', async () => {
    const topic = `${PREFIX}/ro-stdio`;
    const mcp = await spawnStdio({ MQTT_MCP_READ_ONLY: 'true' });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).not.toContain('mqtt_publish_message');
      expect(tools).toHaveLength(READ_ONLY_TOOLS);
      const { session_id } = await mcpCall<{ session_id: string }>(
        mcp.client,
        'mqtt_establish_connection',
        {
          connection_string: broker.url,
        },
      );
      const refused = await mcp.client
        .callTool({ name: 'mqtt_publish_message', arguments: { session_id, topic, payload: 'x' } })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(refused).toBeInstanceOf(McpError);
      expect((refused as McpError).code).toBe(-32602);
      expect((refused as McpError).message).toMatch(/Unknown tool: mqtt_publish_message/);
      await sleep(300);
      expect(spy.topics.has(topic)).toBe(false);
    } finally {
      await mcp.close();
    }
  });

  it('allow-list: outside topics are refused with PUBLISH_NOT_ALLOWED naming MQTT_MCP_PUBLISH_ALLOW', async () => {
    const mcp = await spawnStdio({ MQTT_MCP_PUBLISH_ALLOW: ALLOW });
    try {
      const { session_id } = await mcpCall<{ session_id: string }>(
        mcp.client,
        'mqtt_establish_connection',
        {
          connection_string: broker.url,
        },
      );
      await mcpCall(mcp.client, 'mqtt_publish_message', {
        session_id,
        topic: `${PREFIX}/allowed/stdio`,
        payload: '1',
      });
      await mcpCall(mcp.client, 'mqtt_publish_message', {
        session_id,
        topic: `${PREFIX}/exact`,
        payload: '1',
      });
      for (const topic of [
        `${PREFIX}/denied-stdio`,
        `${PREFIX}/exact/sub`,
        `${PREFIX}/allowedx/y`,
        `${PREFIX}`,
      ]) {
        const text = await mcpError(mcp.client, 'mqtt_publish_message', {
          session_id,
          topic,
          payload: '1',
        });
        expect(text, topic).toMatch(
          /^PUBLISH_NOT_ALLOWED: topic: ".*" is outside the publish allow-list \(MQTT_MCP_PUBLISH_ALLOW: /,
        );
        expect(text).toMatch(/nothing was sent/);
      }
      await sleep(300);
      expect(spy.topics.has(`${PREFIX}/allowed/stdio`)).toBe(true);
      expect(spy.topics.has(`${PREFIX}/exact`)).toBe(true);
      expect(spy.topics.has(`${PREFIX}/denied-stdio`)).toBe(false);
      expect(spy.topics.has(`${PREFIX}/exact/sub`)).toBe(false);
      expect(spy.topics.has(`${PREFIX}/allowedx/y`)).toBe(false);
    } finally {
      await mcp.close();
    }
  });
});

describe.runIf(hubBuilt())(
  'the hub: tokens, DNS rebinding, allow-list, read-only, secrets at rest',
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-acl-'));
    const copyDir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-acl-copy-'));
    const profilePassword = `profile-secret-${randomUUID()}`;
    let hubA: HubProcess | undefined;
    let hubB: HubProcess | undefined;
    let hubAOutput = '';

    beforeAll(async () => {
      hubA = await startHubProcess({
        MQTT_MCP_DATA_DIR: dataDir,
        MQTT_MCP_TOKEN: TOKEN_A,
        MQTT_MCP_TRUST_LOOPBACK: 'false',
        MQTT_MCP_PUBLISH_ALLOW: ALLOW,
        LOG_LEVEL: 'debug',
      });
    }, 90_000);

    afterAll(async () => {
      await hubA?.stop();
      await hubB?.stop();
    });

    it('refuses wrong tokens of equal and of different length alike, and never answers 500', async () => {
      const hub = hubA as HubProcess;
      const sameLength = TOKEN_A.slice(0, -1) + (TOKEN_A.endsWith('0') ? '1' : '0');
      expect(sameLength).toHaveLength(TOKEN_A.length);
      const wrong = [sameLength, 'x', `${TOKEN_A}x`, TOKEN_A.toUpperCase(), 'x'.repeat(8000)];
      for (const token of wrong) {
        expect(
          (await mcpInit(hub, { authorization: `Bearer ${token}` })).status,
          token.slice(0, 40),
        ).toBe(401);
        const res = await consoleQuery(hub, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(401);
        expect(res.body).toContain('invalid token');
      }
      expect((await mcpInit(hub, {})).status).toBe(401);
      expect((await consoleQuery(hub, {})).status).toBe(401);
      // A malformed token cookie is a refusal, not a server error.
      expect((await consoleQuery(hub, { cookie: 'mqtt_mcp_token=%E0%A4%A' })).status).toBe(401);
      expect((await mcpInit(hub, { authorization: `Bearer ${TOKEN_A}` })).status).toBe(200);
      expect((await consoleQuery(hub, { authorization: `Bearer ${TOKEN_A}` })).status).toBe(200);
      // The cookie comes with any request, a forged one too: it needs the console's header.
      const cookie = `mqtt_mcp_token=${encodeURIComponent(TOKEN_A)}`;
      expect((await consoleQuery(hub, { cookie })).status).toBe(403);
      expect((await consoleQuery(hub, { cookie, [CONSOLE_HEADER]: '1' })).status).toBe(200);
    });

    it('refuses DNS-rebinding Hosts and foreign, null or cross-origin Origins on both APIs', async () => {
      const hub = hubA as HubProcess;
      const auth = { authorization: `Bearer ${TOKEN_A}` };
      const port = hub.port;
      for (const host of [
        `evil.com:${port}`,
        `127.evil.com:${port}`,
        `localhost.evil.com:${port}`,
        'evil.com',
      ]) {
        expect((await mcpInit(hub, { ...auth, host })).status, host).toBe(403);
        expect((await consoleQuery(hub, { ...auth, host })).status, host).toBe(403);
      }
      for (const origin of [
        'null',
        `http://evil.com:${port}`,
        `http://127.evil.com:${port}`,
        'not a url',
      ]) {
        expect((await mcpInit(hub, { ...auth, origin })).status, origin).toBe(403);
        expect((await consoleQuery(hub, { ...auth, origin })).status, origin).toBe(403);
      }
      // Another local origin may speak MCP, but may not drive the console (no cross-site requests).
      expect((await mcpInit(hub, { ...auth, origin: `http://localhost:${port + 1}` })).status).toBe(
        200,
      );
      expect(
        (await consoleQuery(hub, { ...auth, origin: `http://localhost:${port + 1}` })).status,
      ).toBe(403);
      expect(
        (await consoleQuery(hub, { ...auth, origin: `http://127.0.0.1:${port}` })).status,
      ).toBe(200);
      // The body of a refusal never echoes the token.
      const refused = await consoleQuery(hub, { ...auth, host: `evil.com:${port}` });
      expect(refused.body).not.toContain(TOKEN_A);
    });

    it('allow-list: allowed topics reach the broker, the rest are refused (MCP and console) and journaled', async () => {
      const hub = hubA as HubProcess;
      const client = await mcpHttp(hub, TOKEN_A);
      const api = trpc(hub, TOKEN_A);
      try {
        const { session_id } = await mcpCall<{ session_id: string }>(
          client,
          'mqtt_establish_connection',
          {
            connection_string: broker.url,
          },
        );
        await mcpCall(client, 'mqtt_publish_message', {
          session_id,
          topic: `${PREFIX}/allowed/http`,
          payload: 'ok',
        });
        const viaConsole = await consolePublish(api, {
          session_id,
          topic: `${PREFIX}/allowed/console`,
          payload: 'ok',
        });
        expect(viaConsole.topic).toBe(`${PREFIX}/allowed/console`);

        const text = await mcpError(client, 'mqtt_publish_message', {
          session_id,
          topic: `${PREFIX}/denied-http`,
          payload: 'no',
        });
        expect(text).toMatch(/^PUBLISH_NOT_ALLOWED: .*MQTT_MCP_PUBLISH_ALLOW/);
        const err = await trpcError(
          consolePublish(api, {
            session_id,
            topic: `${PREFIX}/denied-console`,
            payload: 'no',
          }),
        );
        expect(err.code).toBe('FORBIDDEN');
        expect(err.toolErrorCode).toBe('PUBLISH_NOT_ALLOWED');
        expect(err.message).toMatch(/MQTT_MCP_PUBLISH_ALLOW/);

        await sleep(300);
        expect(spy.topics.has(`${PREFIX}/allowed/http`)).toBe(true);
        expect(spy.topics.has(`${PREFIX}/allowed/console`)).toBe(true);
        expect(spy.topics.has(`${PREFIX}/denied-http`)).toBe(false);
        expect(spy.topics.has(`${PREFIX}/denied-console`)).toBe(false);

        const page = await api.journal.page.query({
          tool: 'mqtt_publish_message',
          status: 'error',
          limit: 50,
        });
        const refusals = page.entries.filter((e) => e.error_code === 'PUBLISH_NOT_ALLOWED');
        expect(refusals.map((e) => e.caller).sort()).toEqual(['console', 'mcp-http']);
        for (const e of refusals) {
          expect(e.status).toBe('error');
          expect(e.error_message).toMatch(/outside the publish allow-list/);
          expect(JSON.stringify(e.args)).toMatch(/denied-(http|console)/);
        }
        await mcpCall(client, 'mqtt_close_connection', { session_id });
      } finally {
        await client.close();
      }
    });

    it('keeps profile secrets encrypted at rest, the key 0600, and a copied database without the key yields none', async () => {
      const hub = hubA as HubProcess;
      const api = trpc(hub, TOKEN_A);
      const created = await api.profiles.create.mutate({
        name: 'secured',
        connection_string: `mqtt://127.0.0.1:${authBroker.port}`,
        username: 'svc',
        password: BROKER_PASSWORD,
      });
      expect(created.has_password).toBe(true);
      expect(JSON.stringify(created)).not.toContain(BROKER_PASSWORD);
      const other = await api.profiles.create.mutate({
        name: 'inline',
        connection_string: `mqtt://svc:${profilePassword}@127.0.0.1:${authBroker.port}`,
      });
      expect(other.has_password).toBe(true);
      expect(other.connection_string).not.toContain(profilePassword);
      // The saved secret works while the key is there.
      expect(await api.profiles.test.mutate({ id: created.id })).toMatchObject({ ok: true });

      const keyPath = join(dataDir, KEY_FILE);
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o077).toBe(0);
      const files = dataFiles(dataDir);
      expect(files.map(([p]) => p)).toContain(join(dataDir, DATABASE_FILE));
      for (const [path, bytes] of files) {
        for (const secret of [BROKER_PASSWORD, profilePassword]) {
          expect(bytes.includes(Buffer.from(secret)), `${path} holds a secret in clear`).toBe(
            false,
          );
          expect(
            bytes.includes(Buffer.from(secret, 'utf16le')),
            `${path} holds a secret (UTF-16)`,
          ).toBe(false);
        }
      }
      const listed = JSON.stringify(await api.profiles.list.query());
      expect(listed).not.toContain(BROKER_PASSWORD);
      expect(listed).not.toContain(profilePassword);

      // Copy the live database (with its WAL) elsewhere, without secret.key.
      for (const suffix of ['', '-wal', '-shm']) {
        const from = join(dataDir, `${DATABASE_FILE}${suffix}`);
        if (existsSync(from)) copyFileSync(from, join(copyDir, `${DATABASE_FILE}${suffix}`));
      }
      expect(existsSync(join(copyDir, KEY_FILE))).toBe(false);
      const store = Store.open(copyDir, pino({ level: 'silent' }));
      try {
        const names = store.profiles.list().map((p) => p.name);
        expect(names).toEqual(['inline', 'secured']);
        expect(store.profiles.list().every((p) => p.has_password)).toBe(true);
        for (const name of names) {
          const resolved = store.profiles.resolve(name);
          expect(resolved?.name).toBe(name);
          expect(resolved?.password).toBeUndefined();
          expect(JSON.stringify(resolved)).not.toContain(BROKER_PASSWORD);
          expect(JSON.stringify(resolved)).not.toContain(profilePassword);
        }
      } finally {
        store.close();
      }
    });

    it('never writes a token to the logs, after refusals and successes alike', async () => {
      const hub = hubA as HubProcess;
      // One more of each right before reading the output.
      await mcpInit(hub, { authorization: `Bearer ${TOKEN_A}x` });
      await mcpInit(hub, { authorization: `Bearer ${TOKEN_A}` });
      await consoleQuery(hub, { cookie: `mqtt_mcp_token=${TOKEN_A}` });
      await sleep(300);
      hubAOutput = hub.output();
      expect(hubAOutput.length).toBeGreaterThan(0);
      expect(hubAOutput).toMatch(/"level":20/); // debug logging was on
      expect(hubAOutput).not.toContain(TOKEN_A);
      expect(hubAOutput).not.toContain(TOKEN_A.slice(8)); // not even the random part
      expect(hubAOutput).not.toContain(BROKER_PASSWORD);
      expect(hubAOutput).not.toContain(profilePassword);
    });

    it('refuses the old token once the hub runs with a new one (no replay), and honours MQTT_MCP_ALLOWED_HOSTS', async () => {
      await hubA?.stop();
      hubA = undefined;
      hubB = await startHubProcess({
        MQTT_MCP_DATA_DIR: dataDir,
        MQTT_MCP_TOKEN: TOKEN_B,
        MQTT_MCP_TRUST_LOOPBACK: 'false',
        MQTT_MCP_ALLOWED_HOSTS: 'mqtt.example.test',
        MQTT_MCP_READ_ONLY: 'true',
        LOG_LEVEL: 'debug',
      });
      const hub = hubB;
      expect((await mcpInit(hub, { authorization: `Bearer ${TOKEN_A}` })).status).toBe(401);
      expect((await consoleQuery(hub, { authorization: `Bearer ${TOKEN_A}` })).status).toBe(401);
      expect((await consoleQuery(hub, { cookie: `mqtt_mcp_token=${TOKEN_A}` })).status).toBe(401);
      expect((await mcpInit(hub, { authorization: `Bearer ${TOKEN_B}` })).status).toBe(200);

      const auth = { authorization: `Bearer ${TOKEN_B}` };
      expect((await mcpInit(hub, { ...auth, host: `mqtt.example.test:${hub.port}` })).status).toBe(
        200,
      );
      expect(
        (await consoleQuery(hub, { ...auth, host: `MQTT.example.test:${hub.port}` })).status,
      ).toBe(200);
      // With a list, only the list (and loopback) is accepted: LAN-style names are refused now.
      expect((await mcpInit(hub, { ...auth, host: `umbrel:${hub.port}` })).status).toBe(403);
      expect((await mcpInit(hub, { ...auth, host: `other.example.test:${hub.port}` })).status).toBe(
        403,
      );
      expect((await mcpInit(hub, { ...auth, host: `localhost:${hub.port}` })).status).toBe(200);
      expect(hub.output()).not.toContain(TOKEN_A);
      expect(hub.output()).not.toContain(TOKEN_B);
    }, 90_000);

    it('read-only: MCP does not offer publishing and the console API refuses it; nothing reaches the broker', async () => {
      const hub = hubB as HubProcess;
      const topic = `${PREFIX}/allowed/read-only`;
      const client = await mcpHttp(hub, TOKEN_B);
      const api = trpc(hub, TOKEN_B);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).not.toContain('mqtt_publish_message');
        expect(tools).toHaveLength(READ_ONLY_TOOLS);
        const { session_id } = await mcpCall<{ session_id: string }>(
          client,
          'mqtt_establish_connection',
          {
            connection_string: broker.url,
          },
        );
        const refused = await client
          .callTool({
            name: 'mqtt_publish_message',
            arguments: { session_id, topic, payload: 'x' },
          })
          .then(
            (r) => r as CallToolResult,
            (e: unknown) => e,
          );
        expect(refused).toBeInstanceOf(McpError);
        expect((refused as McpError).message).toMatch(/Unknown tool: mqtt_publish_message/);

        const err = await trpcError(consolePublish(api, { session_id, topic, payload: 'x' }));
        expect(err.code).toBe('FORBIDDEN');
        expect(err.toolErrorCode).toBe('READ_ONLY');
        expect(err.message).toMatch(
          /^READ_ONLY: mqtt_publish_message is disabled: this server runs read-only \(MQTT_MCP_READ_ONLY/,
        );
        const catalog = await api.tools.catalog.query();
        expect(catalog.find((t) => t.name === 'mqtt_publish_message')?.available).toBe(false);
        expect((await api.system.mcpSetup.query()).read_only).toBe(true);
        // The latency probe (the one writer besides publish) is withheld; test_connection only observes.
        const before = [...spy.topics.keys()].filter((t) => t.startsWith('mqtt-mcp/')).length;
        expect(tools.map((t) => t.name)).not.toContain('mqtt_probe_latency');
        const health = await mcpCall(client, 'mqtt_test_connection', { session_id });
        expect(JSON.stringify(health)).toContain('"probe":"mqtt_probe_latency"');
        await sleep(300);
        expect([...spy.topics.keys()].filter((t) => t.startsWith('mqtt-mcp/'))).toHaveLength(
          before,
        );

        await sleep(300);
        expect(spy.topics.has(topic)).toBe(false);
        const page = await api.journal.page.query({
          tool: 'mqtt_publish_message',
          status: 'error',
          limit: 50,
        });
        expect(
          page.entries.some((e) => e.error_code === 'READ_ONLY' && e.caller === 'console'),
        ).toBe(true);
        // The secrets saved under hub A still decrypt here: same data dir, same key.
        const saved = (await api.profiles.list.query()).find((p) => p.name === 'secured');
        expect(await api.profiles.test.mutate({ id: saved?.id as string })).toMatchObject({
          ok: true,
        });
        await mcpCall(client, 'mqtt_close_connection', { session_id });
      } finally {
        await client.close();
      }
    });
  },
);
