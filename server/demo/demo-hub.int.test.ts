// Integration tests of the demo broker in the hub: its stable port, the default broker, and one console session per demo.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/mosquitto';
import { loadConfig } from '../config';
import { Hub } from '../hub';
import { createCaller } from '../trpc/routers/_app';

const hubs: Hub[] = [];
const dirs: string[] = [];

function newHub(env: Record<string, string> = {}): Hub {
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-demo-hub-'));
  dirs.push(dir);
  const hub = new Hub(
    loadConfig({ MQTT_MCP_DATA_DIR: dir, MQTT_MCP_HUB_SOCKET: 'off', ...env }),
    pino({ level: 'silent' }),
  );
  hubs.push(hub);
  return hub;
}

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the hub demo broker', () => {
  it('listens on MQTT_MCP_DEMO_PORT and is the core default broker while it runs', async () => {
    const port = await freePort();
    const hub = newHub({ MQTT_MCP_DEMO_PORT: String(port) });
    expect(hub.demoBrokerUrl()).toBeUndefined();
    const demo = await hub.startDemo();
    expect(demo.url).toBe(`mqtt://127.0.0.1:${port}`);
    expect(hub.demoBrokerUrl()).toBe(demo.url);
    expect(hub.core.demoBrokerUrl()).toBe(demo.url);
    await hub.stopDemo();
    expect(hub.core.demoBrokerUrl()).toBeUndefined();
  });

  it('falls back to a free port when MQTT_MCP_DEMO_PORT is taken', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const hub = newHub({ MQTT_MCP_DEMO_PORT: String(port) });
      const demo = await hub.startDemo();
      expect(demo.port).not.toBe(port);
      expect(demo.port).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('connectDemo reuses the connected session: concurrent and repeated clicks open one', async () => {
    const hub = newHub({ MQTT_MCP_DEMO_PORT: '0' });
    const api = createCaller({ hub, denial: null });
    const [a, b] = await Promise.all([api.system.connectDemo(), api.system.connectDemo()]);
    expect(b.session_id).toBe(a.session_id);
    expect(a.reused).toBe(false);
    const again = await api.system.connectDemo();
    expect(again).toMatchObject({ session_id: a.session_id, reused: true, url: a.url });
    const sessions = await api.sessions.list();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ state: 'connected', protocol_version: 4 });
    expect(sessions[0]?.broker).toBe(a.url);

    await api.sessions.close({ session_id: a.session_id });
    const fresh = await api.system.connectDemo();
    expect(fresh.reused).toBe(false);
    expect(fresh.session_id).not.toBe(a.session_id);
    expect(await api.sessions.list()).toHaveLength(1);
  });
});
