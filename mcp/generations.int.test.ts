// Standalone stdio in both protocol generations: every tool, resources with change notifications, prompts, completions.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  connectStdio,
  GENERATIONS,
  type Generation,
  type McpTestClient,
} from '../test/mcp-clients';
import { callEveryTool, checkAssistSurface, closeAndCheckErrors } from '../test/mcp-conformance';
import { useMcpRig } from '../test/mcp-rig';
import { captureUri } from './resource-uris';

const rig = useMcpRig();

async function connect(generation: Generation): Promise<McpTestClient> {
  const client = await connectStdio(generation);
  rig.clients.push(client);
  return client;
}

describe.each(GENERATIONS)('standalone stdio, %s', (generation) => {
  it('lists and calls every tool, serves resources, notifies on change, prompts and completes', async () => {
    const client = await connect(generation);
    const prefix = `gen-${randomUUID().slice(0, 8)}`;
    const { sessionId } = await callEveryTool(client, rig.broker.url, prefix);
    await checkAssistSurface(client, sessionId, prefix, rig.publisher);
    await closeAndCheckErrors(client, sessionId);
  }, 60_000);

  it('links a bulky capture as a resource and reads it back', async () => {
    const client = await connect(generation);
    const prefix = `bulk-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 40; i++) {
      await rig.publisher.publishAsync(
        `${prefix}/sensor${i}/reading`,
        JSON.stringify({ i, pad: 'x'.repeat(80) }),
        {
          qos: 1,
          retain: true,
        },
      );
    }
    const opened = await client.call('mqtt_establish_connection', {
      connection_string: rig.broker.url,
    });
    const sessionId = String(opened.structured?.session_id);
    const collected = await client.call('mqtt_subscribe_and_collect', {
      session_id: sessionId,
      topic_pattern: `${prefix}/#`,
      duration_seconds: 1,
    });
    expect(collected.isError, collected.text).toBe(false);
    const link = collected.content.find((c) => c.type === 'resource_link');
    expect(link?.uri).toMatch(new RegExp(`^mqtt://${sessionId}/captures/`));
    const [capture] = await client.readResource(link?.uri ?? '');
    expect(JSON.parse(capture?.text ?? '{}')).toEqual(collected.structured);
    const listed = (await client.listResources()).map((r) => r.uri);
    expect(listed).toContain(link?.uri);
    const id = (link?.uri ?? '').split('/').pop() ?? '';
    expect(captureUri(sessionId, id)).toBe(link?.uri);
    await client.call('mqtt_close_connection', { session_id: sessionId });
  }, 30_000);

  it('reports progress and stops a cancelled call', async () => {
    const client = await connect(generation);
    const opened = await client.call('mqtt_establish_connection', {
      connection_string: rig.broker.url,
    });
    const sessionId = String(opened.structured?.session_id);
    const progress: number[] = [];
    await client.call(
      'mqtt_subscribe_and_collect',
      { session_id: sessionId, topic_pattern: 'progress/#', duration_seconds: 3 },
      { onprogress: (p) => progress.push(p) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const controller = new AbortController();
    const started = Date.now();
    const run = client
      .call(
        'mqtt_subscribe_and_collect',
        { session_id: sessionId, topic_pattern: 'cancel/#', duration_seconds: 30 },
        { signal: controller.signal },
      )
      .catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 500));
    controller.abort('test');
    expect(await run).toBeInstanceOf(Error);
    // The server dropped the collection's subscription at once.
    let subscribed = true;
    for (let i = 0; i < 40 && subscribed; i++) {
      const list = await client.call('mqtt_list_active_connections');
      const own = (
        list.structured?.sessions as Array<{
          session_id: string;
          subscriptions: Array<{ filter: string }>;
        }>
      ).find((s) => s.session_id === sessionId);
      subscribed = Boolean(own?.subscriptions.some((s) => s.filter === 'cancel/#'));
      if (subscribed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(subscribed).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);
});
