// Recorder: hub CPU and RSS recording 1,000 topics at ~2,000 msg/s beside the same hub not recording,
// store growth per hour, and the latency of a day's series of one field.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { cpuMs } from './lib/project.mjs';
import { startHub } from './lib/next-app.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { processTree, sleep, spawnNodeScript, stopChild, treeRssMb } from './lib/proc.mjs';
import { percentile, round } from './lib/stats.mjs';
import { trpcMutation, trpcQuery } from './lib/trpc.mjs';

const TOPICS = 1000;
const RATE = 2000;
const QUERY_BUDGET_MS = 50;
const DAY_MINUTES = 1440;

/** CPU ms used so far by a process and its descendants. */
function treeCpuMs(pid) {
  return processTree(pid).reduce((s, p) => s + (cpuMs(p) || 0), 0);
}

/**
 * Writes a day of per-minute history of one field for `topics` topics (and their counts) into the
 * hub's database under its own source, in short transactions so the hub is never blocked for long.
 */
function injectHistory(dbFile, topics, nowMs) {
  const db = new BetterSqlite3(dbFile);
  db.pragma('busy_timeout = 10000');
  const last = Math.floor(nowMs / 60_000);
  const first = last - DAY_MINUTES;
  const source = db
    .prepare(
      "INSERT INTO record_sources (key, label, created_ms, updated_ms) VALUES ('profile:bench-history', 'bench history', ?, ?) RETURNING id",
    )
    .get(nowMs, nowMs).id;
  const topic = db.prepare(
    'INSERT INTO record_topics (source_id, topic, first_ms, last_ms, messages) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const field = db.prepare(
    "INSERT INTO record_fields (topic_id, name) VALUES (?, 'temp') RETURNING id",
  );
  const series = db.prepare(
    'INSERT INTO record_series (field_id, minute, n, min, max, sum, last) VALUES (?, ?, 6, ?, ?, ?, ?)',
  );
  const count = db.prepare(
    'INSERT INTO record_counts (topic_id, minute, messages, bytes) VALUES (?, ?, 6, 600)',
  );
  const started = performance.now();
  for (let t = 0; t < topics; t++) {
    db.transaction(() => {
      const tid = topic.get(
        source,
        `bench/history/dev${t}`,
        first * 60_000,
        last * 60_000,
        6 * DAY_MINUTES,
      ).id;
      const fid = field.get(tid).id;
      for (let m = first; m < last; m++) {
        const v = 20 + 5 * Math.sin((m + t) / 120);
        series.run(fid, m, v - 0.2, v + 0.2, v * 6, v);
        count.run(tid, m);
      }
    })();
  }
  const ms = performance.now() - started;
  db.close();
  return { rows: topics * DAY_MINUTES * 2, ms };
}

/** Runs the benchmark publisher at RATE over TOPICS topics for `seconds`; resolves when started. */
async function startPublisher(brokerUrl, seconds) {
  const pub = spawnNodeScript('publisher.mjs', {
    url: brokerUrl,
    topic: 'bench/rec',
    topics: TOPICS,
    count: Math.round(RATE * seconds),
    qos: 0,
    rate: RATE,
    window: 2000,
    payloadBytes: 100,
  });
  await pub.lines.next((o) => o.type === 'connected', 15_000, 'connected');
  pub.child.stdin.write('go\n');
  return {
    done: () => pub.lines.next((o) => o.type === 'done', (seconds + 60) * 1000, 'done'),
    stop: () => stopChild(pub.child),
  };
}

/** CPU % (of one core) of the hub tree over `ms`, with its RSS at the end. */
async function measure(pid, ms) {
  const cpu0 = treeCpuMs(pid);
  const t0 = performance.now();
  await sleep(ms);
  const cpu = treeCpuMs(pid) - cpu0;
  return { cpuPct: (cpu / (performance.now() - t0)) * 100, rssMb: treeRssMb(pid).rss };
}

/** Bytes per hour the record grows by at this traffic, from the rows of its busiest minute. */
function growthPerHour(dbFile) {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const bytes = (names) =>
      db
        .prepare(
          `SELECT SUM(pgsize) AS b FROM dbstat WHERE name IN (${names.map(() => '?').join(',')})`,
        )
        .get(...names).b ?? 0;
    const perRow = (table, indexes) => {
      const rows = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get().n;
      return rows ? bytes([table, ...indexes]) / rows : 0;
    };
    const src = "(SELECT id FROM record_sources WHERE key <> 'profile:bench-history')";
    const busiest = (sql) =>
      db.prepare(`${sql} GROUP BY minute ORDER BY n DESC LIMIT 1`).get()?.n ?? 0;
    const countRows = busiest(
      `SELECT COUNT(*) AS n FROM record_counts WHERE topic_id IN (SELECT id FROM record_topics WHERE source_id IN ${src})`,
    );
    const seriesRows = busiest(
      `SELECT COUNT(*) AS n FROM record_series WHERE field_id IN (SELECT f.id FROM record_fields f JOIN record_topics t ON t.id = f.topic_id WHERE t.source_id IN ${src})`,
    );
    const perMinute =
      countRows * perRow('record_counts', ['record_counts_minute']) +
      seriesRows * perRow('record_series', ['record_series_minute']);
    return { countRows, seriesRows, bytesPerHour: perMinute * 60 };
  } finally {
    db.close();
  }
}

