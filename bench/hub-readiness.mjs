// G12 readiness: hub process start to /api/ready 200 vs a minimal Next.js app to /api/health 200.
import { interleaved, repsSide, roundMedians } from './lib/compare.mjs';
import { median, round } from './lib/stats.mjs';
import { minimalFloor, startHub } from './lib/next-app.mjs';
import { ROOT, sleep } from './lib/proc.mjs';

/** Ms from spawn to the first 200 on `path`, and to the "Ready in" log line. */
async function timeStart(start, path) {
  const app = await start();
  try {
    const ms = await app.ready(path);
    return { ms, logMs: app.readyLogMs() };
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
  const min = await minimalFloor();
  const runs = await interleaved(
    reps,
    starts,
    min.built ? () => timeStart(min.start, '/api/health') : null,
    () => timeStart(startHub, '/api/ready'),
  );
  const floor = roundMedians(
    runs.floor.filter((samples) => samples.length),
    'ms',
  );
  const hub = roundMedians(runs.project, 'ms');
  const logMs = {
    floor: runs.floor.flat().map((x) => x.logMs),
    hub: runs.project.flat().map((x) => x.logMs),
  };
  const floorMs = min.value(floor, 'firstOkMs');
  const r = median(hub) / floorMs;
  return {
    name: 'hub-readiness',
    goal: 'G12: hub spawn -> /api/ready 200 <= 2x the minimal Next.js app (spawn -> first 200)',
    unit: 'ms',
    floor: {
      value: round(floorMs, 0),
      reps: floor.map((x) => round(x, 0)),
      ready_log_ms: logMs.floor.length ? round(median(logMs.floor), 0) : null,
      source: min.source,
    },
    project: {
      ...repsSide(hub, 0),
      ready_log_ms: round(median(logMs.hub), 0),
      cwd: ROOT,
    },
    ratio: round(r, 3),
    pass: r <= 2,
    notes:
      `median of ${starts} start(s) per rep over ${reps} reps, polled every 10 ms; ` +
      `"Ready in" log line at ${round(median(logMs.hub), 0)} ms (hub) vs ${round(median(logMs.floor), 0)} ms (minimal); ` +
      (min.built ? 'same next binary for both.' : min.note),
  };
}
