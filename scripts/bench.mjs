// `npm run bench`: runs the benchmarks under bench/ against their same-run floors and writes bench/results/.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mosquittoInstalled } from '../bench/lib/mosquitto.mjs';
import { hubBuilt, resetMinimalApp, runCommand } from '../bench/lib/next-app.mjs';
import { killAllTracked, ROOT, sleep } from '../bench/lib/proc.mjs';

/** The benchmarks in run order; `hub` ones need the production build (.next/BUILD_ID). */
const BENCHMARKS = [
  { name: 'ingest', file: 'ingest.mjs', broker: true },
  { name: 'no-loss', file: 'no-loss.mjs', broker: true },
  { name: 'diagnose', file: 'diagnose.mjs', broker: true },
  { name: 'tool-overhead', file: 'tool-overhead.mjs', broker: true },
  { name: 'cold-start', file: 'cold-start.mjs' },
  { name: 'latency-probe', file: 'latency-probe.mjs', broker: true },
  { name: 'stdio-memory', file: 'stdio-memory.mjs', broker: true },
  { name: 'bridge-overhead', file: 'bridge-overhead.mjs', broker: true, hub: true },
  { name: 'hub-memory', file: 'hub-memory.mjs', broker: true, hub: true },
  { name: 'hub-readiness', file: 'hub-readiness.mjs', hub: true },
  { name: 'trpc-overhead', file: 'trpc-overhead.mjs', broker: true, hub: true },
  { name: 'explorer-load', file: 'explorer-load.mjs', broker: true, hub: true },
  { name: 'recorder', file: 'recorder.mjs', broker: true, hub: true },
];
const BENCH_TIMEOUT_MS = 20 * 60_000;
const RESULTS = join(ROOT, 'bench', 'results');

