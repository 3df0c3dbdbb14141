// The recorder's diagnosis: the findings engine run per window over what a recording sees, one finding per episode.
import { DiagnosisEngine } from '../diagnosis/engine';
import { EpisodeTracker } from '../diagnosis/episodes';
import {
  observationOfMessage,
  type Observation,
  type ReceivedMessage,
} from '../diagnosis/observation';
import { iso } from '../diagnosis/window';
import type { RecordedFinding } from '../store/record/types';

/**
 * Feeds a recording's messages into a findings engine and, each time a window closes, hands back
 * the findings that begin an episode (or got worse), to be kept once in the record. The next
 * window starts from the retained state seen so far, as a fresh subscription would.
 */
export class FindingsRecorder {
  private engine: DiagnosisEngine;
  private readonly episodes = new EpisodeTracker();
  /** The retained value of each topic (bounded), replayed into every new window. */
  private readonly retained = new Map<string, Observation>();
  private windowStartMs: number;

  constructor(
    private readonly filter: string,
    private readonly maxTopics: number,
    startMs: number,
  ) {
    this.windowStartMs = startMs;
    this.engine = this.openWindow(startMs);
  }

  /** Adds one message; `replay` tells a retained value replayed at (re)subscription from a live one. */
  observe(message: ReceivedMessage, replay: boolean): void {
    const o = observationOfMessage(message, replay);
    this.engine.observe(o);
    if (!message.retain) return;
    if (o.sizeBytes === 0) this.retained.delete(o.topic);
    else if (this.retained.has(o.topic) || this.retained.size < this.maxTopics) {
      this.retained.set(o.topic, o);
    }
  }

  /** Closes the window at `endMs`: the findings that begin an episode, timed and with the window in evidence. */
  closeWindow(endMs: number): RecordedFinding[] {
    const fromMs = this.windowStartMs;
    const { begun } = this.episodes.update(this.engine.findings(endMs), endMs);
    this.windowStartMs = endMs;
    this.engine = this.openWindow(endMs);
    return begun.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      subject: f.subject,
      summary: f.summary,
      evidence: { ...f.evidence, window_from: iso(fromMs), window_to: iso(endMs) },
      suggestion: f.suggestion,
      atMs: endMs,
    }));
  }

  private openWindow(startMs: number): DiagnosisEngine {
    const engine = new DiagnosisEngine({
      filter: this.filter,
      startMs,
      maxTopics: this.maxTopics,
    });
    for (const o of this.retained.values()) engine.observe({ ...o, atMs: startMs, retain: true });
    return engine;
  }
}
