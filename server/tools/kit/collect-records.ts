// Shared step of the capturing tools: collect message records for a window, with progress and a cap.
import type { MessageRecord } from '../../analysis/message';
import { collect, type CollectOutcome } from '../../mqtt/collector';
import type { Session } from '../../mqtt/session';
import type { ToolContext } from './define-tool';

/** What to capture. */
export interface RecordWindow {
  filters: string[];
  qos: 0 | 1 | 2;
  durationSeconds: number;
  /** The window stops when this many records were taken. */
  maxMessages: number;
  /** Progress text after the count, e.g. `message(s) from dev-1`. */
  progressLabel: string;
}

/** Collects records (never more than maxMessages) and reports progress every second. */
export async function collectRecords(
  session: Session,
  window: RecordWindow,
  ctx: ToolContext,
): Promise<{ records: MessageRecord[]; outcome: CollectOutcome }> {
  const records: MessageRecord[] = [];
  const outcome = await collect(session, {
    filters: window.filters,
    qos: window.qos,
    durationMs: window.durationSeconds * 1000,
    signal: ctx.signal,
    onMessage(message) {
      if (records.length >= window.maxMessages) return true;
      records.push(message.toRecord());
      return records.length >= window.maxMessages;
    },
    onProgress: (elapsedMs, matched) =>
      ctx.progress(
        Math.round(elapsedMs / 100) / 10,
        window.durationSeconds,
        `${matched} ${window.progressLabel} after ${Math.round(elapsedMs / 1000)} s`,
      ),
  });
  return { records, outcome };
}
