// Unit tests of the Store facade: opening, retention, soft failure after close.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store';
import { silentLog, useTempDir } from '../../test/fixtures/temp-store';

const t = useTempDir();

describe('Store', () => {
  it('opens the database in the data directory and closes idempotently', () => {
    const dataDir = join(t.dir, 'data');
    const store = Store.open(dataDir, silentLog);
    expect(store.path).toBe(join(dataDir, 'mqtt-mcp.db'));
    expect(store.isOpen()).toBe(true);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    store.close();
    store.close();
    expect(store.isOpen()).toBe(false);
  });

  it('enforces retention on the journal and the metrics', () => {
    const store = Store.open(t.dir, silentLog);
    const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const recent = new Date().toISOString();
    for (const [id, ts] of [
      ['a', old],
      ['b', recent],
    ] as const) {
      store.journal.insert({
        id,
        ts,
        tool: 't',
        caller: 'console',
        session_id: null,
        args: {},
        status: 'ok',
        error_code: null,
        error_message: null,
        duration_ms: 1,
        result_bytes: 1,
        summary: 'ok',
      });
      store.metrics.record({
        minute: ts,
        session_id: null,
        messages: 1,
        bytes: 1,
        tool_calls: 1,
        tool_errors: 0,
        latency_p50_ms: null,
        latency_p95_ms: null,
        rss_mb: null,
      });
    }
    expect(store.enforceRetention(7)).toEqual({ journal: 1, metrics: 1 });
    expect(store.enforceRetention(7)).toEqual({ journal: 0, metrics: 0 });
    expect(store.journal.count()).toBe(1);
    store.close();
    expect(store.enforceRetention(7)).toEqual({ journal: 0, metrics: 0 });
  });

  it('lets the profile resolver fail softly once closed', () => {
    const store = Store.open(t.dir, silentLog);
    store.profiles.create({ name: 'p', connection_string: 'mqtt://h' });
    store.close();
    expect(store.profiles.resolve('p')).toBeUndefined();
    expect(store.profiles.names()).toEqual([]);
  });
});
