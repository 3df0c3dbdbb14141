// Bare MQTT.js subscriber child (the raw ingest floor), long-lived so its JIT is as warm as the server's.
// Usage: node subscriber.mjs '<json options>'; prints {"type":"ready"} after SUBACK. Each stdin line
// {"cmd":"arm","count":N,"timeoutMs":T} resets the counters and answers {"type":"armed"}; once N
// messages arrived (or T passed) it prints {"type":"done", ...}. Messages while unarmed are ignored.
import { childOptions, connectBench, out } from './child.mjs';

const opts = childOptions({
  url: 'mqtt://127.0.0.1:1883',
  filter: 'bench/raw/#',
  qos: 0,
});

const client = await connectBench(opts.url, `bench-sub-${process.pid}`);
let armed = false;
let target = 0;
let count = 0;
let firstHr = 0n;
let lastHr = 0n;
let cpu0 = process.cpuUsage();
let timer;

function finish(reason) {
  if (!armed) return;
  armed = false;
  clearTimeout(timer);
  const cpu = process.cpuUsage(cpu0);
  out({
    type: 'done',
    reason,
    count,
    firstHr: firstHr.toString(),
    lastHr: lastHr.toString(),
    lastWall: performance.timeOrigin + performance.now(),
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

client.on('message', () => {
  if (!armed) return;
  lastHr = process.hrtime.bigint();
  if (count === 0) firstHr = lastHr;
  count++;
  if (count >= target) finish('count');
});

let rest = '';
process.stdin.on('data', (chunk) => {
  rest += chunk.toString();
  let nl;
  while ((nl = rest.indexOf('\n')) >= 0) {
    const line = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    const cmd = JSON.parse(line);
    if (cmd.cmd === 'arm') {
      count = 0;
      firstHr = 0n;
      lastHr = 0n;
      target = cmd.count;
      armed = true;
      cpu0 = process.cpuUsage();
      timer = setTimeout(() => finish('timeout'), cmd.timeoutMs ?? 60_000);
      out({ type: 'armed' });
    } else if (cmd.cmd === 'exit') {
      void client.endAsync(true).then(() => process.exit(0));
    }
  }
});
process.stdin.on('end', () => process.exit(0));

await client.subscribeAsync(opts.filter, { qos: opts.qos });
out({ type: 'ready' });
