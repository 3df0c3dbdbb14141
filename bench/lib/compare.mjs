// Shared parts of the floor-vs-project benchmarks: the order the two sides run in, and their result sides.
import { median, round } from './stats.mjs';

/**
 * Runs `reps` rounds of `a` and `b`, `a` first on even rounds and `b` first on odd ones; returns
 * what each returned, per round: [a's, b's].
 */
export async function alternate(reps, a, b) {
  const as = [];
  const bs = [];
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [as, bs];
}

/**
 * Runs `reps` rounds of `starts` interleaved samples (floor, project, floor, ...); returns the samples
 * of each side per round. Without a `floor` function only the project is sampled.
 */
export async function interleaved(reps, starts, floor, project) {
  const runs = { floor: [], project: [] };
  for (let i = 0; i < reps; i++) {
    const f = [];
    const p = [];
    for (let j = 0; j < starts; j++) {
      if (floor) f.push(await floor());
      p.push(await project());
    }
    runs.floor.push(f);
    runs.project.push(p);
  }
  return runs;
}

/** A side made of one figure per rep: the median as `value`, and the reps, rounded to `digits`. */
export function repsSide(values, digits) {
  return { value: round(median(values), digits), reps: values.map((x) => round(x, digits)) };
}

/** The medians over per-rep latency summaries of their p50 and p99 (unrounded). */
export function latencyMedians(summaries) {
  return {
    p50: median(summaries.map((s) => s.p50)),
    p99: median(summaries.map((s) => s.p99)),
  };
}

/**
 * A latency side from per-rep summaries (ms, 3 places): p50 (also the `value`) and p99, the
 * medians over the reps unless given, and each rep's p50.
 */
export function latencySide(summaries, { p50, p99 } = latencyMedians(summaries)) {
  return {
    value: round(p50, 3),
    p50: round(p50, 3),
    p99: round(p99, 3),
    p50_reps: summaries.map((s) => round(s.p50, 3)),
  };
}

/** The median of `key` over each round's samples (as `interleaved` returns them). */
export function roundMedians(rounds, key) {
  return rounds.map((samples) => median(samples.map((x) => x[key])));
}
