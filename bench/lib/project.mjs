// Helpers that drive the project's stdio server: sessions, waiting for a subscription, collect runs.
import { readFileSync } from 'node:fs';
import { callTool } from './mcp-client.mjs';
import { sleep, spawnNodeScript, stopChild } from './proc.mjs';

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is index 0, utime is 11, stime is 12 (in clock ticks of 10 ms).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Opens a session on the broker with mqtt_establish_connection; returns its session_id. */
export async function openSession(client, url, extra = {}) {
  const out = await callTool(client, 'mqtt_establish_connection', {
    connection_string: url,
    ...extra,
  });
  const id = out.session_id ?? out.session?.session_id;
  if (!id) throw new Error(`no session_id in ${JSON.stringify(out).slice(0, 300)}`);
  return id;
}

/** Polls mqtt_list_active_connections until the session shows `filter` subscribed. */
export async function waitSubscribed(client, sessionId, filter, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = await callTool(client, 'mqtt_list_active_connections', {});
    const s = out.sessions.find((x) => x.session_id === sessionId);
    if (s?.subscriptions.some((x) => x.filter === filter)) return;
    await sleep(5);
  }
  throw new Error(`session ${sessionId} did not subscribe to ${filter} within ${timeoutMs} ms`);
}

/**
 * One project ingest run: a publisher child connects first, mqtt_subscribe_and_collect starts,
 * the publisher is released once the subscription is live. Returns the tool result, the
 * publisher's report, the wall time the result arrived, and the server CPU (ms, from /proc)
 * from the release to the result and to the window's end (sampled every 5 ms).
 */
export async function collectRun({ client, serverPid, sessionId, brokerUrl, publisher, collect }) {
  const filter = collect.topic_pattern;
  const pub = spawnNodeScript('publisher.mjs', { url: brokerUrl, ...publisher });
  let sampler;
  try {
    await pub.lines.next((o) => o.type === 'connected', 15_000, 'publisher connect');
    const pending = callTool(client, 'mqtt_subscribe_and_collect', {
      session_id: sessionId,
      ...collect,
    });
    pending.catch(() => undefined);
    await waitSubscribed(client, sessionId, filter);
    const cpuGo = cpuMs(serverPid);
    const samples = [];
    sampler = setInterval(() => {
      samples.push([performance.timeOrigin + performance.now(), cpuMs(serverPid)]);
    }, 5);
    pub.child.stdin.write('go\n');
    const result = await pending;
    const resultWall = performance.timeOrigin + performance.now();
    const cpuEnd = cpuMs(serverPid);
    clearInterval(sampler);
    const endedWall = Date.parse(result.ended_at);
    const atEnd = samples.filter(([t]) => t <= endedWall + 2).at(-1);
    const pubDone = await pub.lines.next((o) => o.type === 'done', 60_000, 'publisher done');
    return {
      result,
      pubDone,
      resultWall,
      serverCpuMs: cpuEnd - cpuGo,
      serverCpuWindowMs: atEnd ? atEnd[1] - cpuGo : Number.NaN,
    };
  } finally {
    clearInterval(sampler);
    await stopChild(pub.child, { graceMs: 1000 });
  }
}

/**
 * The raw floor: a long-lived bare MQTT.js subscriber child on `filter` (warm after the first
 * round, like the server); `round()` runs one publisher child of `count` messages to it and
 * returns e2e figures: rate = received / (last receipt - publisher start), both on hrtime.
 */
export async function rawSubscriber({ brokerUrl, filter = 'bench/raw/#', qos = 0 }) {
  const sub = spawnNodeScript('subscriber.mjs', { url: brokerUrl, filter, qos });
  await sub.lines.next((o) => o.type === 'ready', 15_000, 'subscriber ready');
  return {
    async round({ count, publisher, timeoutMs = 60_000 }) {
      const pub = spawnNodeScript('publisher.mjs', { url: brokerUrl, count, ...publisher });
      try {
        await pub.lines.next((o) => o.type === 'connected', 15_000, 'publisher connect');
        sub.child.stdin.write(`${JSON.stringify({ cmd: 'arm', count, timeoutMs })}\n`);
        await sub.lines.next((o) => o.type === 'armed', 5000, 'subscriber armed');
        pub.child.stdin.write('go\n');
        const pubDone = await pub.lines.next((o) => o.type === 'done', timeoutMs, 'publisher done');
        const subDone = await sub.lines.next(
          (o) => o.type === 'done',
          timeoutMs + 5000,
          'subscriber done',
        );
        const seconds = Number(BigInt(subDone.lastHr) - BigInt(pubDone.startHr)) / 1e9;
        const firstToLast = Number(BigInt(subDone.lastHr) - BigInt(subDone.firstHr)) / 1e9;
        return {
          received: subDone.count,
          sent: pubDone.sent,
          seconds,
          rate: subDone.count / seconds,
          firstToLastRate: firstToLast > 0 ? (subDone.count - 1) / firstToLast : Number.NaN,
          publishRate: pubDone.publishRate,
          subCpuUsPerMsg: (subDone.cpuMs * 1000) / Math.max(1, subDone.count),
        };
      } finally {
        await stopChild(pub.child, { graceMs: 1000 });
      }
    },
    stop: () => stopChild(sub.child, { graceMs: 1000 }),
  };
}
