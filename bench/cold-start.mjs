// G7 cold start: spawn to `initialize` answered (SDK Client connect), project bin vs a bare SDK server.
import { median, round } from './lib/stats.mjs';
import { BARE_SERVER, PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { sleep } from './lib/proc.mjs';

async function coldStart(script, label) {
  const s = await spawnMcp(script, {}, label);
  const ms = s.connectMs;
  await s.close();
  return ms;
}

/**
 * Per rep: `starts` cold starts of each server, interleaved (bare, project, bare, ...); a cold
 * start is `await client.connect(new StdioClientTransport(node <script>))`: spawn, load, initialize.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const starts = quick ? 3 : 10;
  const bare = [];
  const proj = [];
  for (let i = 0; i < reps; i++) {
    const b = [];
    const p = [];
    for (let j = 0; j < starts; j++) {
      b.push(await coldStart(BARE_SERVER, 'bare-cold'));
      await sleep(50);
      p.push(await coldStart(PROJECT_BIN, 'project-cold'));
      await sleep(50);
    }
    bare.push(median(b));
    proj.push(median(p));
  }
  const f = median(bare);
  const v = median(proj);
  const r = v / f;
  return {
    name: 'cold-start',
    goal: 'G7: spawn -> initialize answered <= 1.5x a bare SDK stdio server',
    unit: 'ms',
    floor: { value: round(f, 1), reps: bare.map((x) => round(x, 1)) },
    project: { value: round(v, 1), reps: proj.map((x) => round(x, 1)) },
    ratio: round(r, 3),
    pass: r <= 1.5,
    notes: `median of ${starts} interleaved cold starts per rep, median over ${reps} reps; project = node bin/mqtt-mcp.js (dist/ bundle), bare = McpServer + zod echo tool.`,
  };
}
