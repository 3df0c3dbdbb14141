// Live metrics: one sample per second (message and byte rates per session, tool latency, memory), kept in a ring.
import { EventEmitter } from 'node:events';
import { summarize } from '../analysis/stats';
import type { SessionManager } from '../mqtt/session-manager';
import { processMemory } from './process-memory';

/** Rates of one session during one sample. */
export interface SessionRate {
  session_id: string;
  /** Broker address (credentials removed), what charts label the session by. */
  broker: string;
  /** Saved profile the session was opened from. */
  profile: string | null;
  state: string;
  messages_per_s: number;
  bytes_per_s: number;
}

/** One live sample. */
export interface MetricsSample {
  at: string;
  messages_per_s: number;
  bytes_per_s: number;
  sessions: SessionRate[];
  tool_calls: number;
  tool_errors: number;
  /** Latency of instant tool calls over the last minute (timed tools' windows excluded). */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  rss_mb: number;
  heap_used_mb: number;
}

const LATENCY_WINDOW_MS = 60_000;

/** Samples the sessions every interval; emits `sample` with each MetricsSample. */
export class LiveMetrics extends EventEmitter {
  private readonly ring: MetricsSample[] = [];
  private readonly last = new Map<string, { messages: number; bytes: number }>();
  private calls: Array<{ atMs: number; ms: number; ok: boolean }> = [];
  private pending = { calls: 0, errors: 0 };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionManager,
    private readonly intervalMs = 1000,
    private readonly keep = 600,
  ) {
    super();
    this.setMaxListeners(1000);
  }

  /** Starts sampling. */
  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Records one finished tool call. A timed tool's duration is the observation window it was asked
   * for, not a latency: it counts as a call but stays out of the latency percentiles.
   */
  recordCall(durationMs: number, ok: boolean, timed = false): void {
    if (!timed) this.calls.push({ atMs: Date.now(), ms: durationMs, ok });
    this.pending.calls++;
    if (!ok) this.pending.errors++;
  }

  /** The samples kept, oldest first. */
  history(): MetricsSample[] {
    return [...this.ring];
  }

  private sample(): void {
    const now = Date.now();
    const seconds = this.intervalMs / 1000;
    const rates: SessionRate[] = [];
    const seen = new Set<string>();
    for (const s of this.sessions.list()) {
      seen.add(s.id);
      const prev = this.last.get(s.id) ?? {
        messages: s.stats.messagesReceived,
        bytes: s.stats.bytesReceived,
      };
      rates.push({
        session_id: s.id,
        broker: s.broker,
        profile: s.options.profile ?? null,
        state: s.state,
        messages_per_s: (s.stats.messagesReceived - prev.messages) / seconds,
        bytes_per_s: (s.stats.bytesReceived - prev.bytes) / seconds,
      });
      this.last.set(s.id, { messages: s.stats.messagesReceived, bytes: s.stats.bytesReceived });
    }
    for (const id of this.last.keys()) if (!seen.has(id)) this.last.delete(id);
    this.calls = this.calls.filter((c) => now - c.atMs <= LATENCY_WINDOW_MS);
    const latency = summarize(this.calls.map((c) => c.ms));
    const mem = processMemory();
    const sample: MetricsSample = {
      at: new Date(now).toISOString(),
      messages_per_s: rates.reduce((sum, r) => sum + r.messages_per_s, 0),
      bytes_per_s: rates.reduce((sum, r) => sum + r.bytes_per_s, 0),
      sessions: rates,
      tool_calls: this.pending.calls,
      tool_errors: this.pending.errors,
      latency_p50_ms: latency ? Math.round(latency.p50 * 100) / 100 : null,
      latency_p95_ms: latency ? Math.round(latency.p95 * 100) / 100 : null,
      rss_mb: mem.rss_mb,
      heap_used_mb: mem.heap_used_mb,
    };
    this.pending = { calls: 0, errors: 0 };
    this.ring.push(sample);
    if (this.ring.length > this.keep) this.ring.shift();
    this.emit('sample', sample);
  }
}
