// Access control, journal durability and credential hygiene of the running hub.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTRPCClient, httpLink } from '@trpc/client';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../trpc/routers/_app';
import { hubBuilt, startHubProcess, type HubProcess } from '../../test/hub-process';
import { mcpCall } from '../../test/mcp-stdio';
import { startMosquitto, type MosquittoBroker } from '../../test/mosquitto';

const TOKEN = `test-token-${randomUUID()}`;
let broker: MosquittoBroker;
let hub: HubProcess;

beforeAll(async () => {
  broker = await startMosquitto({ debugLog: false });
  if (hubBuilt()) {
    hub = await startHubProcess({ MQTT_MCP_TOKEN: TOKEN, MQTT_MCP_TRUST_LOOPBACK: 'false' });
  }
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await broker?.stop();
});

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '0' },
  },
};

function post(headers: Record<string, string>): Promise<Response> {
  return fetch(`${hub.url}/api/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(initialize),
  });
}

/** Status of an initialize POST with a forged Host header (fetch cannot set Host). */
function statusWithHost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: hub.port,
        path: '/api/mcp',
        method: 'POST',
        headers: {
          host,
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(initialize));
  });
}

async function mcpClient(token = TOKEN): Promise<Client> {
  const client = new Client({ name: 'access', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${hub.url}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe.runIf(hubBuilt())('access control on /api/mcp and /api/trpc', () => {
  it('refuses a missing or wrong token and accepts the right one', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong-token-value' })).status).toBe(401);
    const ok = await post({ authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const client = await mcpClient();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(11);
    await client.close();
  });

  it('refuses a foreign Origin and an unknown Host even with the token', async () => {
    expect(
      (await post({ authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example.com' })).status,
    ).toBe(403);
    const res = await fetch(`${hub.url}/api/ready`);
    expect(res.status).toBe(200);
    expect(await statusWithHost(`attacker.example.com:${hub.port}`)).toBe(403);
    expect(await statusWithHost(`localhost:${hub.port}`)).toBe(200);
  });

  it('guards the console API the same way', async () => {
    const anonymous = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${hub.url}/api/trpc` })],
    });
    await expect(anonymous.sessions.list.query()).rejects.toThrow(/token/);
    const authed = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${hub.url}/api/trpc`, headers: { authorization: `Bearer ${TOKEN}` } }),
      ],
    });
    expect(await authed.sessions.list.query()).toEqual([]);
  });

  it('keeps every answered call in the journal across a SIGKILL, and no password anywhere', async () => {
    const password = `pw-${randomUUID()}`;
    const auth = await startMosquitto({ auth: { username: 'u', password }, debugLog: false });
    try {
      const client = await mcpClient();
      const url = `mqtt://u:${password}@127.0.0.1:${auth.port}`;
      const { session_id } = await mcpCall<{ session_id: string }>(
        client,
        'mqtt_establish_connection',
        {
          connection_string: url,
        },
      );
      const answered = 30;
      for (let i = 0; i < answered; i++) {
        await mcpCall(client, 'mqtt_publish_message', {
          session_id,
          topic: `kill/${i}`,
          payload: String(i),
        });
      }
      await client
        .callTool({
          name: 'mqtt_establish_connection',
          arguments: { connection_string: `mqtt://u:${password}x@127.0.0.1:${auth.port}` },
        })
        .catch(() => undefined);
      await hub.kill();
      await hub.start();
      const authed = createTRPCClient<AppRouter>({
        links: [
          httpLink({ url: `${hub.url}/api/trpc`, headers: { authorization: `Bearer ${TOKEN}` } }),
        ],
      });
      const page = await authed.journal.page.query({ tool: 'mqtt_publish_message', limit: 100 });
      expect(page.entries.filter((e) => e.status === 'ok').length).toBe(answered);
      const all = await authed.journal.page.query({ limit: 500 });
      const dump = JSON.stringify(all);
      expect(dump).toContain('u:***@');
      expect(dump).not.toContain(password);
      expect(hub.output()).not.toContain(password);
      for (const file of readdirSync(hub.dataDir)) {
        const path = join(hub.dataDir, file);
        if (statSync(path).isFile())
          expect(readFileSync(path).includes(password), file).toBe(false);
      }
    } finally {
      await auth.stop();
    }
  });
});
