// The findings engine: consumes observations one at a time (bounded per topic) and reports ranked findings.
import { DETECTORS } from './detectors';
import { explain } from './explain';
import {
  compareFindings,
  worse,
  type Finding,
  type FindingKind,
  type FindingSeverity,
} from './finding';
import type { Observation } from './observation';
import { TopicTrack } from './topic-track';
import { DiagnosisWindow, type DiagnosisOptions } from './window';

/** Default most topics tracked; messages on further topics are only counted. */
export const DEFAULT_MAX_TOPICS = 20_000;

/** Settings of an engine. */
export interface EngineOptions extends DiagnosisOptions {
  /** Start of the window (default: the first observation's time). */
  startMs?: number;
  maxTopics?: number;
}

/** How much of the findings a report lists. */
export interface ReportLimits {
  /** Most findings listed over all devices (default 20). */
  maxFindings?: number;
}

/** The findings of one device, worst first. */
export interface DeviceFindings {
  device: string;
  worst: FindingSeverity;
  findings: Finding[];
  /** Findings of this device not listed. */
  not_listed: number;
}

/** A compact diagnosis: counts, the top findings grouped by device, and what looks healthy. */
export interface DiagnosisReport {
  topic_count: number;
  message_count: number;
  retained_count: number;
  device_count: number;
  findings_total: number;
  by_severity: Record<FindingSeverity, number>;
  by_kind: Partial<Record<FindingKind, number>>;
  devices: DeviceFindings[];
  findings_not_listed: number;
  /** One line: how many devices and topics show no finding. */
  healthy: string;
  /** Messages on topics beyond the engine's topic limit (not diagnosed). */
  untracked_messages: number;
}

const DEFAULT_MAX_FINDINGS = 20;
/** The device group of findings about many devices at once. */
const SEVERAL = '(several devices)';

/** Streams observations into bounded per-topic summaries and runs the detectors on demand. */
export class DiagnosisEngine {
  private readonly tracks = new Map<string, TopicTrack>();
  private startMs: number | undefined;
  messageCount = 0;
  retainedCount = 0;
  untrackedMessages = 0;

  constructor(private readonly options: EngineOptions = {}) {
    this.startMs = options.startMs;
  }

  /** Distinct topics tracked. */
  get topicCount(): number {
    return this.tracks.size;
  }

  /** Adds one observation. */
  observe(o: Observation): void {
    this.startMs ??= o.atMs;
    this.messageCount++;
    if (o.retain) this.retainedCount++;
    let track = this.tracks.get(o.topic);
    if (!track) {
      if (this.tracks.size >= (this.options.maxTopics ?? DEFAULT_MAX_TOPICS)) {
        this.untrackedMessages++;
        return;
      }
      track = new TopicTrack(o.topic);
      this.tracks.set(o.topic, track);
    }
    track.add(o);
  }

  /** The window as the detectors see it, closing at endMs. */
  window(endMs: number): DiagnosisWindow {
    return new DiagnosisWindow(this.tracks, this.startMs ?? endMs, endMs, this.options);
  }

  /** Every finding so far, explained-away ones dropped, worst first. */
  findings(endMs: number): Finding[] {
    return detectAll(this.window(endMs));
  }

  /** A compact report of the findings so far. */
  report(endMs: number, limits: ReportLimits = {}): DiagnosisReport {
    const w = this.window(endMs);
    const counts = {
      topics: w.tracks.size,
      devices: w.deviceGroups().size,
      messages: this.messageCount,
      retained: this.retainedCount,
      untracked: this.untrackedMessages,
    };
    return buildReport(detectAll(w), counts, limits.maxFindings ?? DEFAULT_MAX_FINDINGS);
  }
}

/** Runs every detector over a window: explained-away findings dropped, worst first. */
export function detectAll(w: DiagnosisWindow): Finding[] {
  return explain(DETECTORS.flatMap((detect) => detect(w))).sort(compareFindings);
}

/** What a report counts besides its findings. */
export interface ReportCounts {
  topics: number;
  devices: number;
  messages: number;
  retained: number;
  untracked: number;
}

/** A compact report of findings (worst first): counts, the top ones grouped by device, what looks healthy. */
export function buildReport(
  all: Finding[],
  counts: ReportCounts,
  maxFindings: number = DEFAULT_MAX_FINDINGS,
): DiagnosisReport {
  const bySeverity: Record<FindingSeverity, number> = { critical: 0, warning: 0, info: 0 };
  const byKind: Partial<Record<FindingKind, number>> = {};
  const perDevice = new Map<string, number>();
  for (const f of all) {
    bySeverity[f.severity]++;
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    const device = f.subject.device ?? SEVERAL;
    perDevice.set(device, (perDevice.get(device) ?? 0) + 1);
  }
  const devices = new Map<string, DeviceFindings>();
  for (const f of all.slice(0, maxFindings)) {
    const name = f.subject.device ?? SEVERAL;
    const entry = devices.get(name) ?? {
      device: name,
      worst: f.severity,
      findings: [],
      not_listed: 0,
    };
    entry.worst = worse(entry.worst, f.severity);
    entry.findings.push(f);
    devices.set(name, entry);
  }
  for (const entry of devices.values()) {
    entry.not_listed = (perDevice.get(entry.device) ?? 0) - entry.findings.length;
  }
  const deviceCount = counts.devices;
  const flaggedTopics = new Set(all.map((f) => f.subject.topic).filter((t) => t !== undefined));
  const healthyDevices = deviceCount - [...perDevice.keys()].filter((d) => d !== SEVERAL).length;
  return {
    topic_count: counts.topics,
    message_count: counts.messages,
    retained_count: counts.retained,
    device_count: deviceCount,
    findings_total: all.length,
    by_severity: bySeverity,
    by_kind: byKind,
    devices: [...devices.values()],
    findings_not_listed: Math.max(0, all.length - maxFindings),
    healthy: `${healthyDevices} of ${deviceCount} device(s) and ${counts.topics - flaggedTopics.size} of ${counts.topics} topic(s) show no finding (${counts.messages} message(s), ${counts.retained} retained).`,
    untracked_messages: counts.untracked,
  };
}
