// A loopback Mosquitto broker for the benchmarks, configured as in performance-baselines.md §2.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort, makeTempDir, removeTempDir, sleep, spawnTracked, stopChild } from './proc.mjs';

const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

/** True when the mosquitto binary is installed. */
export function mosquittoInstalled() {
  return existsSync(MOSQUITTO_BIN);
}

async function probe(url) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 1000 }, false);
  await client.endAsync(true);
}

/**
 * Starts mosquitto on a free loopback port: anonymous, no persistence, `max_queued_messages 0`,
 * `set_tcp_nodelay true`, errors/warnings logged to a file. Resolves once it answers a CONNECT.
 */
export async function startMosquitto({ extraConfig = [] } = {}) {
  const dir = makeTempDir('mqtt-mcp-bench-mosquitto-');
  const port = await freePort();
  const logFile = join(dir, 'mosquitto.log');
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    'max_queued_messages 0',
    'set_tcp_nodelay true',
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    `log_dest file ${logFile}`,
    'log_type error',
    'log_type warning',
    ...extraConfig,
  ];
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child = spawnTracked(MOSQUITTO_BIN, ['-c', config], { stdio: 'ignore', cwd: dir });
  const url = `mqtt://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  let lastError;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    try {
      await probe(url);
      break;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`mosquitto not ready on ${url}: ${lastError?.message}`);
    }
    await sleep(20);
  }
  return {
    url,
    port,
    pid: child.pid,
    config: lines,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      await stopChild(child, { graceMs: 2000 });
      removeTempDir(dir);
    },
  };
}
