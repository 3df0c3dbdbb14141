// Unit tests of the journal: insert, redaction, filters, keyset pages, tailing, stats, retention.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { isToolError } from '../errors';
import type { JournalEntry } from './journal';
import { Store } from './store';
import { silentLog, useTempStore } from '../../test/fixtures/temp-store';

const t = useTempStore();

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

function entry(n: number, over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: `call-${n}`,
    ts: new Date(T0 + n * 1000).toISOString(),
    tool: n % 2 === 0 ? 'list_topics' : 'publish_message',
    caller: n % 3 === 0 ? 'console' : 'mcp-http',
    session_id: n % 5 === 0 ? 'session-a' : null,
    args: { n },
    status: n % 4 === 0 ? 'error' : 'ok',
    error_code: n % 4 === 0 ? 'TIMEOUT' : null,
    error_message: n % 4 === 0 ? 'timed out' : null,
    duration_ms: n,
    result_bytes: n * 10,
    summary: `call ${n}`,
    ...over,
  };
}

describe('JournalRepo.insert', () => {
  it('stores a row and reads it back unchanged', () => {
    const e = entry(1, { args: { topic: 'a/b', qos: 1, nested: { list: [1, 'x'] } } });
    expect(t.store.journal.insert(e)).toBe(true);
    expect(t.store.journal.get('call-1')).toEqual(e);
    expect(t.store.journal.get('nope')).toBeUndefined();
    expect(t.store.journal.count()).toBe(1);
  });

  it('redacts passwords in arguments, summary and error message before storing', () => {
    const secret = 'hunter2secret';
    expect(
      t.store.journal.insert(
        entry(1, {
          args: { connection_string: `mqtt://u:${secret}@h`, password: secret },
          summary: `connected to mqtt://u:${secret}@h`,
          status: 'error',
          error_code: 'AUTH_FAILED',
          error_message: `refused mqtt://u:${secret}@h`,
        }),
      ),
    ).toBe(true);
    t.store.close();
    for (const file of ['mqtt-mcp.db', 'mqtt-mcp.db-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(`${t.dir}/${file}`, 'latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(secret);
    }
    t.store = Store.open(t.dir, silentLog);
    const row = t.store.journal.get('call-1');
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row?.args).toEqual({ connection_string: 'mqtt://u:***@h', password: '***' });
  });

  it('clips huge argument strings such as payloads', () => {
    const payload = 'x'.repeat(200_000);
    expect(t.store.journal.insert(entry(1, { args: { topic: 't', payload } }))).toBe(true);
    const args = t.store.journal.get('call-1')?.args as { topic: string; payload: string };
    expect(args.topic).toBe('t');
    expect(args.payload.length).toBeLessThan(2000);
  });

  it('returns false instead of throwing when the database is closed', () => {
    t.store.close();
    expect(() => t.store.journal.insert(entry(1))).not.toThrow();
    expect(t.store.journal.insert(entry(2))).toBe(false);
    expect(t.store.journal.failures).toBe(2);
    expect(t.store.isOpen()).toBe(false);
  });

  it('returns false on a duplicate id or an invalid time', () => {
    expect(t.store.journal.insert(entry(1))).toBe(true);
    expect(t.store.journal.insert(entry(1))).toBe(false);
    expect(t.store.journal.insert(entry(2, { ts: 'yesterday-ish' }))).toBe(false);
    expect(t.store.journal.failures).toBe(2);
  });
});

