// The stdio bridge against a real hub, for both protocol generations: shared sessions, live journal, cancellation, restarts.
import { createTRPCClient, httpLink } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { CONSOLE_HEADER } from '../server/http/console-header';
import type { AppRouter } from '../server/trpc/routers/_app';
import { hubBuilt } from '../test/hub-process';
import {
  connectStdio,
  GENERATIONS,
  type Generation,
  type McpTestClient,
} from '../test/mcp-clients';
import { spawnStdio } from '../test/mcp-stdio';
import { useMcpRig } from '../test/mcp-rig';

const rig = useMcpRig({ hub: true });

type Link = 'socket' | 'http';

/** The caller the hub records: set from the transport, so a bridge over HTTP is any MCP HTTP client. */
const CALLER: Record<Link, string> = { socket: 'mcp-stdio-bridge', http: 'mcp-http' };

async function bridge(link: Link, generation: Generation): Promise<McpTestClient> {
  const b = await connectStdio(generation, {
    MQTT_MCP_HUB_URL: link === 'socket' ? rig.hub.socketUrl : rig.hub.url,
  });
  rig.clients.push(b);
  return b;
}

/** Calls a tool that must succeed and returns its structured content. */
async function mcpCall<T = Record<string, unknown>>(
  client: McpTestClient,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await client.call(name, args);
  if (result.isError) throw new Error(result.text);
  return result.structured as T;
}

/** Calls a tool that must fail and returns its error text. */
async function mcpError(
  client: McpTestClient,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const result = await client.call(name, args);
  if (!result.isError) throw new Error(`${name} succeeded but was expected to fail`);
  return result.text;
}

const CASES = (['socket', 'http'] as const).flatMap((link) =>
  GENERATIONS.map((g) => [link, g] as [Link, Generation]),
);

const trpc = () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${rig.hub.url}/api/trpc`, headers: { [CONSOLE_HEADER]: '1' } })],
  });

describe.runIf(hubBuilt()).each(CASES)('stdio bridge over %s, %s', (link, generation) => {
  it('opens a session the console lists, and journals the call within a second', async () => {
    const b = await bridge(link, generation);
    const { session_id } = await mcpCall<{ session_id: string }>(b, 'mqtt_establish_connection', {
      connection_string: rig.broker.url,
    });
    const sessions = await trpc().sessions.list.query();
    expect(sessions.find((s) => s.session_id === session_id)).toMatchObject({
      state: 'connected',
      opened_by: CALLER[link],
    });
    const started = Date.now();
    await mcpCall(b, 'mqtt_list_active_connections');
    let found = false;
    while (!found && Date.now() - started < 1000) {
      const page = await trpc().journal.page.query({
        tool: 'mqtt_list_active_connections',
        limit: 5,
      });
      found = page.entries.some(
        (e) => e.caller === CALLER[link] && Date.parse(e.ts) >= started - 50,
      );
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toBe(true);
  });

  it('forwards progress, answers other calls during a long one, and cancels it in the hub', async () => {
    const b = await bridge(link, generation);
    const { session_id } = await mcpCall<{ session_id: string }>(b, 'mqtt_establish_connection', {
      connection_string: rig.broker.url,
    });
    const progress: number[] = [];
    await b.call(
      'mqtt_subscribe_and_collect',
      { session_id, topic_pattern: `bridge/${link}/p/#`, duration_seconds: 3 },
      { onprogress: (p) => progress.push(p) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const controller = new AbortController();
    const started = Date.now();
    const run = b
      .call(
        'mqtt_subscribe_and_collect',
        { session_id, topic_pattern: `bridge/${link}/cancel/#`, duration_seconds: 30 },
        { signal: controller.signal },
      )
      .catch((err: Error) => err);
    // Another call is answered while the collection runs (no head-of-line blocking in the bridge).
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now();
    await mcpCall(b, 'mqtt_list_active_connections');
    expect(Date.now() - asked).toBeLessThan(1000);
    controller.abort('test');
    expect(await run).toBeInstanceOf(Error);
    // The hub stopped the collection: its subscription is gone and the journal row is short.
    let subscribed = true;
    for (let i = 0; i < 30 && subscribed; i++) {
      const sessions = await trpc().sessions.list.query();
      const own = sessions.find((s) => s.session_id === session_id);
      subscribed = Boolean(own?.subscriptions.some((f) => f.filter.includes('/cancel/')));
      if (subscribed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(subscribed).toBe(false);
    const page = await trpc().journal.page.query({ tool: 'mqtt_subscribe_and_collect', limit: 5 });
    const row = page.entries.find((e) => Date.parse(e.ts) >= started - 50);
    expect(row?.duration_ms).toBeLessThan(5000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps sessions when the bridge process is killed and a new one starts', async () => {
    const first = await bridge(link, generation);
    const { session_id } = await mcpCall<{ session_id: string }>(
      first,
      'mqtt_establish_connection',
      {
        connection_string: rig.broker.url,
      },
    );
    process.kill(first.pid as number, 'SIGKILL');
    const second = await bridge(link, generation);
    const out = await mcpCall<{ acknowledgement: { type: string } }>(
      second,
      'mqtt_publish_message',
      {
        session_id,
        topic: 'bridge/after-restart',
        payload: 'still here',
        qos: 1,
      },
    );
    expect(out.acknowledgement.type).toBe('PUBACK');
  });

  it('reconnects on its own after a hub restart; old sessions are gone', async () => {
    const b = await bridge(link, generation);
    const { session_id } = await mcpCall<{ session_id: string }>(b, 'mqtt_establish_connection', {
      connection_string: rig.broker.url,
    });
    await rig.hub.stop();
    await rig.hub.start();
    const list = await mcpCall<{ sessions: unknown[] }>(b, 'mqtt_list_active_connections');
    expect(list.sessions).toEqual([]);
    // A 2025 client is told (notifications/message); 2026 has no unsolicited notifications.
    if (generation === '2025-11-25') {
      expect(b.logs.join(' ')).toMatch(/hub restarted: MQTT sessions opened before are gone/);
    }
    const gone = await mcpError(b, 'mqtt_close_connection', { session_id });
    expect(gone).toMatch(/^NOT_FOUND/);
  });
});

describe('stdio bridge without a hub', () => {
  it.each([
    [
      'socket',
      'unix:/tmp/mqtt-mcp-no-hub-here/hub.sock',
      /hub at unix:\/tmp\/mqtt-mcp-no-hub-here\/hub\.sock is unreachable/,
    ],
    ['http', 'http://127.0.0.1:9', /hub at http:\/\/127\.0\.0\.1:9 is unreachable/],
  ])(
    'answers initialize over %s with a clear error naming the hub',
    async (_link, url, message) => {
      await expect(spawnStdio({ MQTT_MCP_HUB_URL: url })).rejects.toThrow(message);
    },
  );
});
