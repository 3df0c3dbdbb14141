// Pure export formats of journal entries: NDJSON (one JSON object a line) and CSV (RFC 4180 quoting).
import type { JournalEntry } from '../../_trpc/types';

/** A journal entry as the console API delivers it (arguments may be absent). */
export type JournalRecord = Omit<JournalEntry, 'args'> & { args?: unknown };

/** Columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'ts',
  'id',
  'tool',
  'caller',
  'client_name',
  'client_version',
  'session_id',
  'status',
  'error_code',
  'error_message',
  'duration_ms',
  'result_bytes',
  'summary',
  'args',
] as const satisfies readonly (keyof JournalEntry)[];

/** Entries as NDJSON: one compact JSON object per line, newline-terminated. */
export function toNdjson(entries: readonly JournalRecord[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/**
 * One CSV cell: empty for null, JSON for objects, quoted when it holds a quote, comma or line
 * break; text that a spreadsheet would run as a formula (= + - @) is prefixed with `'`.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Entries as CSV with a header row and CRLF line ends. */
export function toCsv(entries: readonly JournalRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map((c) => csvField(entry[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** File name of an export made at `now`, e.g. `mqtt-mcp-journal-2025-01-31T10-20-30Z.csv`. */
export function exportFileName(ext: 'ndjson' | 'csv', now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  return `mqtt-mcp-journal-${stamp}.${ext}`;
}

/** MIME type of an export format. */
export function exportMimeType(ext: 'ndjson' | 'csv'): string {
  return ext === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8';
}
