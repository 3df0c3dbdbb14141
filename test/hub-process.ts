// Test support: runs the production hub (`next start` of the built app) on a free port with its own data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { childEnv } from './child-env';
import { freePort } from './mosquitto';

/** A running hub process. */
export interface HubProcess {
  url: string;
  /** MQTT_MCP_HUB_URL of the hub's local bridge socket (`unix:<data dir>/hub.sock`). */
  socketUrl: string;
  port: number;
  dataDir: string;
  /** Process id of the running hub (undefined while stopped). */
  pid(): number | undefined;
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');
const NEXT_BIN = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** True when `next build` has produced the production build the hub tests need. */
export function hubBuilt(): boolean {
  return existsSync(join(ROOT, '.next', 'BUILD_ID'));
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hub exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hub did not become ready:\n${output()}`);
}

/** Starts the built hub with the given environment (MQTT_MCP_* variables). */
export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  if (!hubBuilt()) throw new Error('the hub is not built: run `npx next build` first');
  const port = await freePort();
  const dataDir = env.MQTT_MCP_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mqtt-mcp-hub-'));
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      process.execPath,
      [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: ROOT,
        env: childEnv({
          NEXT_TELEMETRY_DISABLED: '1',
          LOG_LEVEL: 'info',
          ...env,
          MQTT_MCP_DATA_DIR: dataDir,
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    proc.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    process.once('exit', () => proc.kill('SIGKILL'));
    await waitReady(url, proc, () => log);
  };
  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((res) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', () => res());
      child.kill(signal);
    });
  await start();
  return {
    url,
    socketUrl: `unix:${join(dataDir, 'hub.sock')}`,
    port,
    dataDir,
    pid: () => (child && child.exitCode === null ? child.pid : undefined),
    output: () => log,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    start,
  };
}

/**
 * Starts a hub with `env` before the tests of the file (or describe block) when the hub is built,
 * and stops it after them; the returned function gives the running hub.
 */
export function useHubProcess(env: Record<string, string> = {}): () => HubProcess {
  let hub: HubProcess | undefined;
  beforeAll(async () => {
    if (hubBuilt()) hub = await startHubProcess(env);
  }, 90_000);
  afterAll(async () => {
    await hub?.stop();
  });
  return () => {
    if (!hub) throw new Error('the hub is not running: is it built?');
    return hub;
  };
}
