// mqtt_debug_device helpers: decide early (retained offline, or no such device) and suggest device ids.
import { availabilityOf } from '../../analysis/availability';
import { deviceCandidates, type DeviceCandidate } from '../../analysis/device-candidates';
import type { MessageRecord } from '../../analysis/message';
import { collect } from '../../mqtt/collector';
import type { Session } from '../../mqtt/session';

/** Seconds of the window after which the retained state or an empty window may decide. */
export const GRACE_MS = 2000;
/** Longest quick retained scan for candidate ids. */
const RETAINED_SCAN_MS = 1000;
/** Most topic names the quick scan keeps. */
const RETAINED_SCAN_TOPICS = 20_000;

/** Why the window ended before its duration. */
export type EarlyStop = 'decided' | 'no_match';

/** Whether only retained messages arrived and the last availability among them says offline. */
export function retainedOffline(records: readonly MessageRecord[]): boolean {
  if (records.length === 0 || records.some((r) => !r.retain)) return false;
  let last: string | undefined;
  for (const r of records) last = availabilityOf(r) ?? last;
  return last === 'offline';
}

/** Topic names with a retained value under #, gathered for at most a second. */
async function retainedTopics(session: Session, signal: AbortSignal): Promise<string[]> {
  const topics = new Set<string>();
  await collect(session, {
    filters: ['#'],
    qos: 0,
    durationMs: RETAINED_SCAN_MS,
    signal,
    onMessage(message) {
      if (message.retain) topics.add(message.topic);
      return topics.size >= RETAINED_SCAN_TOPICS;
    },
  });
  return [...topics];
}

/**
 * Watches a device's window: after GRACE_MS, unless the connection was down meanwhile, it stops
 * the window (through `stop`) when only a retained offline status arrived, or when nothing arrived
 * and other ids look like the one asked for (from the session's inventory, then a quick retained
 * scan).
 */
export class DeviceWatch {
  candidates: DeviceCandidate[] | undefined;
  stopped: EarlyStop | undefined;
  private scanning = false;
  private readonly scan = new AbortController();
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly session: Session,
    private readonly deviceId: string,
    private readonly stop: AbortController,
  ) {}

  /** Called about every second with the records so far. */
  tick(records: readonly MessageRecord[], elapsedMs: number): void {
    if (elapsedMs < GRACE_MS || this.stopped) return;
    // Nothing is decided while the broker connection was down: messages may just be missing.
    if (this.session.outagesSince(this.startedAtMs).length > 0) return;
    if (retainedOffline(records)) this.end('decided');
    else if (records.length === 0 && !this.scanning) void this.lookForCandidates(records);
  }

  /** Candidates from the session's inventory (no I/O), unless a scan already found some. */
  suggest(): DeviceCandidate[] {
    this.candidates ??= deviceCandidates(this.deviceId, this.session.inventory.topics());
    return this.candidates;
  }

  private async lookForCandidates(records: readonly MessageRecord[]): Promise<void> {
    this.scanning = true;
    let found = deviceCandidates(this.deviceId, this.session.inventory.topics());
    if (found.length === 0) {
      const signal = AbortSignal.any([this.scan.signal, this.stop.signal]);
      const topics = await retainedTopics(this.session, signal).catch(() => []);
      found = deviceCandidates(this.deviceId, topics);
    }
    this.candidates = found;
    if (found.length > 0 && records.length === 0) this.end('no_match');
  }

  /** Ends a scan still running (the window is over). */
  dispose(): void {
    this.scan.abort();
  }

  private end(reason: EarlyStop): void {
    this.stopped = reason;
    this.stop.abort();
  }
}
