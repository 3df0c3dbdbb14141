// Integration tests of mqtt_request against Mosquitto: an MQTT 5 responder, a 3.1.1 cmnd/stat device, timeout, cancel.
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callErr, callOk, createTestCore } from '../../test/core-harness';
import { letters } from '../../test/tool-fixture';
import { startMosquitto, type MosquittoBroker } from '../../test/mosquitto';
import type { Core, ToolProgress } from '../core';

let broker: MosquittoBroker;
let core: Core;
let v5: string;
let v4: string;
const devices: MqttClient[] = [];

type Answer = {
  reply_topic: string;
  correlated: boolean;
  answer?: { topic: string; payload: unknown; properties?: Record<string, unknown> };
};

/** An MQTT 5 service that answers on the response topic, after a decoy with other correlation data. */
async function startResponder(requestTopic: string): Promise<void> {
  const client = await connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  devices.push(client);
  client.on('message', (_topic, payload, packet) => {
    const responseTopic = packet.properties?.responseTopic;
    const correlationData = packet.properties?.correlationData;
    if (!responseTopic) return;
    void client
      .publishAsync(responseTopic, '{"for":"someone else"}', {
        properties: { correlationData: Buffer.from('other') },
      })
      .then(() =>
        client.publishAsync(responseTopic, JSON.stringify({ ok: true, got: payload.toString() }), {
          properties: { correlationData },
        }),
      );
  });
  await client.subscribeAsync(requestTopic, { qos: 1 });
}

/** A Tasmota-like 3.1.1 device: cmnd/<id>/Power answers on stat/<id>/RESULT. */
async function startTasmota(id: string): Promise<void> {
  const client = await connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  devices.push(client);
  client.on('message', (_topic, payload) => {
    void client.publishAsync(`stat/${id}/RESULT`, JSON.stringify({ POWER: payload.toString() }));
  });
  await client.subscribeAsync(`cmnd/${id}/Power`, { qos: 0 });
}

beforeAll(async () => {
  broker = await startMosquitto();
  core = createTestCore();
  const open = (protocol_version: 4 | 5) =>
    callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
      connection_string: broker.url,
      protocol_version,
    });
  v5 = (await open(5)).session_id;
  v4 = (await open(4)).session_id;
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.endAsync()));
  await core?.close();
  await broker?.stop();
});

describe('mqtt_request', () => {
  it('gets the correlated answer from an MQTT 5 responder, decoded like collected messages', async () => {
    const topic = `svc/${letters()}/req`;
    await startResponder(topic);
    const out = await callOk<Answer>(core, 'mqtt_request', {
      session_id: v5,
      topic,
      payload: 'ping',
      qos: 1,
    });
    expect(out.correlated).toBe(true);
    expect(out.reply_topic).toMatch(/^mqtt-mcp\/reply\//);
    expect(out.answer?.payload).toEqual({ ok: true, got: 'ping' });
    expect(out.answer?.properties?.correlation_data).toBeDefined();
  });

  it('gets the answer of a 3.1.1 device on the caller-given reply topic', async () => {
    const id = letters();
    await startTasmota(id);
    const out = await callOk<Answer>(core, 'mqtt_request', {
      session_id: v4,
      topic: `cmnd/${id}/Power`,
      payload: 'ON',
      reply_topic: `stat/${id}/RESULT`,
    });
    expect(out.correlated).toBe(false);
    expect(out.answer).toMatchObject({ topic: `stat/${id}/RESULT`, payload: { POWER: 'ON' } });
  });

  it('times out cleanly when nobody answers, and needs a reply topic on 3.1.1', async () => {
    const started = Date.now();
    const err = await callErr(core, 'mqtt_request', {
      session_id: v5,
      topic: `nobody/${letters()}`,
      timeout_ms: 300,
    });
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/no answer on mqtt-mcp\/reply\/.* within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    const missing = await callErr(core, 'mqtt_request', { session_id: v4, topic: 'cmnd/x/Power' });
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.message).toMatch(/^reply_topic: required/);
  });

  it('reports progress and stops when cancelled', async () => {
    const controller = new AbortController();
    const progress: ToolProgress[] = [];
    setTimeout(() => controller.abort(), 1200);
    const outcome = await core.callTool(
      'mqtt_request',
      { session_id: v5, topic: `nobody/${letters()}`, timeout_ms: 10_000 },
      { caller: 'test', signal: controller.signal, onProgress: (p) => progress.push(p) },
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.data.answer).toBeUndefined();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.total).toBe(10_000);
  });

  it('is refused by the read-only tier and outside the publish allow-list', async () => {
    const ro = createTestCore({ MQTT_MCP_WRITE_TIER: 'read-only' });
    const allow = createTestCore({ MQTT_MCP_PUBLISH_ALLOW: 'cmnd/#' });
    try {
      const args = { session_id: v5, topic: 'plant/x' };
      expect((await callErr(ro, 'mqtt_request', args)).code).toBe('READ_ONLY');
      expect((await callErr(allow, 'mqtt_request', args)).code).toBe('PUBLISH_NOT_ALLOWED');
    } finally {
      await ro.close();
      await allow.close();
    }
  });
});
