// G12 readiness: hub process start to /api/ready 200 vs a minimal Next.js app to /api/health 200.
import { median, round } from './lib/stats.mjs';
import { DOCUMENTED_MINIMAL, minimalApp, startHub, startNext } from './lib/next-app.mjs';
import { ROOT, sleep } from './lib/proc.mjs';

async function timeStart(start, path) {
  const app = await start();
  try {
    return await app.ready(path);
  } finally {
    await app.stop();
    await sleep(200);
  }
}

/**
 * Per rep: `starts` interleaved cold starts of the minimal app (`next start`, first 200 from
 * /api/health) and of the hub (`next start` of the project, first 200 from /api/ready), timed
 * from spawn. Without a minimal app build the documented §2g figure is the floor.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const starts = quick ? 1 : 3;
  const min = await minimalApp();
  const floor = [];
  const hub = [];
  for (let i = 0; i < reps; i++) {
    const f = [];
    const h = [];
    for (let j = 0; j < starts; j++) {
      if (min.dir) f.push(await timeStart(() => startNext(min.dir), '/api/health'));
      h.push(await timeStart(() => startHub(), '/api/ready'));
    }
    if (f.length) floor.push(median(f));
    hub.push(median(h));
  }
  const floorMs = floor.length ? median(floor) : DOCUMENTED_MINIMAL.firstOkMs;
  const v = median(hub);
  const r = v / floorMs;
  return {
    name: 'hub-readiness',
    goal: 'G12: hub spawn -> /api/ready 200 <= 2x the minimal Next.js app (spawn -> first 200)',
    unit: 'ms',
    floor: {
      value: round(floorMs, 0),
      reps: floor.map((x) => round(x, 0)),
      source: min.dir ? 'minimal app built in this run' : DOCUMENTED_MINIMAL.source,
    },
    project: { value: round(v, 0), reps: hub.map((x) => round(x, 0)), cwd: ROOT },
    ratio: round(r, 3),
    pass: r <= 2,
    notes:
      `median of ${starts} start(s) per rep over ${reps} reps, polled every 10 ms; ` +
      (min.dir
        ? 'same next binary for both.'
        : `minimal app unavailable (${min.error?.slice(0, 200)}); documented floor used.`),
  };
}
