// Which sessions are recorded: profiles marked `record` (reopened and resumed on their own) and ad-hoc sessions.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import type { Session } from '../mqtt/session';
import type { SessionManager } from '../mqtt/session-manager';
import type { RecordedFinding, RecordStore, UpkeepLimits } from '../store/record/types';
import type { RecorderOptions } from './options';
import { Recorder, type RecorderStatus } from './recorder';

/** How often the record's retention, roll-up and size cap are enforced. */
const UPKEEP_EVERY_MS = 60_000;
/** Retry delays of a recorded profile whose session cannot be opened (the last one repeats). */
const RETRY_MS = [2000, 5000, 15_000, 30_000, 60_000, 300_000];

/** A saved profile marked to be recorded. */
export interface RecordedProfile {
  id: string;
  name: string;
}

/** What the manager needs from the hub. */
export interface RecordingHost {
  log: Logger;
  store: RecordStore;
  sessions: SessionManager;
  options: RecorderOptions;
  /** Retention, detail and size limits (the time is added per pass). */
  limits(): Omit<UpkeepLimits, 'nowMs'>;
  /** Profiles whose `record` flag is on. */
  recordedProfiles(): RecordedProfile[];
  /** Opens a session for a saved profile (through mqtt_establish_connection). */
  openProfileSession(name: string): Promise<Session>;
  /** Delays (ms) between attempts to (re)open a recorded profile's session; defaults to RETRY_MS. */
  retryMs?: readonly number[];
}

/** Record source key of a saved profile. */
export const profileKey = (id: string) => `profile:${id}`;
/** Record source key of an ad-hoc session. */
export const sessionKey = (id: string) => `session:${id}`;

/**
 * Keeps recordings running: a profile marked `record` has a session of its own, opened at start
 * and reopened (with backoff) whenever it closes or cannot connect; an open session can be
 * recorded on demand until it closes. Emits `change` when a recording starts or stops.
 */
