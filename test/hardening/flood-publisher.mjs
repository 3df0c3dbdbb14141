// Flood publisher child for the hardening soaks: QoS 0 on loopback, bounded in-flight window, stops by itself.
// Usage: node flood-publisher.mjs '<json options>'. Prints JSON lines on stdout: {"type":"connected"},
// {"type":"progress",...} about every second, and {"type":"done",...} before it exits. It also exits
// when its stdin closes (the parent died) and, whatever happens, after `seconds` + 30 s.
import mqtt from 'mqtt';

const opts = {
  url: 'mqtt://127.0.0.1:1883',
  /** 'flood': rotate over `topics` topics for `seconds`; 'distinct': `count` messages, one topic each. */
  mode: 'flood',
  prefix: 'flood',
  topics: 1000,
  seconds: 20,
  count: 100_000,
  payloadBytes: 100,
  retain: false,
  /** Most publishes handed to MQTT.js and not yet written to the socket. */
  window: 2000,
  ...JSON.parse(process.argv[2] ?? '{}'),
};

const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const hardStop = setTimeout(
  () => {
    out({ type: 'error', message: 'hard stop: the publisher ran far past its time' });
    process.exit(3);
  },
  (opts.seconds + 30) * 1000,
);
hardStop.unref();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

function payload(seq) {
  const head = `{"seq":${seq},"temp":${(seq % 400) / 10},"pad":"`;
  const pad = Math.max(0, opts.payloadBytes - head.length - 2);
  return Buffer.from(`${head}${'x'.repeat(pad)}"}`);
}

function topicOf(seq) {
  if (opts.mode === 'distinct') return `${opts.prefix}/${seq % 100}/dev${seq}/state`;
  const i = seq % opts.topics;
  return `${opts.prefix}/site${i % 10}/dev${i}/telemetry`;
}

const client = await mqtt.connectAsync(opts.url, {
  protocolVersion: 4,
  reconnectPeriod: 0,
  clientId: `hardening-pub-${process.pid}`,
});
client.on('error', () => undefined);
client.stream.setNoDelay?.(false);
out({ type: 'connected' });

let sent = 0;
let written = 0;
let inflight = 0;
let errors = 0;
let stopping = false;
let pumpScheduled = false;
const started = performance.now();
const deadline = started + opts.seconds * 1000;
const limit = opts.mode === 'distinct' ? opts.count : Number.POSITIVE_INFINITY;

const progress = setInterval(() => {
  const seconds = (performance.now() - started) / 1000;
  out({ type: 'progress', sent, written, seconds, rate: Math.round(written / seconds) });
}, 1000);

const finished = new Promise((resolve) => {
  const onWritten = (err) => {
    inflight--;
    written++;
    if (err) errors++;
    if (stopping || sent >= limit) {
      if (inflight === 0) resolve();
      return;
    }
    if (inflight <= opts.window / 2 && !pumpScheduled) {
      pumpScheduled = true;
      setImmediate(pump);
    }
  };
  function pump() {
    pumpScheduled = false;
    if (performance.now() >= deadline || !client.connected) stopping = true;
    if (stopping || sent >= limit) {
      if (inflight === 0) resolve();
      return;
    }
    const n = Math.min(opts.window - inflight, limit - sent);
    for (let i = 0; i < n; i++) {
      const seq = sent++;
      inflight++;
      client.publish(topicOf(seq), payload(seq), { qos: 0, retain: opts.retain }, onWritten);
    }
  }
  pump();
});

await finished;
clearInterval(progress);
const seconds = (performance.now() - started) / 1000;
await client.endAsync(false).catch(() => undefined);
out({
  type: 'done',
  sent,
  written,
  errors,
  seconds,
  rate: Math.round(written / seconds),
});
process.exit(0);
