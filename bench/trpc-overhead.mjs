// G13 tRPC overhead: a tool call through the hub's tRPC API (no broker I/O) vs a minimal route handler.
import { median, round, summarize } from './lib/stats.mjs';
import {
  DOCUMENTED_MINIMAL,
  minimalApp,
  startHub,
  startNext,
  timeFetches,
} from './lib/next-app.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { queryUrl, toolPath, trpcMutation } from './lib/trpc.mjs';

/**
 * Per rep: sequential GETs (`warmup` + `n`) of the minimal app's /api/health route handler, and of
 * the hub's tRPC query tools.invoke.mqtt_list_active_connections (one open session, no broker
 * round trip); the hub's own /api/health is timed too, for context.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const warmup = quick ? 20 : 50;
  const n = quick ? 100 : 500;
  const min = await minimalApp();
  const floor = [];
  const proj = [];
  const hubHealth = [];
  const broker = await startMosquitto();
  try {
    for (let i = 0; i < reps; i++) {
      if (min.dir) {
        const app = await startNext(min.dir);
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
        proj.push(summarize(await timeFetches(url, { warmup, n })));
        hubHealth.push(summarize(await timeFetches(`${hub.url}/api/health`, { warmup, n })));
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await broker.stop();
  }
  const f50 = floor.length ? median(floor.map((s) => s.p50)) : DOCUMENTED_MINIMAL.routeP50Ms;
  const f99 = floor.length ? median(floor.map((s) => s.p99)) : DOCUMENTED_MINIMAL.routeP99Ms;
  const p50 = median(proj.map((s) => s.p50));
  const p99 = median(proj.map((s) => s.p99));
  const r = p50 / f50;
  return {
    name: 'trpc-overhead',
    goal: 'G13: tRPC tool call p50 <= 3x a minimal Next.js route handler',
    unit: 'ms',
    floor: {
      value: round(f50, 3),
      p50: round(f50, 3),
      p99: round(f99, 3),
      p50_reps: floor.map((s) => round(s.p50, 3)),
      source: min.dir ? 'minimal app built in this run' : DOCUMENTED_MINIMAL.source,
    },
    project: {
      value: round(p50, 3),
      p50: round(p50, 3),
      p99: round(p99, 3),
      p50_reps: proj.map((s) => round(s.p50, 3)),
      hub_health_p50: round(median(hubHealth.map((s) => s.p50)), 3),
      hub_health_p99: round(median(hubHealth.map((s) => s.p99)), 3),
    },
    ratio: round(r, 3),
    ratio_p99: round(p99 / f99, 3),
    pass: r <= 3,
    notes:
      `${n} sequential GETs after ${warmup} warm-up per rep (fetch, keep-alive); p99 ratio ${round(p99 / f99, 2)} ` +
      `(G13 also asks p99 <= 3x). ` +
      (min.dir
        ? ''
        : `minimal app unavailable (${min.error?.slice(0, 200)}); documented floor used.`),
  };
}
