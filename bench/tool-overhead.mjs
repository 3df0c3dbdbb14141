// G5 tool overhead: mqtt_list_active_connections over stdio vs a bare SDK server's echo tool, p50 and p99.
import { median, round, summarize } from './lib/stats.mjs';
import { BARE_SERVER, PROJECT_BIN, spawnMcp, timeCalls } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { cpuMs, openSession } from './lib/project.mjs';

/**
 * Per rep: a fresh bare SDK echo server (16 B text) and a fresh project server holding one open
 * session; each gets `warmup` unmeasured then `n` measured sequential tools/call round trips
 * from the SDK Client (no tools/list first, so no client-side output validation on either side).
 */
export async function run({ reps = 3, quick = false } = {}) {
  const warmup = quick ? 20 : 100;
  const n = quick ? 200 : 1000;
  const broker = await startMosquitto();
  const bare = [];
  const proj = [];
  const cpu = { bare: [], proj: [] };
  // Times `n` calls after `warmup`; also the server's CPU per call (/proc), which load noise spares.
  const measure = async (s, name, args, into, cpuInto) => {
    await timeCalls(s.client, name, args, { warmup, n: 0 });
    const c0 = cpuMs(s.pid);
    into.push(summarize(await timeCalls(s.client, name, args, { warmup: 0, n })));
    cpuInto.push(((cpuMs(s.pid) - c0) * 1000) / n);
  };
  try {
    const measureBare = async () => {
      const s = await spawnMcp(BARE_SERVER, {}, 'bare-overhead');
      try {
        await measure(s, 'echo', { text: 'hello-benchmark!' }, bare, cpu.bare);
      } finally {
        await s.close();
      }
    };
    const measureProject = async () => {
      const s = await spawnMcp(PROJECT_BIN, {}, 'project-overhead');
      try {
        await openSession(s.client, broker.url);
        await measure(s, 'mqtt_list_active_connections', {}, proj, cpu.proj);
      } finally {
        await s.close();
      }
    };
    for (let i = 0; i < reps; i++) {
      if (i % 2 === 0) {
        await measureBare();
        await measureProject();
      } else {
        await measureProject();
        await measureBare();
      }
    }
  } finally {
    await broker.stop();
  }
  const f50 = median(bare.map((s) => s.p50));
  const f99 = median(bare.map((s) => s.p99));
  const p50 = median(proj.map((s) => s.p50));
  const p99 = median(proj.map((s) => s.p99));
  const r50 = p50 / f50;
  const r99 = p99 / f99;
  return {
    name: 'tool-overhead',
    goal: 'G5: list_active_connections p50 <= 2x and p99 <= 3x the bare SDK echo tool',
    unit: 'ms',
    floor: {
      value: round(f50, 3),
      p50: round(f50, 3),
      p99: round(f99, 3),
      p50_reps: bare.map((s) => round(s.p50, 3)),
      p99_reps: bare.map((s) => round(s.p99, 3)),
      max: round(Math.max(...bare.map((s) => s.max)), 2),
      server_cpu_us_per_call: round(median(cpu.bare), 0),
    },
    project: {
      value: round(p50, 3),
      p50: round(p50, 3),
      p99: round(p99, 3),
      p50_reps: proj.map((s) => round(s.p50, 3)),
      p99_reps: proj.map((s) => round(s.p99, 3)),
      max: round(Math.max(...proj.map((s) => s.max)), 2),
      server_cpu_us_per_call: round(median(cpu.proj), 0),
    },
    ratio: round(r50, 3),
    ratio_p99: round(r99, 3),
    pass: r50 <= 2 && r99 <= 3,
    notes: `${n} sequential calls after ${warmup} warm-up per rep, fresh servers per rep; ratio = p50 ratio (p99 ratio ${round(r99, 2)}); project server holds 1 open session.`,
  };
}
