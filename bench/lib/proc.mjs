// Process helpers for the benchmarks: tracked children killed on exit, RSS from /proc, ports, temp dirs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project root (/work/main). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Promise that resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tracked = new Map(); // pid -> { group: boolean }
const tempDirs = new Set();
let installed = false;

function killPid(pid, group, signal = 'SIGKILL') {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every child this process started and still tracks (synchronous; safe in 'exit'). */
export function killAllTracked() {
  for (const [pid, { group }] of tracked) killPid(pid, group);
  tracked.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort.
    }
  }
  tempDirs.clear();
}

function installCleanup() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllTracked);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      killAllTracked();
      process.exit(130);
    });
  }
}

/** Registers a child pid (started by us) to be SIGKILLed at exit; `group` kills its process group. */
export function track(pid, group = false) {
  installCleanup();
  if (pid) tracked.set(pid, { group });
}

/** Forgets a pid once it has exited. */
export function untrack(pid) {
  tracked.delete(pid);
}

/** Spawns a tracked child; with `group: true` it leads its own process group (killed as a group). */
export function spawnTracked(command, args, options = {}) {
  const { group = false, ...rest } = options;
  const child = spawn(command, args, { ...rest, detached: group });
  track(child.pid, group);
  child.once('exit', () => untrack(child.pid));
  return child;
}

/** True while the pid exists (and is not a zombie of ours). */
export function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Waits for a ChildProcess to exit, up to `timeoutMs`; true when it did. */
export function waitExit(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      res(true);
    });
  });
}

/** Stops a child: `signal` first (group-wide when it leads one), SIGKILL after `graceMs`. */
export async function stopChild(child, { signal = 'SIGTERM', graceMs = 3000, group = false } = {}) {
  if (!child?.pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    killPid(child.pid, group, signal);
    if (!(await waitExit(child, graceMs))) {
      killPid(child.pid, group, 'SIGKILL');
      await waitExit(child, graceMs);
    }
  }
  if (group) killPid(child.pid, true, 'SIGKILL');
  untrack(child.pid);
}

/** Stops a pid we started (SDK transports spawn for us): SIGTERM, then SIGKILL after `graceMs`. */
export async function stopPid(pid, graceMs = 3000) {
  if (!pid) return;
  if (alive(pid)) {
    killPid(pid, false, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (alive(pid) && Date.now() < deadline) await sleep(20);
    if (alive(pid)) killPid(pid, false, 'SIGKILL');
  }
  untrack(pid);
}

function statusField(pid, field) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MB (VmRSS from /proc/<pid>/status). */
export function rssMb(pid) {
  return statusField(pid, 'VmRSS');
}

/** Peak resident set size of a process in MB (VmHWM). */
export function hwmMb(pid) {
  return statusField(pid, 'VmHWM');
}

/** Pids of a process and all its descendants (via /proc/<pid>/task/<tid>/children). */
export function processTree(pid) {
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    let tids = [];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return out;
}

/** Summed VmRSS (MB) of a process and its descendants, with the process count. */
export function treeRssMb(pid) {
  const pids = processTree(pid);
  return { rss: pids.reduce((s, p) => s + (rssMb(p) || 0), 0), processes: pids.length };
}

/** A free loopback TCP port (never 1883). */
export async function freePort() {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((res, rej) => {
      const srv = createServer();
      srv.once('error', rej);
      srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
        const p = srv.address().port;
        srv.close(() => res(p));
      });
    });
    if (port !== 1883) return port;
  }
  throw new Error('no free loopback port');
}

/** A temp dir removed at exit (or earlier by `removeTempDir`). */
export function makeTempDir(prefix) {
  installCleanup();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a temp dir made by `makeTempDir`. */
export function removeTempDir(dir) {
  tempDirs.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Best effort.
  }
}

/**
 * Reads newline-delimited JSON objects from a child's stdout; `next(predicate, timeoutMs)` resolves
 * with the first (buffered or future) object that matches, or rejects on timeout or exit.
 */
export function jsonLines(child, label = 'child') {
  const buffered = [];
  const waiters = [];
  let rest = '';
  let stderr = '';
  let exited = false;
  child.stderr?.on('data', (c) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const deliver = (obj) => {
    const i = waiters.findIndex((w) => w.pred(obj));
    if (i >= 0) {
      const [w] = waiters.splice(i, 1);
      clearTimeout(w.timer);
      w.res(obj);
    } else buffered.push(obj);
  };
  child.stdout.on('data', (chunk) => {
    rest += chunk.toString();
    let nl;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      try {
        deliver(JSON.parse(line));
      } catch {
        // Not JSON: ignored.
      }
    }
  });
  child.once('exit', (code, signal) => {
    exited = true;
    for (const w of waiters.splice(0)) {
      clearTimeout(w.timer);
      w.rej(new Error(`${label} exited (${code ?? signal}) before ${w.what}; stderr: ${stderr}`));
    }
  });
  return {
    stderr: () => stderr,
    next(pred = () => true, timeoutMs = 30_000, what = 'the expected line') {
      const i = buffered.findIndex(pred);
      if (i >= 0) return Promise.resolve(buffered.splice(i, 1)[0]);
      if (exited) return Promise.reject(new Error(`${label} already exited; stderr: ${stderr}`));
      return new Promise((res, rej) => {
        const w = { pred, res, rej, what };
        w.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          rej(
            new Error(
              `${label}: timeout after ${timeoutMs} ms waiting for ${what}; stderr: ${stderr}`,
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },
  };
}

/** Spawns `node bench/lib/<script>` with a JSON options argument; returns the child and its JSON lines. */
export function spawnNodeScript(script, options = {}) {
  const child = spawnTracked(
    process.execPath,
    [join(ROOT, 'bench', 'lib', script), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: ROOT,
    },
  );
  return { child, lines: jsonLines(child, script) };
}
