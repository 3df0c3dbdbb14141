// Hardening test support: seeded PRNG, RSS sampling from /proc, the flood publisher child, figures file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { childEnv } from '../child-env';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Where the hardening figures are written (merged per section, one JSON object). */
export const FIGURES_FILE = resolve(ROOT, 'bench', 'results', 'hardening.json');

/** A small seeded PRNG (mulberry32): the same seed replays the same fault schedule. */
export { seededRandom } from '../../server/demo/scenario/random';

/** Promise that resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process in MiB, from /proc/<pid>/status (undefined once it is gone). */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped. */
export class RssSampler {
  readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    everyMs = 1000,
  ) {
    const take = () => {
      const mb = rssMb(pid);
      if (mb !== undefined) this.samples.push(mb);
    };
    take();
    this.timer = setInterval(take, everyMs);
  }

  /** Highest sample so far, in MiB. */
  get maxMb(): number {
    return this.samples.length > 0 ? Math.max(...this.samples) : 0;
  }

  /** Last sample, in MiB. */
  get lastMb(): number {
    return this.samples.at(-1) ?? 0;
  }

  /** Stops sampling (takes one last sample first). */
  stop(): void {
    const mb = rssMb(this.pid);
    if (mb !== undefined) this.samples.push(mb);
    clearInterval(this.timer);
  }
}

/**
 * Pid of the Mosquitto child started by test/mosquitto.ts for the broker whose directory is `dir`
 * (found by its `-c <dir>/mosquitto.conf` command line), or undefined when it is not running.
 */
export function mosquittoPid(dir: string): number | undefined {
  const config = `${dir}/mosquitto.conf`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(config) && args.some((a) => a.endsWith('mosquitto'))) return Number(entry);
    } catch {
      // The process went away meanwhile.
    }
  }
  return undefined;
}

/** Options of the flood publisher child (see flood-publisher.mjs). */
export interface PublisherOptions {
  url: string;
  mode: 'flood' | 'distinct';
  prefix: string;
  topics?: number;
  seconds: number;
  count?: number;
  payloadBytes?: number;
  retain?: boolean;
  /** PUBLISH packets per socket write (default 256). */
  batch?: number;
}

/** What the publisher child reported when it finished. */
export interface PublisherDone {
  sent: number;
  written: number;
  bytes: number;
  errors: number;
  /** Time spent writing. */
  seconds: number;
  /** Time until the broker had taken in every PUBLISH (PINGRESP received). */
  drained_seconds: number;
  /** Messages per second the broker took in (sent / drained_seconds). */
  rate: number;
}

/** A running publisher child. */
export interface PublisherChild {
  child: ChildProcess;
  /** Resolves when it printed "done" (rejects when it exits without). */
  done: Promise<PublisherDone>;
  /** Messages/s from each progress line. */
  rates: number[];
  kill(): void;
}

/** Starts the flood publisher in its own node process and resolves once it is connected. */
export async function startPublisher(opts: PublisherOptions): Promise<PublisherChild> {
  const script = resolve(import.meta.dirname, 'flood-publisher.mjs');
  const child = spawn(process.execPath, [script, JSON.stringify(opts)], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const rates: number[] = [];
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((r) => {
    onConnected = r;
  });
  const done = new Promise<PublisherDone>((resolveDone, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let msg: { type?: string } & Record<string, unknown>;
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === 'connected') onConnected();
      if (msg.type === 'progress' && typeof msg.rate === 'number') rates.push(msg.rate);
      if (msg.type === 'done') resolveDone(msg as unknown as PublisherDone);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`publisher exited (${code ?? signal}) before it was done: ${stderr}`)),
    );
  });
  done.catch(() => undefined);
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  await Promise.race([
    connected,
    done.then(() => undefined),
    sleep(10_000).then(() => {
      throw new Error(`publisher did not connect: ${stderr}`);
    }),
  ]).catch((err: unknown) => {
    kill();
    throw err;
  });
  return { child, done, rates, kill };
}

/** Merges one section into bench/results/hardening.json (created with its directory if needed). */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
  mkdirSync(resolve(FIGURES_FILE, '..'), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // First write.
  }
  all[section] = { recorded_at: new Date().toISOString(), ...figures };
  all.machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: (() => {
      try {
        return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length;
      } catch {
        return undefined;
      }
    })(),
  };
  writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** p-th percentile (0-100) of a list (nearest rank); 0 for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
