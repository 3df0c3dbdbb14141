// G12 diagnosis: mqtt_diagnose over 1,000 topics at ~2,000 msg/s keeps up (no loss in its own path) and its result stays under 8 KB.
import { median, round } from './lib/stats.mjs';
import { callTool, PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { stopChild, spawnNodeScript } from './lib/proc.mjs';
import { cpuMs, openSession, waitSubscribed } from './lib/project.mjs';

const TOPICS = 1000;
const RATE = 2000;
const RESULT_BUDGET_BYTES = 8192;

/**
 * Per rep: a publisher child offers RATE msg/s round-robin over TOPICS device topics (varying JSON,
 * one device in 50 with a planted fault) for `seconds`, released once mqtt_diagnose (default
 * arguments, topic_pattern the installation) is subscribed; the window closes 2 s after the last
 * publish. Loss is counted as the ingest benchmark counts it: the tool's message_count against the
 * publisher's sent count. The result's size is its JSON text, as MCP returns it.
 */
export async function run({ reps = 3, quick = false } = {}) {
  const seconds = quick ? 5 : 10;
  const broker = await startMosquitto();
  let server;
  const runs = [];
  try {
    server = await spawnMcp(PROJECT_BIN, {}, 'diagnose');
    const sessionId = await openSession(server.client, broker.url);
    for (let i = 0; i < reps + 1; i++) {
      const prefix = `bench/site${i}`;
      const pub = spawnNodeScript('installation-publisher.mjs', {
        url: broker.url,
        prefix,
        topics: TOPICS,
        rate: RATE,
        seconds,
      });
      try {
        await pub.lines.next((o) => o.type === 'connected', 15_000, 'publisher connect');
        const pending = callTool(server.client, 'mqtt_diagnose', {
          session_id: sessionId,
          topic_pattern: `${prefix}/#`,
          duration_seconds: seconds + 2,
        });
        pending.catch(() => undefined);
        await waitSubscribed(server.client, sessionId, `${prefix}/#`);
        const cpuGo = cpuMs(server.pid);
        pub.child.stdin.write('go\n');
        const result = await pending;
        const cpu = cpuMs(server.pid) - cpuGo;
        const done = await pub.lines.next((o) => o.type === 'done', 30_000, 'publisher done');
        if (i === 0) continue; // warm-up
        runs.push({
          sent: done.sent,
          received: result.message_count,
          offered_rate: done.publishRate,
          topics: result.topic_count,
          findings: result.findings_total,
          faulty_devices: done.faulty_devices,
          result_bytes: Buffer.byteLength(JSON.stringify(result)),
          overrun_seconds: result.duration_seconds - (seconds + 2),
          cpu_us_per_msg: (cpu * 1000) / Math.max(1, result.message_count),
        });
      } finally {
        await stopChild(pub.child, { graceMs: 1000 });
      }
    }
  } finally {
    await server?.close();
    await broker.stop();
  }
  const lost = runs.filter((r) => r.received < r.sent);
  const bytes = Math.max(...runs.map((r) => r.result_bytes));
  const offered = median(runs.map((r) => r.offered_rate));
  const kept = median(runs.map((r) => (r.received / r.sent) * r.offered_rate));
  return {
    name: 'diagnose',
    goal: `G12: mqtt_diagnose keeps up with ${RATE} msg/s over ${TOPICS} topics (received = sent) and its result < ${RESULT_BUDGET_BYTES} B`,
    unit: 'msg/s',
    floor: { value: round(offered, 0), note: 'offered by the publisher' },
    project: {
      value: round(kept, 0),
      received: runs.map((r) => r.received),
      sent: runs.map((r) => r.sent),
      topics: runs.map((r) => r.topics),
      findings: runs.map((r) => r.findings),
      faulty_devices: runs.map((r) => r.faulty_devices),
      result_bytes: runs.map((r) => r.result_bytes),
      overrun_seconds: runs.map((r) => round(r.overrun_seconds, 2)),
      server_cpu_us_per_msg: round(median(runs.map((r) => r.cpu_us_per_msg)), 1),
    },
    ratio: round(kept / offered, 3),
    pass: lost.length === 0 && bytes < RESULT_BUDGET_BYTES,
    notes:
      `${seconds} s at ${RATE} msg/s per rep (${reps} reps after a warm-up), QoS 0, ~110 B JSON; ` +
      `largest result ${bytes} B. ` +
      (lost.length ? `${lost.length} rep(s) received fewer messages than were sent. ` : '') +
      'CPU per message: server from /proc, release to result.',
  };
}