export class RecordingManager extends EventEmitter {
  private readonly recorders = new Map<string, Recorder>();
  private readonly wanted = new Map<string, RecordedProfile>();
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; attempt: number }>();
  private upkeepTimer?: NodeJS.Timeout;
  private closed = false;
  private upkeeping = false;

  constructor(private readonly host: RecordingHost) {
    super();
    this.setMaxListeners(100);
  }

  /** Starts the recordings of recorded profiles and the periodic upkeep. */
  start(): void {
    this.syncProfiles();
    this.upkeepTimer = setInterval(() => void this.upkeep(), UPKEEP_EVERY_MS);
    this.upkeepTimer.unref();
  }

  /** Starts and stops profile recordings to match the profiles' `record` flags (call after edits). */
  syncProfiles(): void {
    if (this.closed) return;
    const recorded = new Map(this.host.recordedProfiles().map((p) => [p.id, p]));
    for (const [id, profile] of recorded) {
      const known = this.wanted.get(id);
      this.wanted.set(id, profile);
      if (!known) void this.ensureProfile(profile);
    }
    for (const id of [...this.wanted.keys()]) {
      if (recorded.has(id)) continue;
      this.wanted.delete(id);
      this.clearRetry(id);
      const recorder = this.recorders.get(profileKey(id));
      if (recorder) void this.stopRecorder(recorder, true);
    }
  }

  /**
   * Records an open session (not one of a recorded profile's, which records itself); `overrides`
   * change this recording's options (another pattern, say).
   */
  async recordSession(
    sessionId: string,
    overrides: Partial<RecorderOptions> = {},
  ): Promise<RecorderStatus> {
    const existing = this.bySession(sessionId);
    if (existing) return existing.status();
    const session = this.host.sessions.get(sessionId);
    const label = session.options.profile
      ? `${session.options.profile} (${session.broker})`
      : session.broker;
    const source = { key: sessionKey(session.id), label };
    const recorder = await this.startRecorder(session, source, undefined, overrides);
    return recorder.status();
  }

  /** Stops recording an ad-hoc session; false when it was not recorded. */
  async stopSession(sessionId: string): Promise<boolean> {
    const recorder = this.bySession(sessionId);
    if (!recorder) return false;
    if (recorder.source.key.startsWith('profile:')) {
      throw new ToolError(
        'INVALID_INPUT',
        `session ${sessionId} records the saved profile "${recorder.source.label}"; turn off the profile's record flag to stop it`,
        { argument: 'session_id' },
      );
    }
    await this.stopRecorder(recorder, false);
    return true;
  }

  /** Keeps a finding about a recorded session in its record; false when it is not recorded (or a repeat). */
  recordFinding(sessionId: string, finding: RecordedFinding): boolean {
    return this.bySession(sessionId)?.recordFinding(finding) ?? false;
  }

  /** The recorder of a session, if it is recorded. */
  bySession(sessionId: string): Recorder | undefined {
    for (const r of this.recorders.values()) if (r.session.id === sessionId) return r;
    return undefined;
  }

  /** Every running recording. */
  status(): RecorderStatus[] {
    return [...this.recorders.values()].filter((r) => r.recording).map((r) => r.status());
  }

  /** Profiles marked `record` whose session is not open yet (waiting to retry). */
  pending(): RecordedProfile[] {
    return [...this.wanted.values()].filter((p) => !this.recorders.has(profileKey(p.id)));
  }

  /** Writes every recorder's pending batch now. */
  async flush(): Promise<void> {
    await Promise.all([...this.recorders.values()].map((r) => r.flush()));
  }

  /** One upkeep pass of the record (skipped while one runs); never throws. */
  async upkeep(): Promise<void> {
    if (this.upkeeping) return;
    this.upkeeping = true;
    try {
      const report = await this.host.store.upkeep({ nowMs: Date.now(), ...this.host.limits() });
      if (report.expiredRows + report.cappedRows > 0) {
        this.host.log.info({ ...report }, 'record upkeep');
      }
    } catch (err) {
      this.host.log.warn({ err }, 'record upkeep failed');
    } finally {
      this.upkeeping = false;
    }
  }

  /** Stops every recording (writing their last batches); profile sessions stay to the hub's close. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.upkeepTimer);
    for (const id of [...this.retries.keys()]) this.clearRetry(id);
    await Promise.all([...this.recorders.values()].map((r) => r.stop()));
  }

  private async ensureProfile(profile: RecordedProfile): Promise<void> {
    const key = profileKey(profile.id);
    if (this.closed || !this.wanted.has(profile.id) || this.recorders.has(key)) return;
    try {
      const session = await this.host.openProfileSession(profile.name);
      if (this.closed || !this.wanted.has(profile.id)) {
        await this.host.sessions.close(session.id).catch(() => undefined);
        return;
      }
      await this.startRecorder(session, { key, label: profile.name }, profile.id);
      this.clearRetry(profile.id);
    } catch (err) {
      const attempt = this.retries.get(profile.id)?.attempt ?? 0;
      const delays = this.host.retryMs ?? RETRY_MS;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 60_000;
      this.host.log.warn(
        { err: (err as Error).message, profile: profile.name, retry_in_ms: delay },
        'a recorded profile could not be opened; retrying',
      );
      this.scheduleRetry(profile, attempt + 1, delay);
    }
  }

  private scheduleRetry(profile: RecordedProfile, attempt: number, delayMs: number): void {
    this.clearRetry(profile.id);
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retries.set(profile.id, { timer, attempt });
      void this.ensureProfile(this.wanted.get(profile.id) ?? profile);
    }, delayMs);
    timer.unref();
    this.retries.set(profile.id, { timer, attempt });
  }

  private clearRetry(profileId: string): void {
    const retry = this.retries.get(profileId);
    if (retry) clearTimeout(retry.timer);
    this.retries.delete(profileId);
  }

  private async startRecorder(
    session: Session,
    source: { key: string; label: string },
    profileId?: string,
    overrides: Partial<RecorderOptions> = {},
  ): Promise<Recorder> {
    if (this.closed) throw new ToolError('NOT_FOUND', 'the hub is shutting down');
    if (this.recorders.has(source.key)) {
      throw new ToolError('INVALID_INPUT', `${source.label} is recorded already`, {
        argument: 'session_id',
      });
    }
    const options = { ...this.host.options, ...overrides };
    const recorder = new Recorder(session, source, options, this.host.store, this.host.log);
    this.recorders.set(source.key, recorder);
    try {
      await recorder.start();
    } catch (err) {
      this.recorders.delete(source.key);
      throw err;
    }
    session.once('closed', () => {
      void this.stopRecorder(recorder, false).then(() => {
        const profile = profileId ? this.wanted.get(profileId) : undefined;
        if (profile && !this.closed) this.scheduleRetry(profile, 0, 0);
      });
    });
    this.emit('change');
    return recorder;
  }

  /** Stops a recorder and forgets it; `closeSession` also closes the session opened for it. */
  private async stopRecorder(recorder: Recorder, closeSession: boolean): Promise<void> {
    if (this.recorders.get(recorder.source.key) === recorder) {
      this.recorders.delete(recorder.source.key);
    }
    await recorder.stop();
    if (closeSession) await this.host.sessions.close(recorder.session.id).catch(() => undefined);
    this.emit('change');
  }
}
