// Finished results of timed tools, kept in memory (bounded) so clients can read them back as resources.
import { randomUUID } from 'node:crypto';

/** One finished capture: the JSON result of a timed tool call. */
export interface Capture {
  id: string;
  tool: string;
  sessionId?: string;
  createdAtMs: number;
  /** The result as compact JSON text. */
  json: string;
  /** UTF-8 size of `json`. */
  bytes: number;
}

/** What a tool outcome carries about its capture (the hook for `resource_link` results). */
export interface CaptureRef {
  id: string;
  sessionId?: string;
  bytes: number;
}

/** Default bounds: the newest captures, within a total size. */
export const DEFAULT_CAPTURE_LIMITS = { maxCaptures: 32, maxBytes: 16 * 1024 * 1024 };

/** The newest captures up to `maxCaptures` and `maxBytes` in all; older ones are dropped. */
export class CaptureStore {
  private readonly captures = new Map<string, Capture>();
  private totalBytes = 0;

  constructor(readonly limits = DEFAULT_CAPTURE_LIMITS) {}

  /** Files a result; returns undefined when it alone is larger than the store. */
  add(tool: string, sessionId: string | undefined, data: unknown): Capture | undefined {
    const json = JSON.stringify(data);
    const bytes = Buffer.byteLength(json);
    if (bytes > this.limits.maxBytes) return undefined;
    const capture: Capture = {
      id: randomUUID().slice(0, 12),
      tool,
      sessionId,
      createdAtMs: Date.now(),
      json,
      bytes,
    };
    this.captures.set(capture.id, capture);
    this.totalBytes += bytes;
    for (const old of this.captures.values()) {
      if (this.captures.size <= this.limits.maxCaptures && this.totalBytes <= this.limits.maxBytes)
        break;
      this.captures.delete(old.id);
      this.totalBytes -= old.bytes;
    }
    return capture;
  }

  /** The capture with this id, if still held. */
  get(id: string): Capture | undefined {
    return this.captures.get(id);
  }

  /** Captures held, newest first; only those of one session when `sessionId` is given. */
  list(sessionId?: string): Capture[] {
    const all = [...this.captures.values()].reverse();
    return sessionId === undefined ? all : all.filter((c) => c.sessionId === sessionId);
  }
}
