// One notifier per store: `serve`, the alert worker and `notify` may all run next to the same
// BW_DB, and two senders would duplicate notifications outside any crash window. The lease is an
// exclusive SQLite lock on a side file, held for the life of the process; the operating system
// drops it when the holder dies, even by SIGKILL, so there is never a stale lock to clean up.
import Database from 'better-sqlite3';

export interface NotifierLease {
  /** True once this process holds the lease (it then keeps it until release). */
  tryAcquire(): boolean;
  release(): void;
}

/** A lease shared by every notifier of the store file at `dbPath`; in-memory stores need none. */
export function notifierLease(dbPath: string): NotifierLease {
  if (dbPath === '' || dbPath === ':memory:') return { tryAcquire: () => true, release: () => {} };
  let lock: Database.Database | null = null;
  return {
    tryAcquire() {
      if (lock) return true;
      const db = new Database(`${dbPath}.notify-lock`, { timeout: 0 });
      try {
        db.exec('BEGIN EXCLUSIVE');
        lock = db;
        return true;
      } catch (err) {
        db.close();
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
        throw err;
      }
    },
    release() {
      lock?.close();
      lock = null;
    },
  };
}
