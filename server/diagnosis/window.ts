// The view every detector reads: the topics of a window, their sibling patterns and devices.
import { siblingPatterns } from '../analysis/sibling-patterns';
import { deviceOf } from './devices';
import type { Finding, FindingSubject } from './finding';
import type { TopicTrack } from './topic-track';

/** Settings of a diagnosis. */
export interface DiagnosisOptions {
  /** The caller's topic filter: its `+` levels group siblings. */
  filter?: string;
  /** A retained value whose own time is older than this is stale (default 1 h). */
  staleAfterMs?: number;
}

/** Default age after which a retained value is stale. */
export const DEFAULT_STALE_AFTER_MS = 3_600_000;

/** A detector: reads a window and returns findings. */
export type Detector = (w: DiagnosisWindow) => Finding[];

/** The topics observed between startMs and endMs, grouped into siblings and devices. */
export class DiagnosisWindow {
  private patterns: Map<string, string> | undefined;
  private groups: Map<string, TopicTrack[]> | undefined;
  private devices: Map<string, TopicTrack[]> | undefined;

  constructor(
    readonly tracks: ReadonlyMap<string, TopicTrack>,
    readonly startMs: number,
    readonly endMs: number,
    readonly options: DiagnosisOptions = {},
  ) {}

  get staleAfterMs(): number {
    return this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  /** The sibling pattern of a topic (see analysis/sibling-patterns). */
  patternOf(topic: string): string {
    this.patterns ??= siblingPatterns(this.tracks.keys(), this.options.filter);
    return this.patterns.get(topic) ?? topic;
  }

  /** The device a topic belongs to. */
  deviceOf(topic: string): string {
    return deviceOf(topic, this.patternOf(topic));
  }

  /** The subject of a finding about a topic: the topic and its device. */
  subject(topic: string): FindingSubject {
    return { topic, device: this.deviceOf(topic) };
  }

  /** Topics grouped by sibling pattern. */
  siblingGroups(): Map<string, TopicTrack[]> {
    this.groups ??= groupBy(this.tracks, (t) => this.patternOf(t));
    return this.groups;
  }

  /** The other topics of a topic's sibling pattern. */
  siblingsOf(track: TopicTrack): TopicTrack[] {
    const group = this.siblingGroups().get(this.patternOf(track.topic)) ?? [];
    return group.filter((t) => t !== track);
  }

  /** Topics grouped by device. */
  deviceGroups(): Map<string, TopicTrack[]> {
    this.devices ??= groupBy(this.tracks, (t) => this.deviceOf(t));
    return this.devices;
  }
}

function groupBy(
  tracks: ReadonlyMap<string, TopicTrack>,
  key: (topic: string) => string,
): Map<string, TopicTrack[]> {
  const out = new Map<string, TopicTrack[]>();
  for (const [topic, track] of tracks) {
    const k = key(topic);
    const list = out.get(k);
    if (list) list.push(track);
    else out.set(k, [track]);
  }
  return out;
}

/** Seconds between two times, rounded to 0.1 s. */
export function secondsBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / 100) / 10;
}

/** ISO 8601 UTC text of a time. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A duration in words: `45 s`, `12 min`, `2.0 h`, `3.1 days`. */
export function duration(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}