/**
 * One hub, one broker, the publisher at ~2,000 msg/s over 1,000 topics throughout. Window 1: the hub
 * not recording. Then a profile marked `record` makes it record `bench/#`; after a warm-up, window
 * 2 measures the same. Then, still under traffic, a day's series of one field (1,440 minute rows,
 * among a day of history of many topics injected beforehand) is queried through tRPC. `hubEnv`
 * adds hub settings (e.g. MQTT_MCP_RECORD_DIAGNOSIS_SECONDS=0 to weigh the recorder's diagnosis).
 */
export async function run({ quick = false, hubEnv = {} } = {}) {
  const windowS = quick ? 15 : 60;
  const warmS = quick ? 5 : 15;
  const historyTopics = quick ? 100 : 1000;
  const queries = quick ? 20 : 50;
  const broker = await startMosquitto();
  const hub = await startHub({
    MQTT_MCP_RECORD_PATTERN: 'bench/#',
    MQTT_MCP_RECORD_MAX_MB: '4096',
    LOG_LEVEL: 'warn',
    ...hubEnv,
  });
  let pub;
  let stopped = false;
  try {
    await hub.ready('/api/ready');
    const dbFile = join(hub.dataDir, 'mqtt-mcp.db');
    const history = injectHistory(dbFile, historyTopics, Date.now());
    pub = await startPublisher(broker.url, 2 * warmS + 2 * windowS + 60);
    await sleep(warmS * 1000);
    const idle = await measure(hub.pid, windowS * 1000);

    await trpcMutation(hub.url, 'profiles.create', {
      name: 'bench',
      connection_string: broker.url,
      record: true,
    });
    for (
      let i = 0;
      i < 100 && (await trpcQuery(hub.url, 'record.status')).recordings.length === 0;
      i++
    ) {
      await sleep(100);
    }
    await sleep(warmS * 1000);
    const recorded = async () =>
      (
        await trpcQuery(hub.url, 'record.counts', {
          topic_pattern: 'bench/rec/#',
          from_ms: 0,
          to_ms: Date.now() + 60_000,
        })
      ).totalMessages;
    const before = await trpcQuery(hub.url, 'record.status');
    const recordedBefore = await recorded();
    const recording = await measure(hub.pid, windowS * 1000);
    const after = await trpcQuery(hub.url, 'record.status');
    const recordedInWindow = (await recorded()) - recordedBefore;

    const now = Date.now();
    const lat = [];
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      const out = await trpcQuery(hub.url, 'record.series', {
        topic: `bench/history/dev${i % historyTopics}`,
        field: 'temp',
        from_ms: now - 86_400_000,
        to_ms: now,
        points: 288,
      });
      lat.push(performance.now() - t);
      const got = out.series[0]?.points.length ?? 0;
      if (got < 280) throw new Error(`the day series came back with ${got} points, not about 288`);
    }
    const rec = after.recordings[0] ?? {};
    await pub.stop();
    pub = undefined;
    await hub.stop();
    stopped = true;
    const growth = growthPerHour(dbFile);
    const p50 = percentile(lat, 50);
    const measuredMbPerHour = ((after.used_bytes - before.used_bytes) / 1048576) * (3600 / windowS);
    const base = {
      notes: `window ${windowS} s after ${warmS} s warm-up; ${RATE} msg/s over ${TOPICS} topics; the recorder's diagnosis observes every message (windows of MQTT_MCP_RECORD_DIAGNOSIS_SECONDS, default 300 s)`,
    };
    return [
      {
        name: 'recorder-cpu',
        goal: 'informative: hub CPU (% of one core) recording vs not recording the same traffic',
        unit: '%',
        floor: { value: round(idle.cpuPct, 1) },
        project: {
          value: round(recording.cpuPct, 1),
          recorded_msgs_per_s: round(recordedInWindow / windowS, 0),
          topics: rec.topics,
          failed_batches: rec.failed_batches,
          dropped_events: rec.dropped_events,
          findings_recorded: rec.findings,
        },
        ratio: round(recording.cpuPct / Math.max(0.1, idle.cpuPct), 2),
        pass: null,
        ...base,
      },
      {
        name: 'recorder-rss',
        goal: 'informative: hub RSS recording vs not recording',
        unit: 'MB',
        floor: { value: round(idle.rssMb, 1) },
        project: { value: round(recording.rssMb, 1) },
        ratio: round(recording.rssMb / idle.rssMb, 2),
        pass: null,
        ...base,
      },
      {
        name: 'recorder-store',
        goal: 'informative: store growth per hour at this traffic (minute rows; raw-message slots are bounded)',
        unit: 'MB/h',
        project: {
          value: round(growth.bytesPerHour / 1048576, 1),
          rows_per_minute: growth.countRows + growth.seriesRows,
          used_bytes_delta_extrapolated_mb_per_h: round(measuredMbPerHour, 1),
          history_injected_rows: history.rows,
          history_inject_ms: round(history.ms, 0),
        },
        pass: null,
        ...base,
      },
      {
        name: 'recorder-query',
        goal: `a day's series of one field (1,440 minute rows, 288 points) via tRPC under recording load: p50 < ${QUERY_BUDGET_MS} ms`,
        unit: 'ms',
        project: { p50: round(p50, 2), p99: round(percentile(lat, 99), 2), queries },
        pass: p50 < QUERY_BUDGET_MS,
        notes: `${historyTopics} topics x 1 field x 1,440 minutes of history in the same database`,
      },
    ];
  } finally {
    await pub?.stop();
    if (!stopped) await hub.stop();
    await broker.stop();
  }
}
