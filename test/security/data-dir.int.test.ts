// The hub's data dir and token file on disk: a planted token symlink is not adopted, loose modes are tightened.
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hubBuilt, startHubProcess, type HubProcess } from '../hub-process';
import { INITIALIZE, MCP_POST, raw } from './http-support';

const hubs: HubProcess[] = [];

/** Waits (up to 3 s) for the hub's log to show a line; logs are written asynchronously. */
async function logged(hub: HubProcess, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 30 && !pattern.test(hub.output()); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return hub.output();
}
afterAll(async () => {
  for (const h of hubs) await h.stop();
});

describe.runIf(hubBuilt())('the data directory of the hub', () => {
  it('refuses a token planted as a symlink and tightens a world-writable data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-planted-'));
    chmodSync(dir, 0o777);
    const planted = join(mkdtempSync(join(tmpdir(), 'mqtt-mcp-attacker-')), 'token');
    const known = 'attacker-knows-this-token-0123456789';
    writeFileSync(planted, `${known}\n`);
    symlinkSync(planted, join(dir, 'token'));
    const hub = await startHubProcess({ MQTT_MCP_DATA_DIR: dir, MQTT_MCP_TRUST_LOOPBACK: 'false' });
    hubs.push(hub);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await logged(hub, /had mode 0777/)).toMatch(/had mode 0777; changed to 0700/);
    const symlink = /is a symbolic link; the token is never read or written through/;
    expect(await logged(hub, symlink)).toMatch(symlink);
    // The planted token opens nothing, and nothing was written through the link.
    const init = await raw(hub.port, '/api/mcp', {
      headers: { ...MCP_POST, authorization: `Bearer ${known}` },
      body: INITIALIZE,
    });
    expect(init.status).toBe(401);
    expect(lstatSync(join(dir, 'token')).isSymbolicLink()).toBe(true);
    expect(readFileSync(planted, 'utf8')).toBe(`${known}\n`);
  });

  it('tightens a 0644 token file to 0600 and keeps using it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-loose-'));
    const token = 'an-operator-token-0123456789';
    writeFileSync(join(dir, 'token'), `${token}\n`);
    chmodSync(join(dir, 'token'), 0o644);
    const hub = await startHubProcess({ MQTT_MCP_DATA_DIR: dir, MQTT_MCP_TRUST_LOOPBACK: 'false' });
    hubs.push(hub);
    expect(statSync(join(dir, 'token')).mode & 0o777).toBe(0o600);
    const init = await raw(hub.port, '/api/mcp', {
      headers: { ...MCP_POST, authorization: `Bearer ${token}` },
      body: INITIALIZE,
    });
    expect(init.status).toBe(200);
  });
});
