// Publisher child for the diagnose benchmark: a paced installation of N device topics with varying JSON and a few planted faults.
// Usage: node installation-publisher.mjs '<json options>'; prints {"type":"connected"}, waits for "go" on stdin,
// publishes `rate` msg/s round-robin over `topics` topics for `seconds`, then prints {"type":"done", sent, ...}.
import { childOptions, connectBench, connectedAwaitGo, finish, wallNow } from './child.mjs';

const opts = childOptions({
  url: 'mqtt://127.0.0.1:1883',
  prefix: 'bench/site',
  topics: 1000,
  rate: 2000,
  seconds: 10,
  /** Every `faultEvery`-th device carries one planted fault (frozen, -127, string speed, lost seq). */
  faultEvery: 50,
});

const FAULTS = ['frozen', 'ds18b20', 'string_speed', 'lost_seq'];

function faultOf(device) {
  return device % opts.faultEvery === 7 ? FAULTS[Math.floor(device / opts.faultEvery) % 4] : null;
}

function topicOf(device) {
  return `${opts.prefix}/area${device % 10}/dev-${device}/telemetry`;
}

const seqs = new Array(opts.topics).fill(0);

function payload(device, round) {
  const fault = faultOf(device);
  seqs[device] += fault === 'lost_seq' && round % 4 === 1 ? 2 : 1;
  const temp = 20 + (device % 7) + Math.sin(round / 3 + device) + ((round * 7 + device) % 5) / 10;
  const speed = Math.round(1400 + 50 * Math.sin(round / 4 + device));
  return JSON.stringify({
    seq: seqs[device],
    temp:
      fault === 'frozen'
        ? 21.5
        : fault === 'ds18b20' && round % 5 === 2
          ? -127
          : Math.round(temp * 10) / 10,
    speed: fault === 'string_speed' ? String(speed) : speed,
    ts: new Date().toISOString(),
  });
}

const client = await connectBench(opts.url, `bench-installation-${process.pid}`);
await connectedAwaitGo();

const count = Math.round(opts.rate * opts.seconds);
let sent = 0;
const startWall = wallNow();
const startPerf = performance.now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const due = Math.min(count, Math.floor(((performance.now() - startPerf) * opts.rate) / 1000));
    for (; sent < due; sent++) {
      const device = sent % opts.topics;
      client.publish(topicOf(device), payload(device, Math.floor(sent / opts.topics)), { qos: 0 });
    }
    if (sent >= count) {
      clearInterval(timer);
      resolve();
    }
  }, 5);
});
await finish(client, (endWall) => ({
  sent,
  startWall,
  endWall,
  publishRate: (sent * 1000) / (endWall - startWall),
  faulty_devices: Array.from({ length: opts.topics }, (_, d) => faultOf(d)).filter(Boolean).length,
}));
