// Publisher child for the benchmarks: N QoS 0/1 messages of ~100 B JSON, a window of outstanding publishes.
// Usage: node publisher.mjs '<json options>'; prints {"type":"connected"}, waits for "go" on stdin
// (unless options.wait is false), then prints {"type":"done", ...} with monotonic and wall-clock times.
import { childOptions, connectBench, connectedAwaitGo, finish, wallNow } from './child.mjs';

const opts = childOptions({
  url: 'mqtt://127.0.0.1:1883',
  topic: 'bench/ingest',
  topics: 10, // messages rotate over <topic>/dev<i % topics>; 'distinct' gives one topic per message
  count: 10_000,
  qos: 0,
  window: 1000,
  rate: 0, // msg/s; 0 = as fast as the window allows
  payloadBytes: 100,
  retain: false,
  wait: true,
  noDelay: false,
});

function payload(seq) {
  const head = `{"seq":${seq},"temp":21.5,"pad":"`;
  const pad = Math.max(0, opts.payloadBytes - head.length - 2);
  return Buffer.from(`${head}${'x'.repeat(pad)}"}`);
}

function topicOf(seq) {
  if (opts.topics === 'distinct') {
    return `site/${seq % 10}/area/${seq % 100}/dev/${seq}/telemetry`;
  }
  return `${opts.topic}/dev${seq % opts.topics}`;
}

const client = await connectBench(opts.url, `bench-pub-${process.pid}`);
if (opts.noDelay) client.stream.setNoDelay(true);
await connectedAwaitGo(opts.wait);

let sent = 0;
let acked = 0;
let inflight = 0;
let errors = 0;
let refillScheduled = false;
const startHr = process.hrtime.bigint();
const startWall = wallNow();
const startPerf = performance.now();

const finished = new Promise((resolve) => {
  const onDone = (err) => {
    inflight--;
    acked++;
    if (err) errors++;
    if (acked === opts.count) return resolve();
    if (opts.rate === 0 && inflight <= opts.window / 2 && !refillScheduled) {
      refillScheduled = true;
      setImmediate(pump);
    }
  };
  function send(n) {
    for (let i = 0; i < n; i++) {
      const seq = sent++;
      inflight++;
      client.publish(topicOf(seq), payload(seq), { qos: opts.qos, retain: opts.retain }, onDone);
    }
  }
  function pump() {
    refillScheduled = false;
    send(Math.min(opts.window - inflight, opts.count - sent));
  }
  if (opts.rate > 0) {
    const timer = setInterval(() => {
      const due = Math.min(
        opts.count,
        Math.floor(((performance.now() - startPerf) * opts.rate) / 1000) + 1,
      );
      send(Math.max(0, Math.min(due - sent, opts.window - inflight)));
      if (sent >= opts.count) clearInterval(timer);
    }, 1);
  } else {
    pump();
  }
});

await finished;
const endHr = process.hrtime.bigint();
await finish(client, (endWall) => ({
  sent,
  errors,
  startHr: startHr.toString(),
  endHr: endHr.toString(),
  startWall,
  endWall,
  publishRate: (sent * 1e9) / Number(endHr - startHr),
}));
