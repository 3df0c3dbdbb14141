// Recording lifecycle in an in-process hub against a real Mosquitto: recorded profiles open, reopen and retry
// by themselves; open sessions are recorded on demand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { useBroker } from '../../test/fixtures/broker';
import { startMosquitto } from '../../test/mosquitto';
import { letters, sleep } from '../../test/tool-fixture';
import { loadConfig } from '../config';
import { Hub } from '../hub';
import { profileKey, sessionKey } from './recording-manager';

const f = useBroker();

let hub: Hub;
let dir: string;

afterEach(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startHub(pattern: string): Promise<Hub> {
  dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-rec-'));
  const config = loadConfig({
    MQTT_MCP_DATA_DIR: dir,
    MQTT_MCP_RECORD_FLUSH_SECONDS: '1',
    MQTT_MCP_RECORD_PATTERN: pattern,
    LOG_LEVEL: 'silent',
  });
  hub = new Hub(config, pino({ level: 'silent' }));
  return hub;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const recorded = () => hub.recording?.status() ?? [];

async function messagesOf(source: string, pattern: string): Promise<number> {
  const now = Date.now();
  const counts = await hub.store?.record.counts({
    source,
    pattern,
    fromMs: now - 60_000,
    toMs: now + 60_000,
  });
  return counts?.totalMessages ?? 0;
}

describe('recorded profiles', () => {
  it('are opened by the hub at start and recorded with no tool call, reopened when closed, stopped with the flag', async () => {
    const p = letters();
    await startHub(`${p}/#`);
    const profile = hub.store!.profiles.create({
      name: 'home',
      connection_string: f.broker.url,
      record: true,
    });
    await hub.start();
    await until('the recording', () => recorded().length === 1);
    const first = recorded()[0]!;
    expect(first).toMatchObject({ source: { key: profileKey(profile.id), label: 'home' } });
    const opened = hub.store!.journal.page({ tool: 'mqtt_establish_connection' }).entries;
    expect(opened.map((e) => [e.caller, e.status])).toEqual([['hub', 'ok']]);

    await f.publisher.publishAsync(`${p}/t`, '21.5', { qos: 1 });
    await until(
      'the flushed batch',
      async () => (await messagesOf(first.source.key, `${p}/#`)) === 1,
    );

    await hub.callTool(
      'mqtt_close_connection',
      { session_id: first.session_id },
      { caller: 'test' },
    );
    await until(
      'the reopened recording',
      () =>
        recorded()[0]?.session_id !== undefined && recorded()[0]?.session_id !== first.session_id,
    );
    await f.publisher.publishAsync(`${p}/t`, '22', { qos: 1 });
    await until(
      'the second batch',
      async () => (await messagesOf(first.source.key, `${p}/#`)) === 2,
    );

    hub.store!.profiles.update(profile.id, { record: false });
    hub.recording!.syncProfiles();
    await until('the stop', () => recorded().length === 0);
    await until('the closed session', () => hub.core.sessions.list().length === 0);
  });

  it('retry while their broker is down and record once it is up', async () => {
    const p = letters();
    await startHub(`${p}/#`);
    const down = await startMosquitto({ debugLog: false });
    await down.stop();
    const profile = hub.store!.profiles.create({
      name: 'later',
      connection_string: down.url,
      record: true,
    });
    await hub.start();
    await until(
      'the failed first attempt',
      () =>
        hub.store!.journal.page({ tool: 'mqtt_establish_connection', status: 'error' }).entries
          .length === 1,
    );
    expect(hub.recording!.pending().map((x) => x.name)).toEqual(['later']);
    await down.start();
    try {
      await until('the recording', () => recorded().length === 1, 15_000);
      expect(recorded()[0]?.source.key).toBe(profileKey(profile.id));
      expect(hub.recording!.pending()).toEqual([]);
    } finally {
      await hub.close();
      await down.stop();
    }
  });
});

describe('recording an open session on demand', () => {
  it('records until stopped, leaving the session open; a profile recording is stopped by its flag only', async () => {
    const p = letters();
    await startHub(`${p}/#`);
    await hub.start();
    const out = await hub.callTool(
      'mqtt_establish_connection',
      { connection_string: f.broker.url },
      { caller: 'test' },
    );
    if (!out.ok) throw out.error;
    const id = String(out.data.session_id);
    const status = await hub.recording!.recordSession(id);
    expect(status.source).toEqual({
      key: sessionKey(id),
      label: expect.stringContaining('mqtt://127.0.0.1'),
    });
    expect(await hub.recording!.recordSession(id)).toMatchObject({ session_id: id });
    await f.publisher.publishAsync(`${p}/x`, '1', { qos: 1 });
    await sleep(100);
    expect(await hub.recording!.stopSession(id)).toBe(true);
    expect(await messagesOf(sessionKey(id), `${p}/#`)).toBe(1);
    expect(await hub.recording!.stopSession(id)).toBe(false);
    expect(hub.core.sessions.list().map((s) => s.id)).toEqual([id]);

    hub.store!.profiles.create({ name: 'rec', connection_string: f.broker.url, record: true });
    hub.recording!.syncProfiles();
    await until('the profile recording', () => recorded().length === 1);
    await expect(hub.recording!.stopSession(recorded()[0]!.session_id)).rejects.toThrow(
      /turn off the profile's record flag/,
    );
    await expect(hub.recording!.recordSession('nope')).rejects.toThrow(/no session nope/);
  });
});
