// G7 cold start: spawn to `initialize` answered (SDK Client connect), project bin vs a bare SDK server.
import { median, round } from './lib/stats.mjs';
import { BARE_SERVER, PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { cpuMs } from './lib/project.mjs';
import { sleep } from './lib/proc.mjs';

/** One cold start: wall ms to `initialize` answered, and the server's CPU ms at that moment. */
async function coldStart(script, label) {
  const s = await spawnMcp(script, {}, label);
  const cpu = cpuMs(s.pid);
  const ms = s.connectMs;
  await s.close();
  return { ms, cpu };
}

/**
 * Per rep: `starts` cold starts of each server, interleaved (bare, project, bare, ...); a cold
 * start is `await client.connect(new StdioClientTransport(node <script>))`: spawn, load, initialize.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const starts = quick ? 3 : 10;
  const bare = [];
  const proj = [];
  const cpu = { bare: [], proj: [] };
  for (let i = 0; i < reps; i++) {
    const b = [];
    const p = [];
    for (let j = 0; j < starts; j++) {
      b.push(await coldStart(BARE_SERVER, 'bare-cold'));
      await sleep(50);
      p.push(await coldStart(PROJECT_BIN, 'project-cold'));
      await sleep(50);
    }
    bare.push(median(b.map((x) => x.ms)));
    proj.push(median(p.map((x) => x.ms)));
    cpu.bare.push(...b.map((x) => x.cpu));
    cpu.proj.push(...p.map((x) => x.cpu));
  }
  const f = median(bare);
  const v = median(proj);
  const r = v / f;
  return {
    name: 'cold-start',
    goal: 'G7: spawn -> initialize answered <= 1.5x a bare SDK stdio server',
    unit: 'ms',
    floor: {
      value: round(f, 1),
      reps: bare.map((x) => round(x, 1)),
      cpu_ms_at_initialize: round(median(cpu.bare), 0),
    },
    project: {
      value: round(v, 1),
      reps: proj.map((x) => round(x, 1)),
      cpu_ms_at_initialize: round(median(cpu.proj), 0),
    },
    ratio: round(r, 3),
    pass: r <= 1.5,
    notes:
      `median of ${starts} interleaved cold starts per rep, median over ${reps} reps; project = node bin/mqtt-mcp.js (dist/ bundle), bare = McpServer + zod echo tool; ` +
      `server CPU at initialize (load-independent) ${round(median(cpu.proj), 0)} vs ${round(median(cpu.bare), 0)} ms.`,
  };
}