describe('JournalRepo.page', () => {
  beforeEach(() => {
    for (let n = 1; n <= 30; n += 1) t.store.journal.insert(entry(n));
  });

  it('returns newest first with a default limit of 50 and a total', () => {
    const page = t.store.journal.page({});
    expect(page.entries).toHaveLength(30);
    expect(page.entries[0]?.id).toBe('call-30');
    expect(page.entries[29]?.id).toBe('call-1');
    expect(page.next_cursor).toBeNull();
    expect(page.total).toBe(30);
  });

  it('walks every row exactly once with keyset cursors', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = t.store.journal.page({ limit: 7, cursor });
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `call-${30 - i}`));
  });

  it('keeps rows with the same start time apart in pages', () => {
    const ts = '2024-06-01T00:00:00.000Z';
    for (let n = 100; n < 105; n += 1) t.store.journal.insert(entry(n, { ts }));
    const first = t.store.journal.page({ limit: 2, from: ts });
    const second = t.store.journal.page({ limit: 2, from: ts, cursor: first.next_cursor });
    const third = t.store.journal.page({ limit: 2, from: ts, cursor: second.next_cursor });
    const ids = [...first.entries, ...second.entries, ...third.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.next_cursor).toBeNull();
  });

  it('filters by tool, caller, status, session and time window', () => {
    const ids = (f: Parameters<typeof t.store.journal.page>[0]) =>
      t.store.journal.page(f).entries.map((e) => Number(e.id.slice(5)));
    expect(ids({ tool: 'list_topics' }).every((n) => n % 2 === 0)).toBe(true);
    expect(ids({ caller: 'console' })).toEqual([30, 27, 24, 21, 18, 15, 12, 9, 6, 3]);
    expect(ids({ status: 'error' })).toEqual([28, 24, 20, 16, 12, 8, 4]);
    expect(ids({ session_id: 'session-a' })).toEqual([30, 25, 20, 15, 10, 5]);
    expect(
      ids({
        from: new Date(T0 + 10_000).toISOString(),
        to: new Date(T0 + 13_000).toISOString(),
      }),
    ).toEqual([12, 11, 10]);
    expect(ids({ tool: 'list_topics', status: 'error', caller: 'console' })).toEqual([24, 12]);
    expect(t.store.journal.page({ status: 'error', limit: 2 }).total).toBe(7);
  });

  it('clamps the limit to 1-500', () => {
    expect(t.store.journal.page({ limit: 0 }).entries).toHaveLength(1);
    expect(t.store.journal.page({ limit: 10_000 }).entries).toHaveLength(30);
  });

  it('rejects a forged cursor and a bad time with INVALID_INPUT', () => {
    try {
      t.store.journal.page({ cursor: 'not-a-cursor' });
      expect.unreachable();
    } catch (err) {
      expect(isToolError(err, 'INVALID_INPUT')).toBe(true);
      expect((err as Error).message).toMatch(/^cursor:/);
    }
    expect(() => t.store.journal.page({ from: 'soon' })).toThrow(/from:/);
  });
});

describe('JournalRepo.since', () => {
  it('tails rows in insertion order, including calls that started earlier', () => {
    t.store.journal.insert(entry(1));
    const start = t.store.journal.since();
    expect(start.entries).toEqual([]);
    t.store.journal.insert(entry(3));
    t.store.journal.insert(entry(2));
    const tail = t.store.journal.since(start.cursor);
    expect(tail.entries.map((e) => e.id)).toEqual(['call-3', 'call-2']);
    const empty = t.store.journal.since(tail.cursor);
    expect(empty.entries).toEqual([]);
    expect(empty.cursor).toBe(tail.cursor);
    t.store.journal.insert(entry(4));
    expect(t.store.journal.since(empty.cursor).entries.map((e) => e.id)).toEqual(['call-4']);
  });

  it('accepts an ISO time', () => {
    for (let n = 1; n <= 5; n += 1) t.store.journal.insert(entry(n));
    const tail = t.store.journal.since(new Date(T0 + 3000).toISOString());
    expect(tail.entries.map((e) => e.id)).toEqual(['call-4', 'call-5']);
    t.store.journal.insert(entry(6));
    expect(t.store.journal.since(tail.cursor).entries.map((e) => e.id)).toEqual(['call-6']);
  });
});

describe('JournalRepo.prune and stats', () => {
  it('deletes rows older than the retention', () => {
    const now = Date.now();
    const day = 86_400_000;
    t.store.journal.insert(entry(1, { ts: new Date(now - 10 * day).toISOString() }));
    t.store.journal.insert(entry(2, { ts: new Date(now - 8 * day).toISOString() }));
    t.store.journal.insert(entry(3, { ts: new Date(now - 6 * day).toISOString() }));
    t.store.journal.insert(entry(4, { ts: new Date(now).toISOString() }));
    expect(t.store.journal.prune(7)).toBe(2);
    expect(t.store.journal.count()).toBe(2);
    expect(t.store.journal.get('call-3')).toBeDefined();
    expect(t.store.journal.prune(7)).toBe(0);
  });

  it('computes calls, errors and p50/p95 per tool', () => {
    for (let n = 1; n <= 20; n += 1) {
      t.store.journal.insert(
        entry(n, {
          tool: 'list_topics',
          duration_ms: n * 10,
          status: n <= 3 ? 'error' : 'ok',
        }),
      );
    }
    t.store.journal.insert(entry(21, { tool: 'publish_message', duration_ms: 5 }));
    t.store.journal.insert(
      entry(22, { tool: 'old_tool', ts: '2020-01-01T00:00:00.000Z', duration_ms: 1 }),
    );
    expect(t.store.journal.stats(new Date(T0).toISOString())).toEqual([
      { tool: 'list_topics', calls: 20, errors: 3, p50_ms: 100, p95_ms: 190 },
      { tool: 'publish_message', calls: 1, errors: 0, p50_ms: 5, p95_ms: 5 },
    ]);
  });
});
