// Next.js processes for the hub benchmarks: the built hub (`next start`) and a minimal app built at run time.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  makeTempDir,
  ROOT,
  sleep,
  spawnTracked,
  stopChild,
  track,
  treeRssMb,
  untrack,
} from './proc.mjs';
import { median } from './stats.mjs';

/** The Next.js CLI of the project (the same version serves the minimal app). */
export const NEXT_BIN = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Figures of performance-baselines.md §2g (Next 16.4.6 minimal app, `next start`, this VM class). */
export const DOCUMENTED_MINIMAL = {
  idleRssMb: 87.2,
  loadedRssMb: 143,
  firstOkMs: 760,
  routeP50Ms: 4.75,
  routeP99Ms: 18.5,
  source: 'performance-baselines.md §2g (medians of the documented ranges)',
};

/** True when the hub's production build exists (.next/BUILD_ID). */
export function hubBuilt() {
  return existsSync(join(ROOT, '.next', 'BUILD_ID'));
}

const FILES = {
  'package.json': '{ "name": "mqtt-mcp-bench-minimal-next", "private": true }\n',
  // Turbopack resolves only inside its root; the node_modules symlink points into the project.
  'next.config.mjs': "export default { turbopack: { root: '/' }, outputFileTracingRoot: '/' };\n",
  'app/layout.js':
    'export default function RootLayout({ children }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n',
  'app/page.js':
    "export const dynamic = 'force-dynamic';\nexport default function Page() {\n  return (<main><h1>minimal</h1><p>{new Date().toISOString()}</p></main>);\n}\n",
  'app/api/health/route.js':
    "export const dynamic = 'force-dynamic';\nexport function GET() {\n  return Response.json({ status: 'ok', at: new Date().toISOString() });\n}\n",
};

/** Runs a command to completion (tracked, killed at exit), resolving with its exit code and output tail. */
export function runCommand(command, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    track(child.pid, true);
    let out = '';
    const add = (c) => (out = (out + c.toString()).slice(-8000));
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => {
      out += `\n(timeout after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      untrack(child.pid);
      resolve({ code: code ?? (signal ? 1 : 0), output: out });
    });
  });
}

let minimal;

/** Forgets the cached minimal app build (after its temp dir was removed). */
export function resetMinimalApp() {
  minimal = undefined;
}

/**
 * Builds the minimal Next.js app (one force-dynamic page, one route handler /api/health) in a
 * temp dir with the project's own `next`, once per process; resolves { dir } or { error }.
 */
export function minimalApp() {
  minimal ??= (async () => {
    const dir = makeTempDir('mqtt-mcp-bench-minimal-next-');
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const started = performance.now();
    const r = await runCommand(process.execPath, [NEXT_BIN, 'build'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NEXT_TELEMETRY_DISABLED: '1',
        HOME: process.env.HOME ?? dir,
      },
    });
    if (r.code !== 0 || !existsSync(join(dir, '.next', 'BUILD_ID'))) {
      return { error: `minimal app build failed (exit ${r.code}): ${r.output.slice(-1500)}` };
    }
    return { dir, buildMs: performance.now() - started };
  })();
  return minimal;
}

/**
 * The minimal app as the floor of a hub benchmark: whether it was `built`, `start()` to run it,
 * `value(measured, key)` (the median measured, or without a build the `documented` figure `key`),
 * the floor's `source`, and the `note` a result carries when the documented floor stood in.
 */
export async function minimalFloor() {
  const min = await minimalApp();
  return {
    built: Boolean(min.dir),
    start: () => startNext(min.dir),
    documented: DOCUMENTED_MINIMAL,
    value: (measured, key) => (measured.length ? median(measured) : DOCUMENTED_MINIMAL[key]),
    source: min.dir ? 'minimal app built in this run' : DOCUMENTED_MINIMAL.source,
    note: min.dir
      ? ''
      : `minimal app unavailable (${min.error?.slice(0, 200)}); documented floor used.`,
  };
}

/**
 * Spawns `next start` in `dir` on a free loopback port as its own process group. `ready(path)`
 * polls until `path` answers 200 and returns ms since spawn; `rss()` sums the process tree.
 */
export async function startNext(dir, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const t0 = performance.now();
  const child = spawnTracked(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NEXT_TELEMETRY_DISABLED: '1',
        HOME: process.env.HOME ?? dir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      group: true,
    },
  );
  let readyLogMs;
  const add = (c) => {
    log = (log + c.toString()).slice(-20_000);
    if (readyLogMs === undefined && /Ready in/.test(log)) readyLogMs = performance.now() - t0;
  };
  child.stdout.on('data', add);
  child.stderr.on('data', add);
  return {
    url,
    port,
    pid: child.pid,
    log: () => log,
    /** Ms from spawn to the "Ready in" log line (undefined until it appears). */
    readyLogMs: () => readyLogMs,
    /** Polls `path` every 10 ms until HTTP 200; returns ms since spawn. */
    async ready(path, timeoutMs = 60_000) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        if (child.exitCode !== null)
          throw new Error(`next start exited (${child.exitCode}): ${log.slice(-2000)}`);
        try {
          const res = await fetch(`${url}${path}`);
          await res.arrayBuffer();
          if (res.status === 200) return performance.now() - t0;
        } catch {
          // Not listening yet.
        }
        await sleep(10);
      }
      throw new Error(`${url}${path} not 200 within ${timeoutMs} ms: ${log.slice(-2000)}`);
    },
    rss: () => treeRssMb(child.pid),
    stop: () => stopChild(child, { group: true, graceMs: 3000 }),
  };
}

/** Starts the project's hub (`next start` in the project) with a fresh data dir; `socketUrl` is its bridge socket. */
export async function startHub(env = {}) {
  const dataDir = makeTempDir('mqtt-mcp-bench-hub-data-');
  const hub = await startNext(ROOT, { MQTT_MCP_DATA_DIR: dataDir, ...env });
  return { ...hub, dataDir, socketUrl: `unix:${join(dataDir, 'hub.sock')}` };
}

/** Sequential GET round trips (ms) of `n` requests after `warmup`, bodies read. */
export async function timeFetches(url, { warmup = 50, n = 500, init } = {}) {
  for (let i = 0; i < warmup; i++) await (await fetch(url, init)).arrayBuffer();
  const times = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    times[i] = performance.now() - t;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  return times;
}

/** Reads a JSON file, or undefined. */
export function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
