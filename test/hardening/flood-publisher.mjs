// Flood publisher child for the hardening soaks: raw QoS 0 MQTT over loopback TCP, stops by itself.
// Usage: node flood-publisher.mjs '<json options>'. It writes pre-encoded PUBLISH packets straight to
// the socket in batches and waits for 'drain' whenever the socket buffer is full: the bytes in
// flight are bounded by that buffer, and the rate is what the broker takes in. JSON lines on
// stdout: {"type":"connected"}, {"type":"progress",...} every second, {"type":"done",...} at the
// end (after a PINGREQ/PINGRESP round trip, so the broker has processed every PUBLISH). It exits
// when its stdin closes (the parent died) and, whatever happens, after `seconds` + 30 s.
import { connect } from 'node:net';
import mqttPacket from 'mqtt-packet';

const opts = {
  host: '127.0.0.1',
  port: 1883,
  /** 'flood': rotate over `topics` topics for `seconds`; 'distinct': `count` messages, one topic each. */
  mode: 'flood',
  prefix: 'flood',
  topics: 1000,
  seconds: 20,
  count: 100_000,
  payloadBytes: 100,
  retain: false,
  /** PUBLISH packets per socket write. */
  batch: 256,
  ...JSON.parse(process.argv[2] ?? '{}'),
};
if (opts.url) {
  const url = new URL(opts.url);
  opts.host = url.hostname;
  opts.port = Number(url.port || 1883);
}

const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const fail = (message, code = 2) => {
  out({ type: 'error', message });
  process.exit(code);
};
const hardStop = setTimeout(
  () => fail('hard stop: the publisher ran far past its time', 3),
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

const encode = (seq) =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: topicOf(seq),
    payload: payload(seq),
    qos: 0,
    retain: opts.retain,
    dup: false,
  });

const socket = connect({ host: opts.host, port: opts.port });
socket.setNoDelay(false);
socket.on('error', (err) => fail(`socket error: ${err.message}`));
const parser = mqttPacket.parser({ protocolVersion: 4 });
const waiting = new Map();
parser.on('packet', (packet) => {
  waiting.get(packet.cmd)?.(packet);
  waiting.delete(packet.cmd);
});
socket.on('data', (chunk) => parser.parse(chunk));
const expectPacket = (cmd, ms = 10_000) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => fail(`no ${cmd} within ${ms} ms`), ms);
    waiting.set(cmd, (packet) => {
      clearTimeout(timer);
      resolve(packet);
    });
  });

await new Promise((resolve) => socket.once('connect', resolve));
socket.write(
  mqttPacket.generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    clientId: `hardening-pub-${process.pid}`,
    keepalive: 0,
  }),
);
const connack = await expectPacket('connack');
if (connack.returnCode !== 0) fail(`CONNACK return code ${connack.returnCode}`);
out({ type: 'connected' });

// Flood mode cycles over one pre-encoded packet per topic (the payload keeps the first seq).
const pool = opts.mode === 'flood' ? Array.from({ length: opts.topics }, (_, i) => encode(i)) : [];
const limit = opts.mode === 'distinct' ? opts.count : Number.POSITIVE_INFINITY;
const started = performance.now();
const deadline = started + opts.seconds * 1000;
let sent = 0;
let bytes = 0;
const progress = setInterval(() => {
  const seconds = (performance.now() - started) / 1000;
  out({ type: 'progress', sent, seconds, rate: Math.round(sent / seconds) });
}, 1000);

while (sent < limit && performance.now() < deadline && !socket.destroyed) {
  const n = Math.min(opts.batch, limit - sent);
  const packets = new Array(n);
  for (let i = 0; i < n; i++) {
    const seq = sent + i;
    packets[i] = opts.mode === 'flood' ? pool[seq % pool.length] : encode(seq);
  }
  const chunk = Buffer.concat(packets);
  sent += n;
  bytes += chunk.length;
  if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(progress);
// The broker handles one connection's packets in order: PINGRESP means every PUBLISH was taken in.
socket.write(mqttPacket.generate({ cmd: 'pingreq' }));
await expectPacket('pingresp', 30_000);
const drainedSeconds = (performance.now() - started) / 1000;
socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
out({
  type: 'done',
  sent,
  written: sent,
  bytes,
  errors: 0,
  seconds,
  drained_seconds: drainedSeconds,
  rate: Math.round(sent / drainedSeconds),
});
process.exit(0);
