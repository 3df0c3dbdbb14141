// Integration tests of the retained tools against Mosquitto: list, clear with confirmation, restore byte for byte.
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdio } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectAsync, type IClientPublishOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callErr, callOk, createTestCore } from '../../../test/core-harness';
import { letters, sleep } from '../../../test/tool-fixture';
import { startMosquitto, type MosquittoBroker } from '../../../test/mosquitto';
import { BIN } from '../../../test/mcp-stdio';
import type { Core } from '../../core';
import { createMcpServer } from '../../../mcp/server';

/** A retained message as an independent MQTT 5 client receives it. */
interface Seen {
  payload: Buffer;
  qos: number;
  properties: Record<string, unknown>;
}

let broker: MosquittoBroker;
let core: Core;
let raw: MqttClient;
let sessionId: string;

/** Reads the retained messages under `filter` with a fresh MQTT 5 client (QoS 2, so QoS shows). */
async function brokerRetained(filter: string): Promise<Map<string, Seen>> {
  const client = await connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  const seen = new Map<string, Seen>();
  client.on('message', (topic, payload, packet) => {
    if (!packet.retain) return;
    const { subscriptionIdentifier: _id, ...properties } = packet.properties ?? {};
    seen.set(topic, { payload: Buffer.from(payload), qos: packet.qos, properties });
  });
  await client.subscribeAsync(filter, { qos: 2 });
  await sleep(400);
  await client.endAsync();
  return seen;
}

/** Seeds retained messages under a fresh prefix: text, binary QoS 2, MQTT 5 properties, a command. */
async function seed(prefix: string): Promise<void> {
  const v5: IClientPublishOptions = {
    qos: 1,
    retain: true,
    properties: {
      contentType: 'application/json',
      payloadFormatIndicator: true,
      responseTopic: `${prefix}/reply`,
      correlationData: Buffer.from([1, 2, 3, 250]),
      userProperties: { origin: 'test', tags: ['a', 'b'] },
    },
  };
  await raw.publishAsync(`${prefix}/room/temp`, '{"t":21.5,"time":"2020-01-01T00:00:00Z"}', v5);
  await raw.publishAsync(`${prefix}/bin`, Buffer.from([0, 1, 2, 255, 254]), {
    qos: 2,
    retain: true,
  });
  await raw.publishAsync(`${prefix}/door/set`, 'OPEN', { qos: 0, retain: true });
  await raw.publishAsync(`${prefix}/live`, 'not retained', { qos: 0 });
}

beforeAll(async () => {
  broker = await startMosquitto();
  core = createTestCore();
  raw = await connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  const opened = await callOk<{ session_id: string }>(core, 'mqtt_establish_connection', {
    connection_string: broker.url,
    protocol_version: 5,
  });
  sessionId = opened.session_id;
});

afterAll(async () => {
  await raw?.endAsync();
  await core?.close();
  await broker?.stop();
});

type Entry = {
  topic: string;
  qos: number;
  command_topic?: true;
  stale?: true;
  age_seconds?: number;
};
type ClearOut = { dry_run: boolean; count: number; confirm?: string; undo_id?: string };