function parseArgs(argv) {
  const opts = { only: null, reps: 3, quick: false, hub: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--hub') opts.hub = true;
    else if (a === '--reps') opts.reps = Number(argv[++i]);
    else if (a.startsWith('--reps=')) opts.reps = Number(a.slice(7));
    else if (a === '--only') opts.only = argv[++i];
    else if (a.startsWith('--only=')) opts.only = a.slice(7);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: npm run bench -- [--only name[,name]] [--reps N] [--quick] [--hub]\n' +
          `benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (opts.quick && !argv.includes('--reps') && !argv.some((a) => a.startsWith('--reps=')))
    opts.reps = 1;
  if (!Number.isInteger(opts.reps) || opts.reps < 1 || opts.reps > 20)
    throw new Error('--reps must be 1..20');
  if (opts.only) {
    opts.only = opts.only.split(',').map((s) => s.trim());
    const unknown = opts.only.filter((n) => !BENCHMARKS.some((b) => b.name === n));
    if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  }
  return opts;
}

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

/** Pids of `next build` processes running in the project (another session may be building). */
function projectNextBuilds() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const inRoot = readlinkSync(`/proc/${entry}/cwd`) === ROOT;
      if (cmd.some((c) => c.endsWith('next')) && cmd.includes('build') && inRoot)
        pids.push(Number(entry));
    } catch {
      // Gone or not readable.
    }
  }
  return pids;
}

/** Newest mtime (ms) of the non-test TypeScript sources under the given project folders. */
function newestSourceMs(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  for (const d of dirs) if (existsSync(join(ROOT, d))) walk(join(ROOT, d));
  return newest;
}

/** Waits (up to 10 min) while another session's `next build` rewrites the project's .next. */
async function waitForProjectBuilds() {
  for (let waited = 0; projectNextBuilds().length && waited < 600; waited += 5) {
    if (waited === 0) log('a `next build` is running in the project; waiting for it to finish');
    await sleep(5000);
  }
}

/** Runs a build step, retrying while other sessions' in-progress edits make it fail. */
async function buildWithRetry(label, command, args, check, attempts = 4) {
  for (let i = 1; i <= attempts; i++) {
    log(`${label} (attempt ${i}/${attempts})`);
    const r = await runCommand(command, args, {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      timeoutMs: 15 * 60_000,
    });
    if (r.code === 0 && check()) return true;
    log(`${label} failed (exit ${r.code}):\n${r.output.slice(-3000)}`);
    if (i < attempts) await sleep(30_000);
  }
  return false;
}

function machineInfo(opts) {
  const cpus = os.cpus();
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    // Not a git checkout.
  }
  const versions = {};
  for (const name of [
    'mqtt',
    'next',
    '@modelcontextprotocol/server',
    '@modelcontextprotocol/client',
    'zod',
  ]) {
    try {
      versions[name] = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ).version;
    } catch {
      versions[name] = null;
    }
  }
  const m = spawnSync(process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto', ['-h'], {
    encoding: 'utf8',
    timeout: 5000,
  });
  versions.mosquitto =
    /mosquitto version (\S+)/.exec(`${m.stdout ?? ''}${m.stderr ?? ''}`)?.[1] ?? null;
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? null,
    total_mem_mb: Math.round(os.totalmem() / 1048576),
    loadavg_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
    git_commit: commit,
    versions,
    args: { reps: opts.reps, quick: opts.quick, only: opts.only, hub: opts.hub },
  };
}

const fmt = (v) => {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (typeof v !== 'number') return String(v);
  const a = Math.abs(v);
  return a >= 1000
    ? String(Math.round(v))
    : a >= 100
      ? v.toFixed(1)
      : a >= 1
        ? v.toFixed(2)
        : v.toFixed(3);
};

function cell(side, unit) {
  if (!side) return '-';
  if (side.p50 !== undefined && side.p99 !== undefined)
    return `p50 ${fmt(side.p50)} / p99 ${fmt(side.p99)} ${unit}`;
  return `${fmt(side.value)} ${unit}`;
}

function ratioCell(r) {
  let s = fmt(r.ratio);
  if (r.ratio_p99 !== undefined) s += ` (p99 ${fmt(r.ratio_p99)})`;
  if (r.diff_p50_ms !== undefined)
    s += ` (Δp50 ${r.diff_p50_ms >= 0 ? '+' : ''}${fmt(r.diff_p50_ms)} ms)`;
  return s;
}

function table(results) {
  const head = ['benchmark', 'floor', 'project', 'ratio', 'goal', 'pass'];
  const rows = results.map((r) => [
    r.name,
    r.error ? '-' : cell(r.floor, r.unit),
    r.error ? `ERROR: ${r.error.split('\n')[0].slice(0, 80)}` : cell(r.project, r.unit),
    r.error ? '-' : ratioCell(r),
    r.goal,
    r.skipped ? 'SKIP' : r.pass === null ? 'info' : r.pass ? 'pass' : '**FAIL**',
  ]);
  const esc = (s) => String(s).replaceAll('|', '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n');
}

function writeAtomic(file, text) {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => !opts.only || opts.only.includes(b.name));

  const dist = join(ROOT, 'dist', 'mcp', 'stdio.js');
  const sourcesMs = newestSourceMs(['mcp', 'server']);
  if (!existsSync(dist) || statSync(dist).mtimeMs < sourcesMs) {
    log(existsSync(dist) ? 'dist/ is older than mcp/ or server/: rebuilding' : 'dist/ is missing');
    const ok = await buildWithRetry('npm run build:mcp', 'npm', ['run', 'build:mcp'], () =>
      existsSync(join(ROOT, 'dist', 'mcp', 'stdio.js')),
    );
    if (!ok) throw new Error('dist/mcp/stdio.js could not be built (npm run build:mcp)');
  }
  if (opts.hub && selected.some((b) => b.hub)) {
    await waitForProjectBuilds();
    const ok = await buildWithRetry('npx next build', 'npx', ['next', 'build'], hubBuilt);
    if (!ok) log('the hub could not be built; hub benchmarks are skipped');
  }

  const info = machineInfo(opts);
  info.dist_built_at = existsSync(dist) ? new Date(statSync(dist).mtimeMs).toISOString() : null;
  const buildId = join(ROOT, '.next', 'BUILD_ID');
  if (existsSync(buildId)) {
    info.hub_built_at = new Date(statSync(buildId).mtimeMs).toISOString();
    const hubSources = newestSourceMs(['app', 'mcp', 'server']);
    if (statSync(buildId).mtimeMs < hubSources) {
      info.hub_build_stale = `the hub build (.next) is older than app/, mcp/ or server/ sources (newest ${new Date(hubSources).toISOString()}); run with --hub to rebuild`;
      log(info.hub_build_stale);
    }
  }
  const results = [];
  for (const b of selected) {
    const started = Date.now();
    const base = {
      name: b.name,
      benchmark: b.name,
      ran_at: new Date().toISOString(),
      loadavg_before: os.loadavg()[0],
    };
    if (b.hub) await waitForProjectBuilds();
    if (b.hub && !hubBuilt()) {
      results.push({
        ...base,
        goal: '(hub benchmark)',
        skipped: true,
        pass: false,
        error: 'hub not built: no .next/BUILD_ID (run with --hub to build it)',
      });
      log(`${b.name}: skipped (no .next/BUILD_ID; use --hub)`);
      continue;
    }
    if (b.broker && !mosquittoInstalled()) {
      results.push({
        ...base,
        goal: '(needs mosquitto)',
        skipped: true,
        pass: false,
        error: 'mosquitto is not installed',
      });
      continue;
    }
    log(`${b.name}: running (reps ${opts.reps}${opts.quick ? ', quick' : ''}) ...`);
    try {
      const mod = await import(pathToFileURL(join(ROOT, 'bench', b.file)).href);
      const attempt = () =>
        withTimeout(mod.run({ reps: opts.reps, quick: opts.quick }), BENCH_TIMEOUT_MS, b.name);
      let out;
      try {
        out = await attempt();
      } catch (err) {
        // A hub that never got ready is usually a concurrent `next build` rewriting .next: retry once.
        if (!b.hub || !/not 200 within/.test(String(err.message))) throw err;
        log(`${b.name}: the hub did not get ready; retrying once after concurrent builds`);
        killAllTracked();
        resetMinimalApp();
        await waitForProjectBuilds();
        out = await attempt();
      }
      for (const r of Array.isArray(out) ? out : [out]) {
        results.push({
          ...base,
          ...r,
          seconds: Math.round((Date.now() - started) / 100) / 10,
          loadavg_after: os.loadavg()[0],
        });
        log(
          `${r.name}: ${r.pass === null ? 'info' : r.pass ? 'pass' : 'FAIL'} (ratio ${ratioCell(r)})`,
        );
      }
    } catch (err) {
      log(`${b.name}: ERROR ${err.stack ?? err}`);
      results.push({ ...base, goal: '(error)', pass: false, error: String(err.message ?? err) });
      // A failed or timed-out benchmark may leave children: kill what we started, rebuild caches later.
      killAllTracked();
      resetMinimalApp();
    }
  }
  info.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  if (info.loadavg_start[0] > info.cpus || info.loadavg_end[0] > info.cpus) {
    info.warning = `load average above the CPU count (${info.loadavg_start[0]} / ${info.loadavg_end[0]} on ${info.cpus} CPUs): other processes competed for CPU; ratios are noisier than usual`;
  }

  mkdirSync(RESULTS, { recursive: true });
  const stamp = info.date.replace(/[:.]/g, '-');
  let all = results;
  const latestJson = join(RESULTS, opts.quick ? 'latest-quick.json' : 'latest.json');
  if (opts.only && !opts.quick && existsSync(latestJson)) {
    // A partial run updates its rows in latest.json and keeps the others (each row has ran_at).
    try {
      // Rows are replaced per benchmark (one benchmark may write several rows); rows of retired
      // benchmarks are dropped; the order is that of BENCHMARKS, rows of one benchmark as written.
      const prev = JSON.parse(readFileSync(latestJson, 'utf8')).results ?? [];
      const order = BENCHMARKS.map((b) => b.name);
      const owner = (r) => r.benchmark ?? r.name;
      const rerun = new Set(results.map(owner));
      const kept = prev.filter((r) => !rerun.has(owner(r)) && order.includes(owner(r)));
      all = [...kept, ...results]
        .map((r, i) => ({ r, i }))
        .sort((a, b) => order.indexOf(owner(a.r)) - order.indexOf(owner(b.r)) || a.i - b.i)
        .map(({ r }) => r);
    } catch {
      // Unreadable: replaced.
    }
  }
  const doc = { machine: info, results: all };
  const md =
    `# Benchmark results${opts.quick ? ' (quick smoke run)' : ''}\n\n` +
    `${info.date}, node ${info.node}, ${info.cpus} CPU(s) (${info.cpu_model}), load ${info.loadavg_start.join(' ')} -> ${info.loadavg_end.join(' ')}, reps ${opts.reps}.\n` +
    (info.warning ? `\n> ${info.warning}\n` : '') +
    (info.hub_build_stale ? `\n> ${info.hub_build_stale}\n` : '') +
    `\n${table(all)}\n\n` +
    all.map((r) => `- **${r.name}**: ${r.error ? `error: ${r.error}` : r.notes}`).join('\n') +
    '\n';
  writeAtomic(latestJson, `${JSON.stringify(doc, null, 2)}\n`);
  writeAtomic(join(RESULTS, opts.quick ? 'latest-quick.md' : 'latest.md'), md);
  if (!opts.quick)
    writeAtomic(
      join(RESULTS, `${stamp}.json`),
      `${JSON.stringify({ machine: info, results }, null, 2)}\n`,
    );

  process.stdout.write(`\n${table(results)}\n\n`);
  const failed = results.filter((r) => r.pass !== true && r.pass !== null);
  const judged = results.filter((r) => r.pass !== null);
  if (info.warning) process.stdout.write(`WARNING: ${info.warning}\n`);
  if (info.hub_build_stale) process.stdout.write(`WARNING: ${info.hub_build_stale}\n`);
  process.stdout.write(
    failed.length
      ? `FAIL: ${failed.map((r) => r.name).join(', ')} (${judged.length - failed.length}/${judged.length} passed)\n`
      : `all ${judged.length} passed\n`,
  );
  process.stdout.write(`results: ${latestJson}\n`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`[bench] fatal: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  killAllTracked();
  await sleep(100);
}
process.exit(process.exitCode ?? 0);
