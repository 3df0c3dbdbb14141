// G3 no silent loss: at half the raw rate the collector counts every message sent; its own drops are reported.
import { median, round } from './lib/stats.mjs';
import { PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { collectRun, openSession, rawSubscriber } from './lib/project.mjs';

/** Checks that a collect result accounts for every message it received (pruning, per-topic, cuts). */
function accounting(result) {
  const problems = [];
  const p = result.pruning;
  if (p) {
    if (p.original_count !== result.received_count)
      problems.push('pruning.original_count != received_count');
    if (p.kept_count !== result.message_count) problems.push('pruning.kept_count != message_count');
    if (p.kept_count + p.dropped_count !== p.original_count)
      problems.push('kept + dropped != original');
    const byTopic = p.dropped_by_topic.reduce((s, t) => s + t.dropped, 0);
    if (p.dropped_topics_not_listed === 0 && byTopic !== p.dropped_count) {
      problems.push('sum(dropped_by_topic) != dropped_count');
    }
  } else if (result.message_count !== result.received_count) {
    problems.push('message_count != received_count without a pruning block');
  }
  if (result.messages.length !== result.message_count)
    problems.push('messages.length != message_count');
  const perTopic = result.per_topic.reduce((s, t) => s + t.count, 0);
  if (result.topics_not_listed === 0 && perTopic !== result.received_count) {
    problems.push('sum(per_topic) != received_count');
  }
  return problems;
}

/**
 * Raw QoS 0 (and QoS 1) e2e rates first (bare subscriber, same broker, same run), then per rep a
 * rate-limited publisher at half the raw rate into mqtt_subscribe_and_collect: received_count
 * must equal sent and the result's pruning/per-topic blocks must add up. A last run with 8 KiB
 * payloads checks that cut payloads are counted (truncated_payloads).
 */
export async function run({ reps = 3, quick = false } = {}) {
  const count = quick ? 2000 : 10_000;
  const broker = await startMosquitto();
  let server;
  const floor = { qos0: [], qos1: [] };
  const runs = [];
  let cut;
  try {
    server = await spawnMcp(PROJECT_BIN, {}, 'no-loss');
    const sessionId = await openSession(server.client, broker.url);
    const qosList = quick ? [0] : [0, 1];
    for (const qos of qosList) {
      const publisher = { topic: 'bench/raw', topics: 10, qos, payloadBytes: 100 };
      const sub = await rawSubscriber({ brokerUrl: broker.url, filter: 'bench/raw/#', qos });
      try {
        await sub.round({ count, publisher }); // warm-up
        for (let i = 0; i < reps; i++)
          floor[`qos${qos}`].push((await sub.round({ count, publisher })).rate);
      } finally {
        await sub.stop();
      }
    }
    for (const qos of qosList) {
      const rawRate = median(floor[`qos${qos}`]);
      const rate = Math.max(100, Math.floor(rawRate / 2));
      for (let i = 0; i < reps; i++) {
        const r = await collectRun({
          client: server.client,
          serverPid: server.pid,
          sessionId,
          brokerUrl: broker.url,
          publisher: { topic: 'bench/prj', topics: 10, count, qos, rate, payloadBytes: 100 },
          collect: {
            topic_pattern: 'bench/prj/#',
            qos,
            max_messages: count,
            duration_seconds: Math.min(300, Math.ceil((count / rate) * 3) + 10),
            limit: 50,
          },
        });
        runs.push({
          qos,
          rate,
          achieved_rate: round(r.pubDone.publishRate, 0),
          sent: r.pubDone.sent,
          received: r.result.received_count,
          stop_reason: r.result.stop_reason,
          returned: r.result.message_count,
          pruned_reported: r.result.pruning?.dropped_count ?? 0,
          truncated_payloads: r.result.truncated_payloads,
          accounting_problems: accounting(r.result),
        });
      }
    }
    const c = await collectRun({
      client: server.client,
      serverPid: server.pid,
      sessionId,
      brokerUrl: broker.url,
      publisher: {
        topic: 'bench/cut',
        topics: 2,
        count: 20,
        qos: 0,
        rate: 200,
        payloadBytes: 8192,
      },
      collect: {
        topic_pattern: 'bench/cut/#',
        qos: 0,
        max_messages: 20,
        duration_seconds: 20,
        limit: 5,
      },
    });
    cut = {
      sent: c.pubDone.sent,
      received: c.result.received_count,
      truncated_payloads: c.result.truncated_payloads,
      flagged_in_returned: c.result.messages.filter((m) => m.payload_truncated).length,
      returned: c.result.message_count,
      pruned_reported: c.result.pruning?.dropped_count ?? 0,
      accounting_problems: accounting(c.result),
    };
  } finally {
    await server?.close();
    await broker.stop();
  }
  const minFraction = Math.min(...runs.map((r) => r.received / r.sent));
  const accountingOk = runs.every((r) => r.accounting_problems.length === 0);
  const cutOk =
    cut.received === cut.sent &&
    cut.truncated_payloads === cut.received &&
    cut.flagged_in_returned === cut.returned &&
    cut.accounting_problems.length === 0;
  const problems = [
    ...runs
      .filter((r) => r.received !== r.sent)
      .map((r) => `QoS ${r.qos}: ${r.received}/${r.sent} received`),
    ...runs.flatMap((r) => r.accounting_problems.map((p) => `QoS ${r.qos}: ${p}`)),
    ...(cutOk ? [] : [`cut payloads: ${JSON.stringify(cut)}`]),
  ];
  return {
    name: 'no-loss',
    goal: 'G3: at 0.5x the raw rate the collector receives 100% of messages; its own drops are reported',
    unit: 'received/sent',
    floor: {
      value: 1,
      raw_qos0_rate: round(median(floor.qos0), 0),
      raw_qos0_reps: floor.qos0.map((v) => round(v, 0)),
      ...(floor.qos1.length
        ? {
            raw_qos1_rate: round(median(floor.qos1), 0),
            raw_qos1_reps: floor.qos1.map((v) => round(v, 0)),
          }
        : {}),
    },
    project: { value: round(minFraction, 6), runs, cut_payload_check: cut },
    ratio: round(minFraction, 6),
    pass: minFraction === 1 && accountingOk && cutOk,
    notes:
      `N=${count} per rep at half the same-run raw rate (1 ms paced publisher); ` +
      `${quick ? 'QoS 0 only' : 'QoS 0 and QoS 1'}; ratio = worst received/sent. ` +
      (problems.length
        ? `PROBLEMS: ${problems.join('; ')}`
        : 'every rep complete; pruning, per-topic and cut-payload counts add up.'),
  };
}
