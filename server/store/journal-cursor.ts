// Opaque journal cursors: a row's start time and insertion sequence, base64url-encoded.
import { ToolError } from '../errors';

/** The position of one journal row. */
export interface JournalPosition {
  ts: string;
  seq: number;
}

/** Encodes a row position as an opaque cursor string. */
export function encodeCursor(position: JournalPosition): string {
  return Buffer.from(`${position.ts}|${position.seq}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from encodeCursor; INVALID_INPUT naming `cursor` when it is not one. */
export function decodeCursor(cursor: string): JournalPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(text);
  if (!match?.[1] || !match[2]) {
    throw new ToolError('INVALID_INPUT', 'cursor: not a cursor returned by the journal', {
      argument: 'cursor',
    });
  }
  return { ts: match[1], seq: Number(match[2]) };
}

/** True when the text looks like a cursor rather than an ISO date-time. */
export function isCursor(text: string): boolean {
  try {
    decodeCursor(text);
    return true;
  } catch {
    return false;
  }
}
