// Unit tests of database opening and versioned migrations.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './migrations';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-store-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A database in the test's directory, migrated to the latest version. */
function migrated() {
  const db = openDatabase(dir);
  migrate(db);
  return db;
}

/** Every migration plus one more step on top. */
const withNext = (name: string, up: string) => [
  ...MIGRATIONS,
  { version: LATEST_VERSION + 1, name, up },
];

describe('openDatabase', () => {
  it('creates the data directory (0700) and sets the pragmas', () => {
    const dataDir = join(dir, 'nested', 'data');
    const db = openDatabase(dataDir);
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.name).toBe(join(dataDir, 'mqtt-mcp.db'));
    } finally {
      db.close();
    }
  });
});

describe('migrate', () => {
  it('lists unique versions in strictly ascending order', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(LATEST_VERSION).toBe(Math.max(...versions));
  });

  it('applies every migration once, records it and reopens cleanly', () => {
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(LATEST_VERSION);
    const rows = db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();

    const again = openDatabase(dir);
    expect(migrate(again)).toBe(LATEST_VERSION);
    expect(migrate(again)).toBe(LATEST_VERSION);
    expect(
      (again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n,
    ).toBe(MIGRATIONS.length);
    const tables = (
      again.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'journal',
        'metrics',
        'profiles',
        'record_counts',
        'record_events',
        'record_fields',
        'record_messages',
        'record_series',
        'record_sources',
        'record_topics',
      ]),
    );
    again.close();
  });

  it('applies a later migration on top of an existing database', () => {
    const db = migrated();
    const next = withNext('extra', 'CREATE TABLE extra (x INTEGER)');
    expect(migrate(db, next)).toBe(LATEST_VERSION + 1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = migrated();
    const broken = withNext('broken', 'CREATE TABLE t (x); SELEKT 1');
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    db.close();
  });

  it('applies a step not yet recorded even when a higher one already is (2 after 4)', () => {
    const db = openDatabase(dir);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version !== 2),
    );
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'record_topics'").get()).toBe(
      undefined,
    );
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'record_topics'").get(),
    ).toBeTruthy();
    expect(migrate(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('keeps journal rows through migration 4 and accepts cancelled calls after it', () => {
    const db = openDatabase(dir);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 4),
    );
    db.prepare(
      `INSERT INTO journal (id, ts, tool, caller, session_id, args, status, duration_ms, result_bytes, summary)
       VALUES ('a', '2026-01-01T00:00:00.000Z', 'mqtt_publish_message', 'console', NULL, '{}', 'ok', 1, 2, 's')`,
    ).run();
    migrate(db);
    const row = db.prepare('SELECT id, status, client_name FROM journal').get();
    expect(row).toEqual({ id: 'a', status: 'ok', client_name: null });
    db.prepare(
      `INSERT INTO journal (id, ts, tool, caller, args, status, duration_ms, result_bytes, summary)
       VALUES ('b', '2026-01-01T00:00:01.000Z', 't', 'mcp-http', '{}', 'cancelled', 1, 0, '')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO journal (id, ts, tool, caller, args, status, duration_ms, result_bytes, summary)
           VALUES ('c', '2026-01-01T00:00:02.000Z', 't', 'x', '{}', 'weird', 1, 0, '')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database newer than this build', () => {
    const db = migrated();
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      LATEST_VERSION + 5,
      'future',
      new Date().toISOString(),
    );
    expect(() => migrate(db)).toThrow(/newer than this build of mqtt-mcp knows/);
    db.close();
  });
});
