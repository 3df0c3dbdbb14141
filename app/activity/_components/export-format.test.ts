// Unit tests of the journal export formats.
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../_trpc/types';
import { CSV_COLUMNS, csvField, exportFileName, toCsv, toNdjson } from './export-format';

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: 'c1',
  ts: '2025-01-31T10:20:30.123Z',
  tool: 'mqtt_publish_message',
  caller: 'console',
  session_id: 's1',
  args: { topic: 'a/b', payload: 'say "hi", then\nbye' },
  status: 'ok',
  error_code: null,
  error_message: null,
  duration_ms: 12.5,
  result_bytes: 200,
  summary: '5 B to a/b (qos 1, PUBACK)',
  ...over,
});

describe('toNdjson', () => {
  it('writes one parseable object per line', () => {
    const text = toNdjson([entry(), entry({ id: 'c2' })]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1] as string)).toEqual(entry({ id: 'c2' }));
  });

  it('is empty for no entries', () => {
    expect(toNdjson([])).toBe('');
  });
});

describe('csvField', () => {
  it.each<[string, unknown, string]>([
    ['leaves plain values alone', 'plain', 'plain'],
    ['leaves plain values alone', 12.5, '12.5'],
    ['empties nulls', null, ''],
    ['empties nulls', undefined, ''],
    ['quotes commas', 'a,b', '"a,b"'],
    ['quotes quotes, doubling them', 'say "hi"', '"say ""hi"""'],
    ['quotes line breaks', 'two\nlines', '"two\nlines"'],
    ['quotes line breaks', 'cr\rlf', '"cr\rlf"'],
    ['writes objects as JSON', { a: 1, b: 'x' }, '"{""a"":1,""b"":""x""}"'],
    ['defuses spreadsheet formulas', '=SUM(A1)', "'=SUM(A1)"],
    ['defuses spreadsheet formulas', '-1', "'-1"],
  ])('%s: %j', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated row per entry', () => {
    const text = toCsv([
      entry(),
      entry({ status: 'error', error_code: 'TIMEOUT', session_id: null }),
    ]);
    const rows = text.split('\r\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(4);
    expect(rows[3]).toBe('');
    expect(rows[1]).toContain('"{""topic"":""a/b"",""payload"":""say \\""hi\\"", then\\nbye""}"');
    expect(rows[2]).toContain(',error,TIMEOUT,,');
  });
});

describe('exportFileName', () => {
  it('stamps the time without colons', () => {
    expect(exportFileName('csv', new Date('2025-01-31T10:20:30.123Z'))).toBe(
      'mqtt-mcp-journal-2025-01-31T10-20-30Z.csv',
    );
  });
});
