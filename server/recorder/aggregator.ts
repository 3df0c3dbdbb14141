// The recorder's in-memory aggregator: messages in, one batch per flush out (no I/O, bounded memory).
import { availabilityOf, textMayAnnounceAvailability } from '../analysis/availability';
import type { InboundMessage } from '../mqtt/inbound-message';
import { STORED_PAYLOAD_BYTES } from '../store/record/queries';
import type {
  EventInput,
  RecordBatch,
  RecordedAvailability,
  RecordSource,
  TopicState,
} from '../store/record/types';
import * as describe from './event-text';
import { numericFields } from './numeric-fields';
import type { RecorderOptions } from './options';
import { payloadHash } from './payload-hash';
import { TopicRecord, type FieldTrack } from './topic-record';

/** Topics evicted down to this share of maxTopics when the map is nearly full. */
const EVICT_TO = 0.8;
const EVICT_AT = 0.9;
/** A replay burst goes on while retained messages keep coming back to back (live ones come slower). */
const REPLAY_TAIL_MS = 250;
/** After a reconnection, retained messages count as replays at most this long (until resubscribed). */
const RESUBSCRIBE_WINDOW_MS = 30_000;
/** Live messages a topic needs before it can be called vanished (a few do not make a rhythm). */
const MIN_MESSAGES_FOR_VANISH = 5;

/** Counters of what the aggregator could not keep. */
export interface AggregatorCounters {
  topics: number;
  /** Messages on topics beyond maxTopics. */
  untracked: number;
  /** Events beyond maxEventsPerBatch. */
  droppedEvents: number;
}

type Out = Omit<RecordBatch, 'source' | 'topics'>;

const emptyOut = (): Out => ({ counts: [], fields: [], events: [], messages: [] });

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * Aggregates one source's messages per topic and minute: counts, bytes, numeric field statistics,
 * availability transitions, retained changes, topics appearing/vanishing/returning, frozen values,
 * and the last raw messages. `drain` hands over everything since the previous drain.
 */
export class RecordAggregator {
  private readonly topics = new Map<string, TopicRecord>();
  private out: Out = emptyOut();
  private readonly counters: AggregatorCounters = { topics: 0, untracked: 0, droppedEvents: 0 };
  /** Until then, what arrives on a never-recorded source is the baseline (no appeared events). */
  private readonly baselineUntilMs: number;
  /** Retained messages until then are replays answering the tap's (re)subscription. */
  private replayUntilMs = Number.POSITIVE_INFINITY;
  private connected = true;
  private connectedSinceMs: number;
  private disconnectedAtMs = 0;

  constructor(
    readonly source: RecordSource,
    private readonly opts: RecorderOptions,
    persisted: readonly TopicState[],
    startMs: number,
    /** Whether a retained message can be live (MQTT 5 tap, retain as published); set once tapped. */
    public retainAsPublished = true,
  ) {
    this.baselineUntilMs = persisted.length === 0 ? startMs + opts.baselineMs : 0;
    this.connectedSinceMs = startMs;
    for (const state of persisted.slice(0, opts.maxTopics)) {
      this.topics.set(state.topic, new TopicRecord({ ...state }));
    }
  }

  /** Retained messages before `untilMs` are replays (after a (re)subscription); open-ended until set. */
  replaysUntil(untilMs: number): void {
    this.replayUntilMs = untilMs;
  }

  /** What could not be kept, and the topics tracked. */
  get stats(): AggregatorCounters {
    return { ...this.counters, topics: this.topics.size };
  }

  /** Records the hub's own connection to the broker going down or coming back. */
  connection(connected: boolean, atMs: number, reason?: string): void {
    if (connected === this.connected) return;
    this.connected = connected;
    if (connected) {
      this.connectedSinceMs = atMs;
      this.replayUntilMs = atMs + RESUBSCRIBE_WINDOW_MS;
      this.event(describe.reconnected(atMs, atMs - this.disconnectedAtMs));
    } else {
      this.disconnectedAtMs = atMs;
      this.event(describe.disconnected(atMs, reason));
    }
  }

  /** Adds an event to the next batch (bounded). */
  event(e: EventInput): void {
    if (this.out.events.length >= this.opts.maxEventsPerBatch) this.counters.droppedEvents++;
    else this.out.events.push(e);
  }

  /** Aggregates one message; true when it is a retained value replayed at (re)subscription. */
  add(m: InboundMessage): boolean {
    const now = m.receivedAtMs;
    const replay = m.retain && (!this.retainAsPublished || now < this.replayUntilMs);
    if (replay && this.retainAsPublished) {
      this.replayUntilMs = Math.max(this.replayUntilMs, now + REPLAY_TAIL_MS);
    }
    this.aggregate(m, now, replay);
    return replay;
  }

  private aggregate(m: InboundMessage, now: number, replay: boolean): void {
    let t = this.topics.get(m.topic);
    if (!t) {
      t = this.admit(m.topic, now);
      if (!t) return;
    }
    let retained: { previous: number | null } | undefined;
    if (m.retain) {
      const hash = m.payload.length === 0 ? null : payloadHash(m.payload);
      if (replay && hash === t.state.retainedHash) return;
      if (hash !== t.state.retainedHash) retained = { previous: t.state.retainedHash };
      t.state.retainedHash = hash;
    }
    const baseline = now < this.baselineUntilMs;
    if (!replay) this.live(t, m, now);
    const announced = this.availability(t, m, now, replay, baseline);
    if (retained && !announced && !(baseline && retained.previous === null)) {
      this.event(describe.retainedChange(m, now, retained.previous !== null, replay));
    }
    this.keepRaw(t, m);
    t.dirty = true;
  }

