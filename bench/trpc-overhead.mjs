// G13 tRPC overhead: a tool call through the hub's tRPC API (no broker I/O) vs a minimal route handler.
import { latencyMedians, latencySide } from './lib/compare.mjs';
import { median, round, summarize } from './lib/stats.mjs';
import { minimalFloor, startHub, timeFetches } from './lib/next-app.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { CONSOLE, queryUrl, toolPath, trpcMutation } from './lib/trpc.mjs';

/**
 * Per rep: sequential GETs (`warmup` + `n`) of the minimal app's /api/health route handler, and of
 * the hub's tRPC query tools.invoke.mqtt_list_active_connections (one open session, no broker
 * round trip); the hub's own /api/health is timed too, for context.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const warmup = quick ? 20 : 50;
  const n = quick ? 100 : 500;
  const min = await minimalFloor();
  const floor = [];
  const proj = [];
  const hubHealth = [];
  const broker = await startMosquitto();
  try {
    for (let i = 0; i < reps; i++) {
      if (min.built) {
        const app = await min.start();
        try {
          await app.ready('/api/health');
          floor.push(summarize(await timeFetches(`${app.url}/api/health`, { warmup, n })));
        } finally {
          await app.stop();
        }
      }
      const hub = await startHub();
      try {
        await hub.ready('/api/ready');
        await trpcMutation(hub.url, await toolPath(hub.url, 'mqtt_establish_connection'), {
          connection_string: broker.url,
        });
        const url = queryUrl(hub.url, await toolPath(hub.url, 'mqtt_list_active_connections'), {});
        proj.push(summarize(await timeFetches(url, { warmup, n, init: { headers: CONSOLE } })));
        hubHealth.push(summarize(await timeFetches(`${hub.url}/api/health`, { warmup, n })));
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await broker.stop();
  }
  const f = floor.length
    ? latencyMedians(floor)
    : { p50: min.documented.routeP50Ms, p99: min.documented.routeP99Ms };
  const p = latencyMedians(proj);
  const r = p.p50 / f.p50;
  const r99 = p.p99 / f.p99;
  return {
    name: 'trpc-overhead',
    goal: 'G13: tRPC tool call p50 <= 3x a minimal Next.js route handler',
    unit: 'ms',
    floor: { ...latencySide(floor, f), source: min.source },
    project: {
      ...latencySide(proj, p),
      hub_health_p50: round(median(hubHealth.map((s) => s.p50)), 3),
      hub_health_p99: round(median(hubHealth.map((s) => s.p99)), 3),
    },
    ratio: round(r, 3),
    ratio_p99: round(r99, 3),
    pass: r <= 3,
    notes:
      `${n} sequential GETs after ${warmup} warm-up per rep (fetch, keep-alive); p99 ratio ${round(r99, 2)} ` +
      `(G13 also asks p99 <= 3x). ${min.note}`,
  };
}
