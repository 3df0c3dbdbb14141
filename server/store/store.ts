// The hub's store: one SQLite database in the data directory with journal, profiles, metrics and record.
import type { Logger } from 'pino';
import { databasePath, openDatabase, type Database } from './db';
import { JournalRepo } from './journal';
import { MetricsRepo } from './metrics';
import { migrate } from './migrations';
import { ProfileRepo } from './profiles';
import { SqliteRecordStore } from './record/sqlite';
import type { RecordStore } from './record/types';
import { SecretBox } from './secret-box';
import { SqliteUndoLog } from './undo';

/** Opened store: repositories over one migrated database. */
export class Store {
  /** Tool-call journal. */
  readonly journal: JournalRepo;
  /** Saved broker profiles (also the tools' ProfileResolver). */
  readonly profiles: ProfileRepo;
  /** Per-minute metric rollups. */
  readonly metrics: MetricsRepo;
  /** What the recorder kept of recorded sessions. */
  readonly record: RecordStore;
  /** Undo records of cleared retained messages. */
  readonly undo: SqliteUndoLog;
  /** Path of the database file. */
  readonly path: string;

  private constructor(
    private readonly db: Database,
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.path = databasePath(dataDir);
    this.journal = new JournalRepo(db, log);
    this.profiles = new ProfileRepo(db, new SecretBox(dataDir), log);
    this.metrics = new MetricsRepo(db, log);
    this.record = new SqliteRecordStore(db);
    this.undo = new SqliteUndoLog(db);
  }

  /** Opens (creating if needed) and migrates the database in `dataDir`; throws a clear Error. */
  static open(dataDir: string, log: Logger): Store {
    const db = openDatabase(dataDir);
    try {
      const version = migrate(db);
      log.debug({ path: db.name, version }, 'store opened');
      return new Store(db, dataDir, log);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** True until close. */
  isOpen(): boolean {
    return this.db.open;
  }

  /** Deletes journal rows, metric rollups and undo records older than `days`; never throws. */
  enforceRetention(days: number): { journal: number; metrics: number; undo: number } {
    try {
      const removed = {
        journal: this.journal.prune(days),
        metrics: this.metrics.prune(days),
        undo: this.undo.prune(days),
      };
      if (removed.journal + removed.metrics + removed.undo > 0) {
        this.log.info({ ...removed, days }, 'retention');
      }
      return removed;
    } catch (err) {
      this.log.warn({ err, days }, 'retention could not be enforced');
      return { journal: 0, metrics: 0, undo: 0 };
    }
  }

  /** Closes the database; later writes fail softly (journal insert returns false). */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } catch {
      // Optimizing is best effort; closing matters.
    }
    this.db.close();
  }
}
