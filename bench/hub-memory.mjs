// G11 hub memory: RSS of the production hub idle and with 5 sessions that saw 10,000 topics vs a minimal app.
import { median, round } from './lib/stats.mjs';
import { minimalFloor, startHub, timeFetches } from './lib/next-app.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { sleep } from './lib/proc.mjs';
import { toolPath, trpcMutation, trpcQuery } from './lib/trpc.mjs';
import { publishRetained } from './stdio-memory.mjs';

const LOADED_BUDGET_MB = 210;
const SESSIONS = 5;

async function idleRss(app) {
  await (await fetch(`${app.url}/`)).arrayBuffer();
  await sleep(1000);
  return app.rss().rss;
}

/**
 * Per rep: the minimal app (idle after its first page, and after 500 page + 500 API requests as in
 * §2g) and the hub (idle after its first page; then 5 sessions opened through tRPC, each running
 * mqtt_list_topics on # against a broker holding 10,000 retained topics). RSS = VmRSS summed over
 * the `next start` process tree after a 1 s settle.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const topics = quick ? 2000 : 10_000;
  const min = await minimalFloor();
  const floorIdle = [];
  const floorLoaded = [];
  const hubIdle = [];
  const hubLoaded = [];
  let processes = 1;
  let seen = [];
  for (let i = 0; i < reps; i++) {
    if (min.built) {
      const app = await min.start();
      try {
        await app.ready('/api/health');
        floorIdle.push(await idleRss(app));
        const n = quick ? 100 : 500;
        await timeFetches(`${app.url}/`, { warmup: 0, n });
        await timeFetches(`${app.url}/api/health`, { warmup: 0, n });
        await sleep(1000);
        floorLoaded.push(app.rss().rss);
      } finally {
        await app.stop();
      }
    }
    const broker = await startMosquitto();
    const hub = await startHub();
    try {
      await publishRetained(broker.url, topics);
      await hub.ready('/api/ready');
      hubIdle.push(await idleRss(hub));
      seen = [];
      for (let s = 0; s < SESSIONS; s++) {
        const opened = await trpcMutation(
          hub.url,
          await toolPath(hub.url, 'mqtt_establish_connection'),
          {
            connection_string: broker.url,
          },
        );
        const id = opened.session_id ?? opened.session?.session_id;
        const out = await trpcQuery(hub.url, await toolPath(hub.url, 'mqtt_list_topics'), {
          session_id: id,
          topic_pattern: '#',
          duration_seconds: quick ? 2 : 3,
          limit: 10,
        });
        seen.push(out.topic_count);
      }
      await sleep(1000);
      const tree = hub.rss();
      processes = tree.processes;
      hubLoaded.push(tree.rss);
    } finally {
      await hub.stop();
      await broker.stop();
    }
  }
  const fIdle = min.value(floorIdle, 'idleRssMb');
  const idle = median(hubIdle);
  const loaded = median(hubLoaded);
  const r = idle / fIdle;
  const complete = seen.length === SESSIONS && seen.every((n) => n >= topics);
  return {
    name: 'hub-memory',
    goal: `G11: hub RSS idle <= 1.5x the minimal Next.js app; with ${SESSIONS} sessions x ${topics} topics < ${LOADED_BUDGET_MB} MB`,
    unit: 'MB',
    floor: {
      value: round(fIdle, 1),
      idle_reps: floorIdle.map((x) => round(x, 1)),
      loaded_1000_requests: floorLoaded.length ? round(median(floorLoaded), 1) : null,
      source: min.source,
    },
    project: {
      value: round(idle, 1),
      idle_reps: hubIdle.map((x) => round(x, 1)),
      loaded: round(loaded, 1),
      loaded_reps: hubLoaded.map((x) => round(x, 1)),
      processes,
      topics_seen_per_session: seen,
    },
    ratio: round(r, 3),
    pass: r <= 1.5 && loaded < LOADED_BUDGET_MB && complete,
    notes:
      `ratio = idle hub / idle minimal app; loaded hub ${round(loaded, 1)} MB vs budget ${LOADED_BUDGET_MB} MB. ` +
      (complete ? '' : 'NOT every session saw every topic. ') +
      min.note,
  };
}
