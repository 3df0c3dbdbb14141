// Unit tests of the terminal log format and of the logger's choice between it and JSON on stderr.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatLogLine, prettyDestination } from './log-format';
import { createLogger, usePrettyLogs } from './logger';

const ESC = String.fromCharCode(27);
const record = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: Date.UTC(2024, 0, 2, 3, 4, 5, 6), pid: 42, ...fields });

/** A pino logger writing through the pretty destination into an array of written chunks. */
function captured(color = false) {
  const written: string[] = [];
  const log = pino(
    { level: 'debug', base: { pid: 1 } },
    prettyDestination({ write: (t: string) => written.push(t) }, { color }),
  );
  return { log, written };
}

describe('formatLogLine', () => {
  it('writes time, level and message, then the fields, on one line', () => {
    const line = formatLogLine(record({ msg: 'session opened', broker: 'mqtt://h:1883' }), {
      color: false,
    });
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}session opened broker=mqtt:\/\/h:1883$/);
    expect(line).not.toContain('pid');
    expect(line).not.toContain('\n');
  });

  it('cuts UUIDs to 8 characters, quotes text with spaces and cuts long values', () => {
    const line = formatLogLine(
      record({
        msg: 'tool call',
        session: '0b5c1d2e-1111-4222-8333-444455556666',
        why: 'stdin closed',
        big: 'x'.repeat(500),
        nested: { a: 1 },
      }),
      { color: false },
    );
    expect(line).toContain('session=0b5c1d2e ');
    expect(line).not.toContain('1111-4222');
    expect(line).toContain('why="stdin closed"');
    expect(line).toContain('nested={"a":1}');
    const big = /big=(x+…)/.exec(line)?.[1] ?? '';
    expect(big.length).toBe(120);
  });

  it('names the level of warnings and errors and shows an error message, with frames for errors', () => {
    const err = {
      type: 'Error',
      message: 'boom',
      stack: 'Error: boom\n    at a (f.js:1:1)\n    at b',
    };
    expect(
      formatLogLine(record({ level: 40, msg: 'retention failed', err }), { color: false }),
    ).toMatch(/ WARN {2}retention failed err=boom$/);
    const error = formatLogLine(record({ level: 50, msg: 'store failed', err }), { color: false });
    expect(error.split('\n')).toEqual([
      expect.stringMatching(/ ERROR store failed err=boom$/),
      '    at a (f.js:1:1)',
      '    at b',
    ]);
  });

  it('colours the level only when asked', () => {
    expect(formatLogLine(record({ level: 40, msg: 'm' }), { color: true })).toContain(
      `${ESC}[33mWARN `,
    );
    expect(formatLogLine(record({ level: 40, msg: 'm' }), { color: false })).not.toContain(ESC);
  });

  it('passes a line that is not a JSON record through unchanged', () => {
    expect(formatLogLine('plain text', { color: false })).toBe('plain text');
    expect(formatLogLine('[1,2]', { color: false })).toBe('[1,2]');
  });
});

describe('prettyDestination', () => {
  it('turns each pino record into one terminal line', () => {
    const { log, written } = captured();
    log.info({ broker: 'mqtt://b' }, 'hello');
    log.child({ tool: 'mqtt_list_topics' }).debug('tool call');
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/ INFO {2}hello broker=mqtt:\/\/b\n$/);
    expect(written[1]).toMatch(/ DEBUG tool call tool=mqtt_list_topics\n$/);
  });
});

describe('createLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is pretty on a terminal in auto mode, JSON otherwise, as LOG_FORMAT says', () => {
    expect(usePrettyLogs('auto', { isTTY: true })).toBe(true);
    expect(usePrettyLogs('auto', { isTTY: false })).toBe(false);
    expect(usePrettyLogs('auto', {})).toBe(false);
    expect(usePrettyLogs('json', { isTTY: true })).toBe(false);
    expect(usePrettyLogs('pretty', { isTTY: false })).toBe(true);
  });

  it('writes pretty lines to stderr, never stdout, and still redacts credentials', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    createLogger('info', 'pretty').info({ broker: 'mqtt://u:secret@host' }, 'opened');
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toMatch(/INFO .*opened .*broker=mqtt:\/\/u:\*\*\*@host/);
    expect(text).not.toContain('secret');
    expect(out).not.toHaveBeenCalled();
  });
});
