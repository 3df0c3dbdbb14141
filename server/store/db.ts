// Opens the SQLite database file in the data directory with the pragmas the store relies on.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type Database = BetterSqlite3.Database;

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'mqtt-mcp.db';

/** Absolute or relative path of the database file for a data directory. */
export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Creates the data directory (0700) if needed and opens the database in WAL mode. */
export function openDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = databasePath(dataDir);
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    db.close();
    throw err;
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // A file owned by another user keeps its mode; the 0700 directory still guards it.
  }
  return db;
}
