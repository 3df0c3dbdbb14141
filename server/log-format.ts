// Terminal log lines: pino's JSON records turned into short `12:03:04.512 INFO  message key=value` lines.

/** How a log record is rendered on a terminal. */
export interface LogLineOptions {
  /** ANSI colours for the level and dim fields. */
  color: boolean;
}

const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: 'TRACE', color: '90' },
  20: { label: 'DEBUG', color: '90' },
  30: { label: 'INFO ', color: '36' },
  40: { label: 'WARN ', color: '33' },
  50: { label: 'ERROR', color: '31' },
  60: { label: 'FATAL', color: '35' },
};

/** Fields every record has that the line shows elsewhere or leaves out. */
const SKIPPED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VALUE_CHARS = 120;
const STACK_FRAMES = 5;

function paint(text: string, code: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function shorten(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** One value as the line shows it: UUIDs cut to their first 8 characters, long text cut short. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') {
    if (UUID.test(value)) return value.slice(0, 8);
    return /^[^\s"=]+$/.test(value) ? shorten(value) : JSON.stringify(shorten(value));
  }
  if (value === null || typeof value !== 'object') return String(value);
  return shorten(JSON.stringify(value));
}

interface ErrRecord {
  type?: string;
  message?: string;
  stack?: string;
}

/** The first frames of an error's stack, indented under the line (errors and worse only). */
function stackLines(err: ErrRecord, color: boolean): string {
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, STACK_FRAMES);
  return frames.map((f) => `\n    ${paint(f.trim(), '90', color)}`).join('');
}

/**
 * Formats one pino JSON record as a terminal line (no trailing newline). Lines that are not JSON
 * are returned unchanged, so nothing written to the log is ever lost.
 */
export function formatLogLine(line: string, opts: LogLineOptions): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const levelNumber = typeof record.level === 'number' ? record.level : 30;
  const level = LEVELS[levelNumber] ?? { label: String(record.level).padEnd(5), color: '0' };
  const parts = [
    paint(clock(record.time), '2', opts.color),
    paint(level.label, level.color, opts.color),
    typeof record.msg === 'string' ? record.msg : '',
  ];
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (SKIPPED.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const err = value as ErrRecord;
      fields.push(`err=${renderValue(err.message ?? err.type ?? 'error')}`);
      if (levelNumber >= 50) stack = stackLines(err, opts.color);
      continue;
    }
    fields.push(`${key}=${renderValue(value)}`);
  }
  if (fields.length > 0) parts.push(paint(fields.join(' '), '2', opts.color));
  return parts.filter(Boolean).join(' ') + stack;
}

/** A pino destination writing formatted lines to a stream (stderr); synchronous like a TTY write. */
export function prettyDestination(
  out: { write(text: string): unknown },
  opts: LogLineOptions,
): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      const lines = chunk.split('\n').filter((l) => l.length > 0);
      if (lines.length > 0) out.write(lines.map((l) => formatLogLine(l, opts)).join('\n') + '\n');
    },
  };
}
