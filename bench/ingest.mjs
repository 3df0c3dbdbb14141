// G1 ingest: msg/s mqtt_subscribe_and_collect takes in (QoS 0, ~100 B JSON) vs a bare MQTT.js subscriber.
import { alternate, repsSide } from './lib/compare.mjs';
import { median, round } from './lib/stats.mjs';
import { PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { collectRun, openSession, rawSubscriber } from './lib/project.mjs';

const FILTER = 'bench/prj/#';

/**
 * Per rep: N messages from a fresh publisher child through mosquitto to (a) a long-lived bare
 * MQTT.js subscriber child and (b) the stdio server's mqtt_subscribe_and_collect (max_messages N);
 * both warmed by one unmeasured round, on topics of equal length. Both rates are
 * received / (last message received - publisher start); the order alternates between reps.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const count = quick ? 2000 : 10_000;
  const broker = await startMosquitto();
  let server;
  let sub;
  let runs;
  try {
    server = await spawnMcp(PROJECT_BIN, {}, 'ingest');
    const sessionId = await openSession(server.client, broker.url);
    sub = await rawSubscriber({ brokerUrl: broker.url, filter: 'bench/raw/#' });
    const shape = { topics: 10, count, qos: 0, payloadBytes: 100 };
    const publisher = { ...shape, topic: 'bench/prj' };
    const doRaw = () => sub.round({ count, publisher: { ...shape, topic: 'bench/raw' } });
    const doProject = async () => {
      const r = await collectRun({
        client: server.client,
        serverPid: server.pid,
        sessionId,
        brokerUrl: broker.url,
        publisher,
        collect: {
          topic_pattern: FILTER,
          qos: 0,
          max_messages: count,
          duration_seconds: 60,
          limit: 50,
        },
      });
      const endedWall = Date.parse(r.result.ended_at);
      const seconds = (endedWall - r.pubDone.startWall) / 1000;
      return {
        received: r.result.received_count,
        sent: r.pubDone.sent,
        stop_reason: r.result.stop_reason,
        seconds,
        rate: r.result.received_count / seconds,
        rateToResult: r.result.received_count / ((r.resultWall - r.pubDone.startWall) / 1000),
        serverCpuUsPerMsg: (r.serverCpuMs * 1000) / Math.max(1, r.result.received_count),
        windowCpuUsPerMsg: (r.serverCpuWindowMs * 1000) / Math.max(1, r.result.received_count),
        truncated_payloads: r.result.truncated_payloads,
        pruned: r.result.pruning?.dropped_count ?? 0,
      };
    };
    // One unmeasured warm-up of each path (JIT, lazily loaded modules, broker state).
    await doRaw();
    await doProject();
    runs = await alternate(reps, doRaw, doProject);
  } finally {
    await sub?.stop();
    await server?.close();
    await broker.stop();
  }
  const [raw, proj] = runs;
  const rates = (rows) => rows.map((r) => r.rate);
  /** A side: its rates, the medians of `fields` ([result name, row field, decimals]) and the counts. */
  const side = (rows, fields) => ({
    ...repsSide(rates(rows), 0),
    ...Object.fromEntries(
      fields.map(([name, key, digits]) => [name, round(median(rows.map((r) => r[key])), digits)]),
    ),
    received: rows.map((r) => r.received),
  });
  const ratio = median(rates(proj)) / median(rates(raw));
  const lost = proj.filter((r) => r.received < r.sent || r.stop_reason !== 'max_messages');
  return {
    name: 'ingest',
    goal: 'G1: project msg/s >= 0.8x bare MQTT.js subscriber (QoS 0, ~100 B JSON, same broker)',
    unit: 'msg/s',
    floor: side(raw, [
      ['first_to_last_rate', 'firstToLastRate', 0],
      ['publisher_rate', 'publishRate', 0],
      ['subscriber_cpu_us_per_msg', 'subCpuUsPerMsg', 1],
    ]),
    project: {
      ...side(proj, [
        ['rate_to_result_arrival', 'rateToResult', 0],
        ['server_cpu_us_per_msg', 'serverCpuUsPerMsg', 1],
        ['server_cpu_us_per_msg_in_window', 'windowCpuUsPerMsg', 1],
      ]),
      stop_reasons: proj.map((r) => r.stop_reason),
      pruned_reported: proj.map((r) => r.pruned),
    },
    ratio: round(ratio, 3),
    pass: ratio >= 0.8 && lost.length === 0,
    notes:
      `N=${count} per rep, medians of ${reps}; rate = received / (last receipt - publisher start); ` +
      'project last receipt = the tool result ended_at (ms resolution), floor = subscriber hrtime. ' +
      (lost.length ? `${lost.length} project rep(s) ended short of N. ` : '') +
      'CPU per message: server from /proc (release to result, and release to window end), bare ' +
      'subscriber from process.cpuUsage.',
  };
}
