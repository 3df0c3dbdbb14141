// Bare MQTT.js subscriber child (the raw ingest floor): counts messages on a filter until N or a timeout.
// Usage: node subscriber.mjs '<json options>'; prints {"type":"ready"} after SUBACK, then {"type":"done"}.
import mqtt from 'mqtt';

const opts = {
  url: 'mqtt://127.0.0.1:1883',
  filter: 'bench/ingest/#',
  count: 10_000,
  qos: 0,
  timeoutMs: 30_000,
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

const client = await mqtt.connectAsync(opts.url, {
  protocolVersion: 5,
  reconnectPeriod: 0,
  clientId: `bench-sub-${process.pid}`,
});
let count = 0;
let firstHr = 0n;
let lastHr = 0n;
let done = false;
let cpu0 = process.cpuUsage();
const finish = async (reason) => {
  if (done) return;
  done = true;
  const lastWall = performance.timeOrigin + performance.now();
  const cpu = process.cpuUsage(cpu0);
  out({
    type: 'done',
    reason,
    count,
    firstHr: firstHr.toString(),
    lastHr: lastHr.toString(),
    lastWall,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
  await client.endAsync(true);
  process.exit(0);
};
client.on('message', () => {
  lastHr = process.hrtime.bigint();
  if (count === 0) firstHr = lastHr;
  count++;
  if (count >= opts.count) void finish('count');
});
await client.subscribeAsync(opts.filter, { qos: opts.qos });
setTimeout(() => void finish('timeout'), opts.timeoutMs).unref();
cpu0 = process.cpuUsage();
out({ type: 'ready' });
// Keep the loop alive until finish().
setInterval(() => undefined, 1000);