  /** Everything since the previous drain as a batch; vanished topics are detected here. */
  drain(nowMs: number): RecordBatch {
    const topics: TopicState[] = [];
    const out = this.out;
    for (const t of this.topics.values()) {
      this.checkVanished(t, nowMs);
      if (!t.dirty) continue;
      t.dirty = false;
      t.closeMinute(out.counts);
      t.closeFields(out.fields);
      topics.push({ ...t.state });
      for (const raw of t.raw) out.messages.push(raw);
      t.raw = [];
    }
    this.evict();
    this.out = emptyOut();
    return { source: this.source, topics, ...out };
  }

  private admit(topic: string, now: number): TopicRecord | undefined {
    if (this.topics.size >= this.opts.maxTopics) {
      this.counters.untracked++;
      return undefined;
    }
    const t = new TopicRecord({
      topic,
      firstMs: now,
      lastMs: now,
      messages: 0,
      intervalMs: null,
      retainedHash: null,
      availability: null,
      vanished: false,
    });
    this.topics.set(topic, t);
    if (now >= this.baselineUntilMs) this.event(describe.appeared(topic, now));
    return t;
  }

  /** A live message: counted in its minute, its numeric fields, interval, return from silence. */
  private live(t: TopicRecord, m: InboundMessage, now: number): void {
    const minute = minuteOf(now);
    t.count(minute, m.payload.length, this.out.counts);
    if (t.state.vanished) {
      t.state.vanished = false;
      this.event(describe.returned(m.topic, now, now - t.state.lastMs));
    }
    t.seen(now);
    if (m.format !== 'json') return;
    const decoded = m.decoded;
    if (decoded.payload_format !== 'json') return;
    numericFields(decoded.payload, (field, value) => {
      const f = t.addValue(field, minute, value, now, this.out.fields);
      if (f.repeats === 0) f.repeats = 1;
      else this.trackFreeze(t.state.topic, field, f, value, now);
    });
  }

  private trackFreeze(
    topic: string,
    field: string,
    f: FieldTrack,
    value: number,
    now: number,
  ): void {
    if (value === f.value) {
      f.repeats++;
      const o = this.opts;
      if (
        !f.frozen &&
        f.changes >= o.freezeMinChanges &&
        f.repeats >= o.freezeMinRepeats &&
        now - f.sinceMs >= o.freezeMinMs
      ) {
        f.frozen = true;
        this.event(describe.frozen(topic, field, value, f.repeats, f.sinceMs, now));
      }
      return;
    }
    if (f.frozen) {
      f.frozen = false;
      this.event(describe.resumed(topic, field, value, now, now - f.sinceMs));
    }
    f.changes++;
    f.value = value;
    f.repeats = 1;
    f.sinceMs = now;
  }

  /** Records an availability transition; true when the message announced a state. */
  private availability(
    t: TopicRecord,
    m: InboundMessage,
    now: number,
    replay: boolean,
    baseline: boolean,
  ): boolean {
    const format = m.format;
    if (format === 'binary') return false;
    if (format === 'text' && !textMayAnnounceAvailability(m.topic)) return false;
    const d = m.decoded;
    const state: RecordedAvailability | undefined = availabilityOf({
      topic: m.topic,
      payload_format: d.payload_format,
      payload: d.payload,
    });
    if (!state) return false;
    const previous = t.state.availability;
    if (state === previous) return true;
    t.state.availability = state;
    if (!(baseline && previous === null)) {
      this.event(describe.availability(m.topic, state, previous, m.retain, replay, now));
    }
    return true;
  }

  private keepRaw(t: TopicRecord, m: InboundMessage): void {
    const n = this.opts.messagesPerTopic;
    t.state.messages++;
    if (n <= 0) return;
    t.raw.push({
      topic: m.topic,
      slot: (t.state.messages - 1) % n,
      ts: m.receivedAtMs,
      qos: m.qos,
      retain: m.retain,
      size: m.payload.length,
      payload: Buffer.from(m.payload.subarray(0, STORED_PAYLOAD_BYTES)),
    });
    if (t.raw.length > n) t.raw.shift();
  }

  private checkVanished(t: TopicRecord, now: number): void {
    const s = t.state;
    if (!this.connected || s.vanished || s.intervalMs === null) return;
    // Counted live by this recorder, or (restored after a restart) recorded before.
    if (t.live < MIN_MESSAGES_FOR_VANISH && (t.live > 0 || s.messages < MIN_MESSAGES_FOR_VANISH)) {
      return;
    }
    const silentFrom = Math.max(s.lastMs, this.connectedSinceMs);
    const limit = Math.max(this.opts.vanishMinMs, this.opts.vanishFactor * s.intervalMs);
    if (now - silentFrom <= limit) return;
    s.vanished = true;
    t.dirty = true;
    this.event(describe.vanished(s.topic, s.lastMs, s.intervalMs, now));
  }

  /** Near the topic limit, forgets vanished topics (oldest first); they stay in the store. */
  private evict(): void {
    const max = this.opts.maxTopics;
    if (this.topics.size <= max * EVICT_AT) return;
    const gone = [...this.topics.values()]
      .filter((t) => t.state.vanished && !t.dirty)
      .sort((a, b) => a.state.lastMs - b.state.lastMs);
    for (const t of gone) {
      if (this.topics.size <= max * EVICT_TO) break;
      this.topics.delete(t.state.topic);
    }
  }
}
