// Traffic figures of a monitoring window: per-topic totals, per-second buckets, payload sizes (pure).
import { isoAt } from './message';
import { detectSpikes, round, summarize, type Spike } from './stats';

/** One topic's share of the traffic, as the monitor reports it. */
export interface TopicTrafficReport {
  topic: string;
  messages: number;
  messages_per_second: number;
  bytes: number;
  bytes_per_second: number;
  mean_size_bytes: number;
}

/** Payload size distribution of the live messages, in bytes. */
export interface SizeReport {
  min: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Messages and bytes per whole second of the window. */
export interface PerSecondReport {
  started_at: string;
  seconds: number;
  messages: number[];
  bytes: number[];
  peak_messages_per_second: number;
  mean_messages_per_second: number;
  min_messages_per_second: number;
  peak_bytes_per_second: number;
  mean_bytes_per_second: number;
}

/** Everything the monitor says about live traffic. */
export interface TrafficReport {
  messages: number;
  bytes: number;
  messages_per_second: number;
  bytes_per_second: number;
  per_second: PerSecondReport;
  payload_size_bytes: SizeReport | null;
  topic_count: number;
  top_by_rate: TopicTrafficReport[];
  top_by_bytes: TopicTrafficReport[];
  topics_not_listed: number;
  topics_not_tracked: number;
  spikes: Spike[];
  retained_replayed: { messages: number; bytes: number };
}

/** Default bound on distinct topics tracked individually; more are counted but not itemised. */
export const DEFAULT_MAX_TOPICS = 100_000;

/**
 * Nearest-rank percentile `p` (0–100) of a histogram of integer values given as ascending
 * [value, count] pairs with `total` counts in all; same rank rule as stats.percentile.
 */
export function histogramPercentile(
  ascending: Array<[number, number]>,
  total: number,
  p: number,
): number {
  if (total <= 0 || ascending.length === 0)
    throw new RangeError('percentile of an empty histogram');
  const rank = Math.max(1, Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * total));
  let seen = 0;
  for (const [value, count] of ascending) {
    seen += count;
    if (seen >= rank) return value;
  }
  return (ascending[ascending.length - 1] as [number, number])[0];
}

/**
 * Accumulates the messages of a window in memory that grows with the seconds elapsed and the
 * distinct topics and payload sizes seen, never with the message count. Retained messages
 * replayed on subscribe are counted apart and left out of every rate.
 */
export class TrafficAccumulator {
  private messages = 0;
  private bytes = 0;
  private retainedMessages = 0;
  private retainedBytes = 0;
  private untracked = new Set<string>();
  private readonly topics = new Map<string, { messages: number; bytes: number }>();
  private readonly sizes = new Map<number, number>();
  private readonly secondMessages: number[] = [];
  private readonly secondBytes: number[] = [];

  constructor(
    readonly originMs: number,
    private readonly maxTopics = DEFAULT_MAX_TOPICS,
  ) {}

  /** Live messages counted so far. */
  get count(): number {
    return this.messages;
  }

  /** Counts one message received at `atMs`; `retained` marks a replay of a stored message. */
  add(topic: string, sizeBytes: number, atMs: number, retained: boolean): void {
    if (retained) {
      this.retainedMessages++;
      this.retainedBytes += sizeBytes;
      return;
    }
    this.messages++;
    this.bytes += sizeBytes;
    const index = Math.max(0, Math.floor((atMs - this.originMs) / 1000));
    while (this.secondMessages.length <= index) {
      this.secondMessages.push(0);
      this.secondBytes.push(0);
    }
    this.secondMessages[index] = (this.secondMessages[index] ?? 0) + 1;
    this.secondBytes[index] = (this.secondBytes[index] ?? 0) + sizeBytes;
    this.sizes.set(sizeBytes, (this.sizes.get(sizeBytes) ?? 0) + 1);
    const entry = this.topics.get(topic);
    if (entry) {
      entry.messages++;
      entry.bytes += sizeBytes;
    } else if (this.topics.size < this.maxTopics) {
      this.topics.set(topic, { messages: 1, bytes: sizeBytes });
    } else if (this.untracked.size < this.maxTopics) {
      this.untracked.add(topic);
    }
  }

  /**
   * The report for a window that ended at `endMs` and lasted `windowSeconds`: the per-second
   * series holds every whole second since `originMs` (a trailing part-second is left out of the
   * series but not out of the totals), and `top` topics are listed by rate and by bytes.
   */
  report(endMs: number, windowSeconds: number, top: number): TrafficReport {
    const seconds = Math.max(1, Math.floor((endMs - this.originMs) / 1000));
    const pad = (list: number[]) => Array.from({ length: seconds }, (_, i) => list[i] ?? 0);
    const messagesSeries = pad(this.secondMessages);
    const bytesSeries = pad(this.secondBytes);
    const m = summarize(messagesSeries);
    const b = summarize(bytesSeries);
    const per = (n: number) => (windowSeconds > 0 ? n / windowSeconds : 0);
    const topics = [...this.topics].map(([topic, t]) => ({
      topic,
      messages: t.messages,
      messages_per_second: round(per(t.messages), 2),
      bytes: t.bytes,
      bytes_per_second: round(per(t.bytes), 1),
      mean_size_bytes: round(t.bytes / t.messages, 1),
    }));
    const byRate = [...topics].sort(
      (x, y) => y.messages - x.messages || y.bytes - x.bytes || x.topic.localeCompare(y.topic),
    );
    const byBytes = [...topics].sort(
      (x, y) => y.bytes - x.bytes || y.messages - x.messages || x.topic.localeCompare(y.topic),
    );
    const listed = new Set([...byRate.slice(0, top), ...byBytes.slice(0, top)].map((t) => t.topic));
    return {
      messages: this.messages,
      bytes: this.bytes,
      messages_per_second: round(per(this.messages), 2),
      bytes_per_second: round(per(this.bytes), 1),
      per_second: {
        started_at: isoAt(this.originMs),
        seconds,
        messages: messagesSeries,
        bytes: bytesSeries,
        peak_messages_per_second: m?.max ?? 0,
        mean_messages_per_second: round(m?.mean ?? 0, 2),
        min_messages_per_second: m?.min ?? 0,
        peak_bytes_per_second: b?.max ?? 0,
        mean_bytes_per_second: round(b?.mean ?? 0, 1),
      },
      payload_size_bytes: this.sizeReport(),
      topic_count: this.topics.size + this.untracked.size,
      top_by_rate: byRate.slice(0, top),
      top_by_bytes: byBytes.slice(0, top),
      topics_not_listed: this.topics.size + this.untracked.size - listed.size,
      topics_not_tracked: this.untracked.size,
      spikes: detectSpikes(messagesSeries, this.originMs),
      retained_replayed: { messages: this.retainedMessages, bytes: this.retainedBytes },
    };
  }

  private sizeReport(): SizeReport | null {
    if (this.messages === 0) return null;
    const ascending = [...this.sizes].sort((x, y) => x[0] - y[0]);
    return {
      min: (ascending[0] as [number, number])[0],
      mean: round(this.bytes / this.messages, 1),
      p50: histogramPercentile(ascending, this.messages, 50),
      p95: histogramPercentile(ascending, this.messages, 95),
      max: (ascending[ascending.length - 1] as [number, number])[0],
    };
  }
}
