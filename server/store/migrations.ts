// Versioned schema migrations, applied in order inside one immediate transaction and recorded.
import type { Database } from './db';

/** One schema step: applied once, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Every migration this build knows, in ascending version order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'journal, profiles, metrics',
    up: `
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        tool TEXT NOT NULL,
        caller TEXT NOT NULL,
        session_id TEXT,
        args TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error_code TEXT,
        error_message TEXT,
        duration_ms REAL NOT NULL,
        result_bytes INTEGER NOT NULL,
        summary TEXT NOT NULL
      );
      CREATE INDEX journal_ts ON journal (ts);
      CREATE INDEX journal_tool_ts ON journal (tool, ts);
      CREATE INDEX journal_caller_ts ON journal (caller, ts);
      CREATE INDEX journal_session_ts ON journal (session_id, ts);

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
];

/** Highest schema version this build knows. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Schema version recorded in the database (0 when none). */
export function schemaVersion(db: Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

/** Applies pending migrations and returns the version; refuses a database newer than this build. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const current = schemaVersion(db);
    if (current > latest) {
      throw new Error(
        `database ${db.name} has schema version ${current}, newer than this build of mqtt-mcp knows (${latest}); upgrade mqtt-mcp or point MQTT_MCP_DATA_DIR elsewhere`,
      );
    }
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.up);
      record.run(m.version, m.name, new Date().toISOString());
    }
    db.pragma(`user_version = ${Math.trunc(latest)}`);
    return latest;
  });
  return run.immediate();
}
