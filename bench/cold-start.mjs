// G7 cold start: spawn to `initialize` answered (SDK Client connect), project bin vs a bare SDK server.
import { interleaved, repsSide, roundMedians } from './lib/compare.mjs';
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
  await sleep(50);
  return { ms, cpu };
}

/**
 * Per rep: `starts` cold starts of each server, interleaved (bare, project, bare, ...); a cold
 * start is `await client.connect(new StdioClientTransport(node <script>))`: spawn, load, initialize.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const starts = quick ? 3 : 10;
  const runs = await interleaved(
    reps,
    starts,
    () => coldStart(BARE_SERVER, 'bare-cold'),
    () => coldStart(PROJECT_BIN, 'project-cold'),
  );
  const bare = roundMedians(runs.floor, 'ms');
  const proj = roundMedians(runs.project, 'ms');
  const cpu = {
    bare: median(runs.floor.flat().map((x) => x.cpu)),
    proj: median(runs.project.flat().map((x) => x.cpu)),
  };
  const r = median(proj) / median(bare);
  return {
    name: 'cold-start',
    goal: 'G7: spawn -> initialize answered <= 1.5x a bare SDK stdio server',
    unit: 'ms',
    floor: { ...repsSide(bare, 1), cpu_ms_at_initialize: round(cpu.bare, 0) },
    project: { ...repsSide(proj, 1), cpu_ms_at_initialize: round(cpu.proj, 0) },
    ratio: round(r, 3),
    pass: r <= 1.5,
    notes:
      `median of ${starts} interleaved cold starts per rep, median over ${reps} reps; project = node bin/mqtt-mcp.js (dist/ bundle), bare = McpServer + zod echo tool; ` +
      `server CPU at initialize (load-independent) ${round(cpu.proj, 0)} vs ${round(cpu.bare, 0)} ms.`,
  };
}
