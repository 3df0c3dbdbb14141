// Raw latency floor child: one MQTT.js client (TCP_NODELAY set) publishes to itself at R msg/s, round trips.
// Usage: node rtt-probe.mjs '<json options>'; prints {"type":"done", p50_ms, p99_ms, ...}.
import mqtt from 'mqtt';

const opts = {
  url: 'mqtt://127.0.0.1:1883',
  rate: 1000,
  durationMs: 5000,
  tickMs: 1,
  qos: 0,
  noDelay: true,
  drainMs: 500,
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const runId = Math.random().toString(16).slice(2, 14).padEnd(12, '0');
const topic = `bench/rtt/${process.pid}/${runId}`;

const client = await mqtt.connectAsync(opts.url, {
  protocolVersion: 5,
  reconnectPeriod: 0,
  clientId: `bench-rtt-${process.pid}`,
});
if (opts.noDelay) client.stream.setNoDelay(true);
await client.subscribeAsync(topic, { qos: opts.qos });

const sentAt = new Map();
const samples = [];
let seq = 0;
client.on('message', (t, payload) => {
  const at = performance.now();
  if (t !== topic) return;
  const { seq: s, mqtt_mcp_probe: id } = JSON.parse(payload.toString('utf8'));
  const t0 = id === runId ? sentAt.get(s) : undefined;
  if (t0 === undefined) return;
  sentAt.delete(s);
  samples.push(at - t0);
});

const start = performance.now();
await new Promise((resolve) => {
  const maxBurst = Math.max(1, Math.ceil(opts.rate / 20));
  const tick = () => {
    const elapsed = performance.now() - start;
    if (elapsed >= opts.durationMs) {
      clearInterval(timer);
      return resolve();
    }
    const due = Math.floor((elapsed * opts.rate) / 1000) + 1;
    const n = Math.max(0, Math.min(due - seq, maxBurst));
    for (let i = 0; i < n; i++) {
      const s = seq++;
      const body = JSON.stringify({
        mqtt_mcp_probe: runId,
        seq: s,
        sent_at: new Date().toISOString(),
      });
      sentAt.set(s, performance.now());
      client.publish(topic, body, { qos: opts.qos });
    }
  };
  const timer = setInterval(tick, opts.tickMs);
  tick();
});
const sendingMs = performance.now() - start;
await new Promise((r) => setTimeout(r, opts.drainMs));
await client.endAsync(true);

const xs = samples.slice().sort((a, b) => a - b);
const pct = (p) => {
  if (!xs.length) return null;
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
};
out({
  type: 'done',
  sent: seq,
  samples: xs.length,
  lost: sentAt.size,
  achieved_rate: (seq * 1000) / sendingMs,
  p50_ms: pct(50),
  p95_ms: pct(95),
  p99_ms: pct(99),
  max_ms: xs.at(-1) ?? null,
});
process.exit(0);
