// A recorder: taps one session, aggregates in memory, writes one batch per flush interval to the record.
import type { Logger } from 'pino';
import type { Session, SessionState } from '../mqtt/session';
import type {
  RecordBatch,
  RecordedFinding,
  RecordSource,
  RecordStore,
} from '../store/record/types';
import { findingEvent } from '../store/record/writer';
import { RecordAggregator } from './aggregator';
import type { RecorderOptions } from './options';
import { FindingsRecorder } from './record-findings';

/** Retained messages this soon after a (re)subscription are taken for replays. */
const REPLAY_GRACE_MS = 300;
/** Findings remembered for de-duplication at most. */
const MAX_REMEMBERED_FINDINGS = 10_000;

/** What a recorder reports about itself. */
export interface RecorderStatus {
  source: RecordSource;
  session_id: string;
  pattern: string;
  started_at_ms: number;
  /** MQTT 5 tap: live retained publishes are seen as such. */
  retain_as_published: boolean;
  topics: number;
  untracked_messages: number;
  dropped_events: number;
  /** Findings kept (one per episode) by the recorder's own diagnosis. */
  findings: number;
  batches: number;
  failed_batches: number;
  last_flush_ms: number | null;
}

function isEmpty(b: RecordBatch): boolean {
  return (
    b.topics.length + b.counts.length + b.fields.length + b.events.length + b.messages.length === 0
  );
}

/**
 * Records one session into a RecordStore. The message path only aggregates in memory; a timer
 * writes one batch every `flushMs` (so a killed process loses at most that much), and stop()
 * writes the last one. The session is kept from expiring while recorded.
 */
export class Recorder {
  readonly startedAtMs = Date.now();
  private aggregator?: RecordAggregator;
  private release?: () => Promise<void>;
  private timer?: NodeJS.Timeout;
  private diagnosis?: FindingsRecorder;
  private diagnosisTimer?: NodeJS.Timeout;
  private recordedFindings = 0;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private retainAsPublished = false;
  private batches = 0;
  private failures = 0;
  private lastFlushMs: number | null = null;
  private readonly findings = new Map<string, string>();
  private readonly onState = (state: SessionState) => {
    if (state === 'connected' || state === 'reconnecting' || state === 'offline') {
      this.aggregator?.connection(state === 'connected', Date.now(), this.session.lastError);
    }
  };
  private readonly onResubscribed = () =>
    this.aggregator?.replaysUntil(Date.now() + REPLAY_GRACE_MS);
  private readonly onClosed = () => void this.stop();

  constructor(
    readonly session: Session,
    readonly source: RecordSource,
    private readonly options: RecorderOptions,
    private readonly store: RecordStore,
    private readonly log: Logger,
  ) {}

  /** Loads the source's persisted state, taps the session and starts the flush timer. */
  async start(): Promise<void> {
    const persisted = await this.store.topicStates(this.source.key);
    const aggregator = new RecordAggregator(this.source, this.options, persisted, Date.now());
    this.aggregator = aggregator;
    this.session.on('state', this.onState);
    this.session.on('resubscribed', this.onResubscribed);
    this.session.once('closed', this.onClosed);
    const diagnosis =
      this.options.diagnosisMs > 0
        ? new FindingsRecorder(this.options.pattern, this.options.maxTopics, Date.now())
        : undefined;
    this.diagnosis = diagnosis;
    try {
      const tap = await this.session.tap(this.options.pattern, (m) => {
        const replay = aggregator.add(m);
        diagnosis?.observe(m, replay);
      });
      this.release = tap.release;
      this.retainAsPublished = tap.retainAsPublished;
      aggregator.retainAsPublished = tap.retainAsPublished;
      aggregator.replaysUntil(Date.now() + REPLAY_GRACE_MS);
    } catch (err) {
      this.detach();
      this.stopped = true;
      throw err;
    }
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
    if (diagnosis) {
      this.diagnosisTimer = setInterval(() => this.diagnose(), this.options.diagnosisMs);
      this.diagnosisTimer.unref();
    }
    this.log.info(
      { session: this.session.id, source: this.source.key, pattern: this.options.pattern },
      'recording started',
    );
  }

  /** True until stopped (the session closing stops it too). */
  get active(): boolean {
    return !this.stopped;
  }

  /**
   * Keeps a finding in the record (with the next batch). A finding repeating the last one of the
   * same kind and subject with the same severity is not kept again.
   */
  recordFinding(finding: RecordedFinding): boolean {
    if (!this.aggregator || this.stopped) return false;
    const key = `${finding.kind}\u0000${finding.subject.device ?? ''}\u0000${finding.subject.topic ?? ''}`;
    if (this.findings.get(key) === finding.severity) return false;
    if (this.findings.size >= MAX_REMEMBERED_FINDINGS) this.findings.clear();
    this.findings.set(key, finding.severity);
    this.aggregator.event(findingEvent(finding, Date.now()));
    return true;
  }

  /**
   * Closes the diagnosis window now: the findings that begin an episode go into the next batch.
   * Runs on its own every `diagnosisMs`; never throws. Returns how many findings were kept.
   */
  diagnose(): number {
    const aggregator = this.aggregator;
    if (!this.diagnosis || !aggregator) return 0;
    const now = Date.now();
    try {
      const begun = this.diagnosis.closeWindow(now);
      for (const f of begun) aggregator.event(findingEvent(f, now));
      this.recordedFindings += begun.length;
      return begun.length;
    } catch (err) {
      this.log.warn({ err, source: this.source.key }, 'the recorder could not run the diagnosis');
      return 0;
    }
  }

  /** Writes what was aggregated since the last flush (one transaction); never throws. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const aggregator = this.aggregator;
    if (!aggregator) return;
    const now = Date.now();
    this.session.touch();
    const batch = aggregator.drain(now);
    if (isEmpty(batch)) return;
    try {
      await this.store.write(batch);
      this.batches++;
      this.lastFlushMs = now;
    } catch (err) {
      this.failures++;
      this.log.warn(
        { err, source: this.source.key, failures: this.failures },
        'a recorder batch could not be written; it is dropped',
      );
    }
  }

  /**
   * Stops recording: writes the last batch, then releases the tap. Idempotent. The batch is written
   * before any I/O is awaited, so a shutdown that exits soon after (Next.js on SIGTERM) keeps it.
   */
  async stop(): Promise<void> {
    if (this.stopped) return this.writing;
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.diagnosisTimer);
    this.detach();
    this.diagnose();
    await this.flush();
    const release = this.release;
    this.release = undefined;
    await release?.().catch(() => undefined);
    this.log.info({ session: this.session.id, source: this.source.key }, 'recording stopped');
  }

  private detach(): void {
    this.session.off('state', this.onState);
    this.session.off('resubscribed', this.onResubscribed);
    this.session.off('closed', this.onClosed);
  }

  /** True once its subscription holds (messages from then on are recorded) and until it stops. */
  get recording(): boolean {
    return this.release !== undefined;
  }

  /** Counters of this recorder. */
  status(): RecorderStatus {
    const stats = this.aggregator?.stats;
    return {
      source: this.source,
      session_id: this.session.id,
      pattern: this.options.pattern,
      started_at_ms: this.startedAtMs,
      retain_as_published: this.retainAsPublished,
      topics: stats?.topics ?? 0,
      untracked_messages: stats?.untracked ?? 0,
      dropped_events: stats?.droppedEvents ?? 0,
      findings: this.recordedFindings,
      batches: this.batches,
      failed_batches: this.failures,
      last_flush_ms: this.lastFlushMs,
    };
  }
}
