// Test support: the checks every MCP path must pass in both generations (tools, resources, prompts, completions).
import type { MqttClient } from 'mqtt';
import { expect } from 'vitest';
import { retainedUri, topicsUri } from '../mcp/resource-uris';
import { toolRegistry } from '../server/tools/index';
import { waitUntil, type McpTestClient, type ToolCall } from './mcp-clients';

/** Arguments that make each known tool succeed quickly against a test broker. */
function knownArgs(
  sessionId: string,
  prefix: string,
  brokerUrl: string,
): Record<string, Record<string, unknown>> {
  return {
    mqtt_list_active_connections: {},
    mqtt_publish_message: {
      session_id: sessionId,
      topic: `${prefix}/dev1/state`,
      payload: '{"on":true}',
      qos: 1,
      retain: true,
    },
    mqtt_subscribe_and_collect: {
      session_id: sessionId,
      topic_pattern: `${prefix}/#`,
      duration_seconds: 1,
    },
    mqtt_list_topics: { session_id: sessionId, duration_seconds: 1 },
    mqtt_get_topic_schema: {
      session_id: sessionId,
      topic_pattern: `${prefix}/#`,
      duration_seconds: 1,
    },
    mqtt_debug_device: { session_id: sessionId, device_id: 'dev1', duration_seconds: 1 },
    mqtt_monitor_performance: { session_id: sessionId, duration_seconds: 1 },
    mqtt_probe_latency: { session_id: sessionId, duration_seconds: 1, rate_per_second: 20, qos: 2 },
    mqtt_test_connection: { connection_string: brokerUrl, timeout_seconds: 5 },
  };
}

/**
 * Lists the tools (every registry tool must be there) and calls each one: establish first, close
 * last, the known ones with arguments that must succeed, any other with its session_id (it must
 * answer with a tool result). Returns the session id (closed at the end) and the results.
 */
export async function callEveryTool(
  client: McpTestClient,
  brokerUrl: string,
  prefix: string,
): Promise<{ sessionId: string; results: Record<string, ToolCall> }> {
  const tools = await client.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(toolRegistry.map((t) => t.name)));
  expect(tools.every((t) => t.outputSchema)).toBe(true);
  const results: Record<string, ToolCall> = {};
  const opened = await client.call('mqtt_establish_connection', { connection_string: brokerUrl });
  expect(opened.isError, opened.text).toBe(false);
  results.mqtt_establish_connection = opened;
  const sessionId = String(opened.structured?.session_id);
  const args = knownArgs(sessionId, prefix, brokerUrl);
  for (const name of names) {
    if (name === 'mqtt_establish_connection' || name === 'mqtt_close_connection') continue;
    let result = await client.call(name, args[name] ?? { session_id: sessionId });
    // A retained publish is confirmed with the token its first call returns (issue 14).
    const token = /^CONFIRMATION_REQUIRED: .*confirm "([^"]+)"/.exec(result.text)?.[1];
    if (token) result = await client.call(name, { ...args[name], confirm: token });
    if (args[name]) expect(result.isError, `${name}: ${result.text}`).toBe(false);
    results[name] = result;
  }
  expect(results.mqtt_test_connection?.structured?.probe).toBe('mqtt_probe_latency');
  expect(results.mqtt_probe_latency?.structured?.granted_qos).toBe(2);
  return { sessionId, results };
}

/** Closes the session and checks an error result: the code in the text, structured on 2026 only. */
export async function closeAndCheckErrors(client: McpTestClient, sessionId: string): Promise<void> {
  const closed = await client.call('mqtt_close_connection', { session_id: sessionId });
  expect(closed.isError, closed.text).toBe(false);
  const again = await client.call('mqtt_close_connection', { session_id: sessionId });
  expect(again.isError).toBe(true);
  expect(again.text).toMatch(/^NOT_FOUND: /);
  if (client.generation === '2026-07-28') {
    expect(again.structured).toEqual({
      error: { code: 'NOT_FOUND', message: again.text.replace(/^NOT_FOUND: /, '') },
    });
  } else {
    expect(again.structured).toBeUndefined();
  }
}

/**
 * Resources, a change notification, prompts and completions on an open session whose retained
 * topic `${prefix}/dev1/state` holds `{"on":true}` and has been seen by the session.
 */
export async function checkAssistSurface(
  client: McpTestClient,
  sessionId: string,
  prefix: string,
  publisher: MqttClient,
): Promise<void> {
  const topic = `${prefix}/dev1/state`;
  expect(client.instructions()).toMatch(/mqtt_diagnose/);
  expect(await client.listResourceTemplates()).toEqual([
    'mqtt://{session}/topics',
    'mqtt://{session}/retained/{+topic}',
    'mqtt://{session}/captures/{capture}',
  ]);
  const listed = (await client.listResources()).map((r) => r.uri);
  expect(listed).toEqual(
    expect.arrayContaining([
      'mqtt://sessions',
      topicsUri(sessionId),
      retainedUri(sessionId, topic),
    ]),
  );
  const [sessions] = await client.readResource('mqtt://sessions');
  expect(sessions?.text).toContain(sessionId);
  const [inventory] = await client.readResource(topicsUri(sessionId));
  const topics = JSON.parse(inventory?.text ?? '{}') as { topics: Array<{ topic: string }> };
  expect(topics.topics.map((t) => t.topic)).toContain(topic);
  const [retained] = await client.readResource(retainedUri(sessionId, topic));
  expect(retained).toMatchObject({ mimeType: 'application/json', text: '{"on":true}' });

  const uri = retainedUri(sessionId, topic);
  const unwatch = await client.watch(uri);
  await new Promise((r) => setTimeout(r, 200));
  await publisher.publishAsync(topic, '{"on":false}', { qos: 1, retain: true });
  await waitUntil(() => client.updates.includes(uri), `resources/updated for ${uri}`);
  const [changed] = await client.readResource(uri);
  expect(changed?.text).toBe('{"on":false}');
  await unwatch();

  expect(await client.listPrompts()).toEqual([
    'diagnose_device',
    'broker_health',
    'explore_topics',
  ]);
  const prompt = await client.getPrompt('diagnose_device', {
    session_id: sessionId,
    device: 'dev1',
  });
  expect(prompt).toMatch(/mqtt_diagnose[\s\S]*mqtt_debug_device with device_id "dev1"/);
  const prompts = { type: 'ref/prompt' as const };
  expect(
    await client.complete({ ...prompts, name: 'diagnose_device' }, 'session_id', ''),
  ).toContain(sessionId);
  expect(
    await client.complete({ ...prompts, name: 'diagnose_device' }, 'device', 'dev', {
      session_id: sessionId,
    }),
  ).toContain('dev1');
  expect(
    await client.complete({ ...prompts, name: 'explore_topics' }, 'topic_pattern', `${prefix}/`, {
      session_id: sessionId,
    }),
  ).toContain(`${prefix}/dev1/#`);
  expect(await client.complete({ ...prompts, name: 'broker_health' }, 'broker', '')).toContain(
    sessionId,
  );
  expect(
    await client.complete(
      { type: 'ref/resource', uri: 'mqtt://{session}/retained/{+topic}' },
      'topic',
      `${prefix}/`,
      { session: sessionId },
    ),
  ).toContain(topic);
}
