// Opens the SQLite file with the settings our promises rest on (WAL, fsync on commit, foreign keys,
// a busy timeout for concurrent writers) and migrates it to the latest schema.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import { migrate } from './migrations.js';

export interface OpenOptions {
  /** Refuse to create a new file (commands that only read an existing store). */
  readonly mustExist?: boolean;
  /** Stop at this schema version (tests of upgrades from old stores). */
  readonly schemaVersion?: number;
  /** How long a writer waits for another connection's write lock, in ms. */
  readonly busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  if (options.mustExist && path !== ':memory:' && !existsSync(path)) {
    throw new InputError('FILE_NOT_FOUND', `no alert store at ${path} (set BW_DB or run a scan first)`, { path });
  }
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a review action is on disk before the API answers (RELIABILITY.md). Batches commit once
    // per applyCandidates call, so the extra fsync per commit costs little there.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, new Date().toISOString(), options.schemaVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
