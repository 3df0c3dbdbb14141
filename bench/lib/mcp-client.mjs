// SDK Client helpers: spawn an MCP stdio server (the project's built bin or the bare floor) and call tools.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { makeTempDir, ROOT, stopPid, track } from './proc.mjs';

/** The project's stdio entry, as users run it (compiled dist/ behind bin/). */
export const PROJECT_BIN = join(ROOT, 'bin', 'mqtt-mcp.js');
/** The bare SDK echo server used as the floor. */
export const BARE_SERVER = join(ROOT, 'bench', 'lib', 'bare-sdk-server.mjs');

let logDir;

/**
 * Spawns `node <script>` as an MCP stdio server and connects the SDK Client (spawn + initialize).
 * stderr goes to a log file; returns the client, the server pid, the connect time and `close()`.
 * `nodeArgs` go before the script (diagnostics such as --cpu-prof).
 */
export async function spawnMcp(script, env = {}, label = 'mcp', nodeArgs = []) {
  logDir ??= makeTempDir('mqtt-mcp-bench-logs-');
  const logFile = join(logDir, `${label}-${process.hrtime.bigint()}.log`);
  const fd = openSync(logFile, 'a');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeArgs, script],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: fd,
    cwd: ROOT,
  });
  const client = new Client({ name: 'mqtt-mcp-bench', version: '0.0.0' });
  const t0 = performance.now();
  let pid = null;
  try {
    await client.connect(transport);
  } finally {
    closeSync(fd);
    pid = transport.pid;
    track(pid);
  }
  const connectMs = performance.now() - t0;
  return {
    client,
    pid,
    connectMs,
    stderr: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async close() {
      await client.close().catch(() => undefined);
      await stopPid(pid, 2000);
    },
  };
}

/** Calls a tool and returns its structured content; throws with the text on an error result. */
export async function callTool(client, name, args = {}, timeoutMs = 120_000) {
  const result = await client.callTool({ name, arguments: args }, undefined, {
    timeout: timeoutMs,
  });
  const text = result.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '';
  if (result.isError) throw new Error(`${name}: ${text}`);
  return result.structuredContent ?? JSON.parse(text || '{}');
}

/** Round-trip times (ms) of `n` sequential calls after `warmup` unmeasured ones. */
export async function timeCalls(client, name, args, { warmup = 100, n = 1000 } = {}) {
  for (let i = 0; i < warmup; i++) await client.callTool({ name, arguments: args });
  const times = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name, arguments: args });
    times[i] = performance.now() - t0;
    if (r.isError) throw new Error(`${name} failed during timing: ${JSON.stringify(r.content)}`);
  }
  return times;
}