describe('retained messages: list, clear, restore', () => {
  it('lists the retained messages under a pattern with size, QoS, age and flags', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const out = await callOk<{ count: number; retained: Entry[]; not_listed: number }>(
      core,
      'mqtt_list_retained',
      { session_id: sessionId, topic_pattern: `${prefix}/#` },
    );
    // Flagged first (the command topic, the stale value), then the rest by topic.
    expect(out.retained.map((e) => e.topic)).toEqual([
      `${prefix}/door/set`,
      `${prefix}/room/temp`,
      `${prefix}/bin`,
    ]);
    expect(out).toMatchObject({ count: 3, not_listed: 0 });
    const [door, temp, bin] = out.retained;
    expect(bin).toMatchObject({ qos: 2, size_bytes: 5 });
    expect(door).toMatchObject({ qos: 0, command_topic: true, value: 'OPEN' });
    expect(temp?.stale).toBe(true);
    expect(temp?.age_seconds).toBeGreaterThan(86_400);
  });

  it('lists at most 40 retained messages by default and counts the rest; full lists all', async () => {
    const prefix = `ret/${letters()}`;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        raw.publishAsync(`${prefix}/dev${i}/state`, `v${i}`, { qos: 1, retain: true }),
      ),
    );
    const args = { session_id: sessionId, topic_pattern: `${prefix}/#` };
    const out = await callOk<{ count: number; retained: Entry[]; not_listed: number }>(
      core,
      'mqtt_list_retained',
      args,
    );
    expect(out).toMatchObject({ count: 60, not_listed: 20 });
    expect(out.retained).toHaveLength(40);
    const full = await callOk<{ retained: Entry[] }>(core, 'mqtt_list_retained', {
      ...args,
      detail: 'full',
    });
    expect(full.retained).toHaveLength(60);
    const dry = await callOk<{ count: number; retained: Entry[]; not_listed: number }>(
      core,
      'mqtt_clear_retained',
      args,
    );
    expect(dry).toMatchObject({ count: 60, not_listed: 20 });
  });

  it('clears a subtree only with the dry run token, and restores it byte for byte', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const before = await brokerRetained(`${prefix}/#`);
    expect(before.size).toBe(3);
    const args = { session_id: sessionId, topic_pattern: `${prefix}/#` };

    const unconfirmed = await callErr(core, 'mqtt_clear_retained', { ...args, dry_run: false });
    expect(unconfirmed.code).toBe('CONFIRMATION_REQUIRED');
    expect(unconfirmed.message).toMatch(/nothing was cleared/);
    expect(String(unconfirmed.details?.prompt)).toContain(`${prefix}/door/set = OPEN`);
    const forged = await callErr(core, 'mqtt_clear_retained', {
      ...args,
      dry_run: false,
      confirm: 'zzzz.forgedforgedforgedfo',
    });
    expect(forged.code).toBe('INVALID_INPUT');
    expect((await brokerRetained(`${prefix}/#`)).size).toBe(3);

    const dry = await callOk<ClearOut>(core, 'mqtt_clear_retained', args);
    expect(dry).toMatchObject({ dry_run: true, count: 3 });
    expect((await brokerRetained(`${prefix}/#`)).size).toBe(3);

    const cleared = await callOk<ClearOut>(core, 'mqtt_clear_retained', {
      ...args,
      dry_run: false,
      confirm: dry.confirm,
    });
    expect(cleared).toMatchObject({ dry_run: false, count: 3 });
    expect((await brokerRetained(`${prefix}/#`)).size).toBe(0);

    const restored = await callOk<{ restored: number }>(core, 'mqtt_restore_retained', {
      session_id: sessionId,
      undo_id: cleared.undo_id,
    });
    expect(restored.restored).toBe(3);
    const after = await brokerRetained(`${prefix}/#`);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [topic, was] of before) {
      const now = after.get(topic);
      expect(now?.payload.equals(was.payload), topic).toBe(true);
      expect(now?.qos, topic).toBe(was.qos);
      expect(now?.properties, topic).toEqual(was.properties);
    }
    expect(before.get(`${prefix}/room/temp`)?.properties).toMatchObject({
      contentType: 'application/json',
      userProperties: { origin: 'test', tags: ['a', 'b'] },
    });
  });

  it('refuses a token once the retained messages changed', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const args = { session_id: sessionId, topic_pattern: `${prefix}/#` };
    const dry = await callOk<ClearOut>(core, 'mqtt_clear_retained', args);
    await raw.publishAsync(`${prefix}/bin`, 'changed', { qos: 1, retain: true });
    const err = await callErr(core, 'mqtt_clear_retained', {
      ...args,
      dry_run: false,
      confirm: dry.confirm,
    });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/^confirm: .*nothing was changed/);
    expect((await brokerRetained(`${prefix}/#`)).size).toBe(3);
  });

  it('is refused below the full tier, with READ_ONLY, and not offered', async () => {
    const tiered = createTestCore({ MQTT_MCP_WRITE_TIER: 'publish-allowed' });
    try {
      expect(tiered.offeredTools().map((t) => t.name)).not.toContain('mqtt_clear_retained');
      expect(tiered.offeredTools().map((t) => t.name)).toContain('mqtt_list_retained');
      const err = await callErr(tiered, 'mqtt_restore_retained', {
        session_id: sessionId,
        undo_id: 'x',
      });
      expect(err.code).toBe('READ_ONLY');
      expect(err.message).toMatch(/MQTT_MCP_WRITE_TIER=full/);
    } finally {
      await tiered.close();
    }
  });

  it('names an unknown undo record', async () => {
    const err = await callErr(core, 'mqtt_restore_retained', {
      session_id: sessionId,
      undo_id: 'no-such-undo',
    });
    expect(err.code).toBe('NOT_FOUND');
  });
});

/** A 2025-11-25 SDK client on the test's core; with `answer`, it takes elicitations and answers so. */
async function legacyClient(answer?: 'accept' | 'decline') {
  const client = new Client(
    { name: 'confirm-test', version: '0' },
    { capabilities: answer ? { elicitation: {} } : {} },
  );
  const prompts: string[] = [];
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      prompts.push(request.params.message);
      return answer === 'accept'
        ? { action: 'accept', content: { confirm: true } }
        : { action: 'decline' };
    });
  }
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([createMcpServer(core, 'test').connect(a), client.connect(b)]);
  const clear = async (prefix: string) =>
    (await client.callTool({
      name: 'mqtt_clear_retained',
      arguments: { session_id: sessionId, topic_pattern: `${prefix}/#`, dry_run: false },
    })) as CallToolResult;
  return { client, prompts, clear };
}

