// G5 tool overhead: mqtt_list_active_connections over stdio vs a bare SDK server's echo tool, p50 and p99.
import { alternate, latencyMedians, latencySide } from './lib/compare.mjs';
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
  // Times `n` calls after `warmup`; also the server's CPU per call (/proc), which load noise spares.
  const measure = async (s, name, args) => {
    await timeCalls(s.client, name, args, { warmup, n: 0 });
    const c0 = cpuMs(s.pid);
    const summary = summarize(await timeCalls(s.client, name, args, { warmup: 0, n }));
    return { summary, cpuPerCall: ((cpuMs(s.pid) - c0) * 1000) / n };
  };
  let runs;
  try {
    const measureBare = async () => {
      const s = await spawnMcp(BARE_SERVER, {}, 'bare-overhead');
      try {
        return await measure(s, 'echo', { text: 'hello-benchmark!' });
      } finally {
        await s.close();
      }
    };
    const measureProject = async () => {
      const s = await spawnMcp(PROJECT_BIN, {}, 'project-overhead');
      try {
        await openSession(s.client, broker.url);
        return await measure(s, 'mqtt_list_active_connections', {});
      } finally {
        await s.close();
      }
    };
    runs = await alternate(reps, measureBare, measureProject);
  } finally {
    await broker.stop();
  }
  const [bare, proj] = runs.map((side) => side.map((r) => r.summary));
  const [cpuBare, cpuProj] = runs.map((side) => side.map((r) => r.cpuPerCall));
  const floor = latencyMedians(bare);
  const project = latencyMedians(proj);
  const r50 = project.p50 / floor.p50;
  const r99 = project.p99 / floor.p99;
  /** A side: its latency medians, each rep's p99, the slowest call and the server's CPU per call. */
  const side = (summaries, medians, cpuPerCall) => ({
    ...latencySide(summaries, medians),
    p99_reps: summaries.map((s) => round(s.p99, 3)),
    max: round(Math.max(...summaries.map((s) => s.max)), 2),
    server_cpu_us_per_call: round(median(cpuPerCall), 0),
  });
  return {
    name: 'tool-overhead',
    goal: 'G5: list_active_connections p50 <= 2x and p99 <= 3x the bare SDK echo tool',
    unit: 'ms',
    floor: side(bare, floor, cpuBare),
    project: side(proj, project, cpuProj),
    ratio: round(r50, 3),
    ratio_p99: round(r99, 3),
    pass: r50 <= 2 && r99 <= 3,
    notes: `${n} sequential calls after ${warmup} warm-up per rep, fresh servers per rep; ratio = p50 ratio (p99 ratio ${round(r99, 2)}); project server holds 1 open session.`,
  };
}
