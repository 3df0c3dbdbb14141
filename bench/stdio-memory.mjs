// Memory: RSS of the stdio server holding 5 sessions that have each seen 10,000 topics (budget 128 MB).
import { median, round } from './lib/stats.mjs';
import { BARE_SERVER, callTool, PROJECT_BIN, spawnMcp, timeCalls } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { openSession } from './lib/project.mjs';
import { hwmMb, rssMb, sleep, spawnNodeScript, stopChild } from './lib/proc.mjs';

const BUDGET_MB = 128;
const SESSIONS = 5;

/** Publishes one retained ~100 B message to each of `count` distinct topics (QoS 1). */
export async function publishRetained(url, count) {
  const pub = spawnNodeScript('publisher.mjs', {
    url,
    topics: 'distinct',
    count,
    qos: 1,
    retain: true,
    payloadBytes: 100,
    wait: false,
  });
  try {
    return await pub.lines.next((o) => o.type === 'done', 120_000, 'retained publish');
  } finally {
    await stopChild(pub.child, { graceMs: 1000 });
  }
}

/**
 * Per rep: a fresh broker holding `topics` retained topics, a fresh project server; 5 sessions
 * via mqtt_establish_connection, each runs mqtt_list_topics on # (the broker replays every
 * retained topic, so each session's inventory holds them all); then VmRSS of the server after
 * a 1 s settle. Floor: a bare SDK server's RSS after initialize and 100 calls (for scale).
 */
export async function run({ reps = 3, quick = false } = {}) {
  const topics = quick ? 2000 : 10_000;
  const proj = [];
  const bare = [];
  for (let i = 0; i < reps; i++) {
    const broker = await startMosquitto();
    let server;
    let floorServer;
    try {
      await publishRetained(broker.url, topics);
      floorServer = await spawnMcp(BARE_SERVER, {}, 'bare-mem');
      await timeCalls(floorServer.client, 'echo', { text: 'x' }, { warmup: 0, n: 100 });
      await sleep(500);
      bare.push(rssMb(floorServer.pid));
      await floorServer.close();
      floorServer = undefined;

      server = await spawnMcp(PROJECT_BIN, {}, 'project-mem');
      await sleep(500);
      const idle = rssMb(server.pid);
      const seen = [];
      for (let s = 0; s < SESSIONS; s++) {
        const id = await openSession(server.client, broker.url);
        const out = await callTool(server.client, 'mqtt_list_topics', {
          session_id: id,
          topic_pattern: '#',
          duration_seconds: quick ? 2 : 3,
          limit: 10,
        });
        seen.push(out.topic_count);
      }
      const list = await callTool(server.client, 'mqtt_list_active_connections', {});
      await sleep(1000);
      proj.push({
        idle,
        loaded: rssMb(server.pid),
        hwm: hwmMb(server.pid),
        topics_seen: list.sessions.map((x) => x.topics_seen),
        listed: seen,
      });
    } finally {
      await floorServer?.close();
      await server?.close();
      await broker.stop();
    }
  }
  const loaded = median(proj.map((p) => p.loaded));
  const complete = proj.every(
    (p) => p.topics_seen.length === SESSIONS && p.topics_seen.every((n) => n >= topics),
  );
  return {
    name: 'stdio-memory',
    goal: `stdio server RSS with ${SESSIONS} sessions that saw ${topics} topics < ${BUDGET_MB} MB`,
    unit: 'MB',
    floor: {
      value: round(median(bare), 1),
      note: 'bare SDK echo server RSS after initialize + 100 calls',
      reps: bare.map((v) => round(v, 1)),
    },
    project: {
      value: round(loaded, 1),
      idle_after_initialize: round(median(proj.map((p) => p.idle)), 1),
      loaded_reps: proj.map((p) => round(p.loaded, 1)),
      peak_hwm: round(Math.max(...proj.map((p) => p.hwm)), 1),
      topics_seen_per_session: proj.at(-1)?.topics_seen,
    },
    ratio: round(loaded / median(bare), 3),
    pass: loaded < BUDGET_MB && complete,
    notes:
      `absolute budget ${BUDGET_MB} MB (ratio column = project / bare SDK server, for scale); ` +
      `retained topics replayed to each session by mqtt_list_topics on #; RSS = VmRSS after a 1 s settle. ` +
      (complete ? '' : 'NOT every session saw every topic. '),
  };
}