const textOf = (r: CallToolResult) =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('confirmation prompt over MCP (2025-11-25 elicitation)', () => {
  it('clears after the user accepts a prompt listing the topics and values', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const { client, prompts, clear } = await legacyClient('accept');
    try {
      const result = await clear(prefix);
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ dry_run: false, count: 3 });
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toContain(`${prefix}/door/set = OPEN`);
      expect((await brokerRetained(`${prefix}/#`)).size).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('changes nothing when the user declines, or when the client cannot be asked', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const declining = await legacyClient('decline');
    const unable = await legacyClient();
    try {
      const declined = await declining.clear(prefix);
      expect(declined.isError).toBe(true);
      expect(textOf(declined)).toMatch(/^CONFIRMATION_REQUIRED: declined/);
      expect(declining.prompts).toHaveLength(1);
      const refused = await unable.clear(prefix);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/^CONFIRMATION_REQUIRED: .*call again with confirm "/);
      expect((await brokerRetained(`${prefix}/#`)).size).toBe(3);
    } finally {
      await declining.client.close();
      await unable.client.close();
    }
  });
});

describe('risky publishes need a confirmation that saw the retained value', () => {
  it('asks before a retained publish, showing what is retained now, and publishes with the token', async () => {
    const prefix = `ret/${letters()}`;
    await seed(prefix);
    const topic = `${prefix}/room/temp`;
    const args = { session_id: sessionId, topic, payload: '{"t":1}', retain: true };
    const asked = await callErr(core, 'mqtt_publish_message', args);
    expect(asked.code).toBe('CONFIRMATION_REQUIRED');
    expect(asked.message).toMatch(/retained on .* now: "\{"t":21.5/);
    expect(asked.message).toMatch(/nothing was sent/);
    expect((await brokerRetained(topic)).get(topic)?.payload.toString()).toContain('21.5');
    await callOk(core, 'mqtt_publish_message', { ...args, confirm: asked.details?.confirm });
    expect((await brokerRetained(topic)).get(topic)?.payload.toString()).toBe('{"t":1}');
    const stale = await callErr(core, 'mqtt_publish_message', {
      ...args,
      confirm: asked.details?.confirm,
    });
    expect(stale.code).toBe('INVALID_INPUT');
  });

  it('asks before a publish to a command topic, not before an ordinary one', async () => {
    const prefix = `ret/${letters()}`;
    const base = { session_id: sessionId, payload: 'ON' };
    const command = await callErr(core, 'mqtt_publish_message', {
      ...base,
      topic: `${prefix}/light/set`,
    });
    expect(command.code).toBe('CONFIRMATION_REQUIRED');
    expect(command.message).toMatch(/to a command topic .* now: nothing/);
    await callOk(core, 'mqtt_publish_message', { ...base, topic: `${prefix}/light/state` });
  });
});

describe('confirmation prompt over MCP (2026-07-28 input_required)', () => {
  it('clears after an accepted prompt and changes nothing after a declined one', async () => {
    const client = new ModernClient(
      { name: 'confirm-test-2026', version: '0' },
      {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        capabilities: { elicitation: { form: {} } },
      },
    );
    const answers: Array<'accept' | 'decline'> = ['decline', 'accept'];
    const prompts: string[] = [];
    client.setRequestHandler('elicitation/create', (request) => {
      prompts.push(request.params.message);
      return answers.shift() === 'accept'
        ? { action: 'accept', content: { confirm: true } }
        : { action: 'decline' };
    });
    await client.connect(
      new ModernStdio({
        command: process.execPath,
        args: [BIN],
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
        stderr: 'pipe',
      }),
    );
    try {
      expect(client.getProtocolEra()).toBe('modern');
      const opened = (await client.callTool({
        name: 'mqtt_establish_connection',
        arguments: { connection_string: broker.url },
      })) as CallToolResult;
      const id = (opened.structuredContent as { session_id: string }).session_id;
      const prefix = `ret/${letters()}`;
      await seed(prefix);
      const clear = async () =>
        (await client.callTool({
          name: 'mqtt_clear_retained',
          arguments: { session_id: id, topic_pattern: `${prefix}/#`, dry_run: false },
        })) as CallToolResult;
      const declined = await clear();
      expect(textOf(declined)).toMatch(/^CONFIRMATION_REQUIRED: declined/);
      expect((await brokerRetained(`${prefix}/#`)).size).toBe(3);
      const accepted = await clear();
      expect(accepted.isError, textOf(accepted)).toBeFalsy();
      expect(accepted.structuredContent).toMatchObject({ count: 3 });
      expect(prompts).toHaveLength(2);
      expect(prompts[1]).toContain(`${prefix}/door/set = OPEN`);
      expect((await brokerRetained(`${prefix}/#`)).size).toBe(0);
    } finally {
      await client.close();
    }
  });
});
