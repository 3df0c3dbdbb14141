// Versioned schema migrations, applied in order inside one immediate transaction and recorded.
import type { Database } from './db';

/** One schema step: applied once, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** The journal's columns of migration 1, with the statuses its CHECK allows. */
function journalColumns(statuses: readonly string[]): string {
  return `seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        tool TEXT NOT NULL,
        caller TEXT NOT NULL,
        session_id TEXT,
        args TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${statuses.map((x) => `'${x}'`).join(', ')})),
        error_code TEXT,
        error_message TEXT,
        duration_ms REAL NOT NULL,
        result_bytes INTEGER NOT NULL,
        summary TEXT NOT NULL`;
}

const JOURNAL_INDEXES = `
      CREATE INDEX journal_ts ON journal (ts);
      CREATE INDEX journal_tool_ts ON journal (tool, ts);
      CREATE INDEX journal_caller_ts ON journal (caller, ts);
      CREATE INDEX journal_session_ts ON journal (session_id, ts);`;

/** Every migration this build knows, in ascending version order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'journal, profiles, metrics',
    up: `
      CREATE TABLE journal (
        ${journalColumns(['ok', 'error'])}
      );
      ${JOURNAL_INDEXES}

      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        connection_string TEXT NOT NULL,
        username TEXT,
        password_enc TEXT,
        protocol_version INTEGER CHECK (protocol_version IN (4, 5)),
        client_id TEXT,
        tls_ca TEXT,
        tls_cert TEXT,
        tls_key_enc TEXT,
        reject_unauthorized INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE metrics (
        minute TEXT NOT NULL,
        session_id TEXT NOT NULL DEFAULT '',
        messages INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        tool_calls INTEGER NOT NULL,
        tool_errors INTEGER NOT NULL,
        latency_p50_ms REAL,
        latency_p95_ms REAL,
        rss_mb REAL,
        PRIMARY KEY (minute, session_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'recorder: record tables, profiles.record',
    // Times are integers: `*_ms` epoch milliseconds, `minute` epoch minutes; `span` is the
    // minutes a row covers (1, or 10 once rolled up). The hot tables carry no foreign keys.
    up: `
      ALTER TABLE profiles ADD COLUMN record INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE record_sources (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      );

      CREATE TABLE record_topics (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES record_sources (id) ON DELETE CASCADE,
        topic TEXT NOT NULL,
        first_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        messages INTEGER NOT NULL DEFAULT 0,
        interval_ms REAL,
        retained_hash INTEGER,
        availability TEXT,
        vanished INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source_id, topic)
      );

      CREATE TABLE record_fields (
        id INTEGER PRIMARY KEY,
        topic_id INTEGER NOT NULL REFERENCES record_topics (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        UNIQUE (topic_id, name)
      );

      CREATE TABLE record_counts (
        topic_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        span INTEGER NOT NULL DEFAULT 1,
        messages INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (topic_id, minute)
      ) WITHOUT ROWID;
      CREATE INDEX record_counts_minute ON record_counts (minute);

      CREATE TABLE record_series (
        field_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        span INTEGER NOT NULL DEFAULT 1,
        n INTEGER NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        sum REAL NOT NULL,
        last REAL NOT NULL,
        PRIMARY KEY (field_id, minute)
      ) WITHOUT ROWID;
      CREATE INDEX record_series_minute ON record_series (minute);

      CREATE TABLE record_events (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL,
        topic_id INTEGER,
        ts INTEGER NOT NULL,
        category TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT,
        subject TEXT,
        summary TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX record_events_source_ts ON record_events (source_id, ts);
      CREATE INDEX record_events_topic_ts ON record_events (topic_id, ts);
      CREATE INDEX record_events_ts ON record_events (ts);

      CREATE TABLE record_messages (
        topic_id INTEGER NOT NULL,
        slot INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        size INTEGER NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (topic_id, slot)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'undo of cleared retained messages',
    // Kept for the journal's retention (Store.enforceRetention); payloads byte for byte, MQTT 5
    // publish properties as JSON (correlation data in base64).
    up: `
      CREATE TABLE retained_undo (
        id TEXT PRIMARY KEY,
        created_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        broker TEXT NOT NULL,
        topic_pattern TEXT NOT NULL,
        restored_ms INTEGER
      );
      CREATE INDEX retained_undo_created ON retained_undo (created_ms);

      CREATE TABLE retained_undo_messages (
        undo_id TEXT NOT NULL REFERENCES retained_undo (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        topic TEXT NOT NULL,
        payload BLOB NOT NULL,
        qos INTEGER NOT NULL,
        properties TEXT,
        PRIMARY KEY (undo_id, seq)
      ) WITHOUT ROWID;
      `,
  },
  {
    version: 4,
    name: 'journal: cancelled status, MCP client name and version',
    // SQLite cannot alter a CHECK constraint: the table is rebuilt with the same rows and indexes.
    up: `
      CREATE TABLE journal_v4 (
        ${journalColumns(['ok', 'error', 'cancelled'])},
        client_name TEXT,
        client_version TEXT
      );
      INSERT INTO journal_v4 (seq, id, ts, tool, caller, session_id, args, status, error_code,
        error_message, duration_ms, result_bytes, summary)
        SELECT seq, id, ts, tool, caller, session_id, args, status, error_code, error_message,
          duration_ms, result_bytes, summary FROM journal;
      DROP TABLE journal;
      ALTER TABLE journal_v4 RENAME TO journal;
      ${JOURNAL_INDEXES}
    `,
  },
];

/** Highest schema version this build knows. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Versions recorded in `schema_migrations` (empty when the table does not exist). */
function appliedVersions(db: Database): Set<number> {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return new Set();
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((r) => r.version));
}

/** Schema version recorded in the database: the highest applied step (0 when none). */
export function schemaVersion(db: Database): number {
  return Math.max(0, ...appliedVersions(db));
}

/**
 * Applies every migration not yet recorded, in ascending order (so steps developed apart, such as
 * 3 and 4, land in either order), and returns the highest version; refuses a database that
 * records a step newer than this build knows.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const applied = appliedVersions(db);
    const current = Math.max(0, ...applied);
    if (current > latest) {
      throw new Error(
        `database ${db.name} has schema version ${current}, newer than this build of mqtt-mcp knows (${latest}); upgrade mqtt-mcp or point MQTT_MCP_DATA_DIR elsewhere`,
      );
    }
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      db.exec(m.up);
      record.run(m.version, m.name, new Date().toISOString());
    }
    db.pragma(`user_version = ${Math.trunc(latest)}`);
    return latest;
  });
  return run.immediate();
}
