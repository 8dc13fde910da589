// What a batch left in a store, in a form two runs can be compared by.
import { AlertStore } from '../../../src/io/store/alert-store.js';

export interface StoreSnapshot {
  /** fingerprint|state|observations|first seen|last seen, sorted. */
  readonly alerts: string[];
  readonly createdEvents: number;
  readonly outbox: number;
  readonly tiles: Record<string, { status: string; code: string | null }>;
}

export function snapshot(dbPath: string): StoreSnapshot {
  const store = AlertStore.open(dbPath, { mustExist: true });
  try {
    const rows = store.db.prepare('SELECT fingerprint, state, observation_count, first_seen, last_seen FROM alerts ORDER BY fingerprint').all() as
      { fingerprint: string; state: string; observation_count: number; first_seen: string; last_seen: string }[];
    const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
    const tiles: StoreSnapshot['tiles'] = {};
    for (const t of store.db.prepare('SELECT id, status, reject_code FROM tiles').all() as { id: string; status: string; reject_code: string | null }[]) {
      tiles[t.id] = { status: t.status, code: t.reject_code };
    }
    return {
      alerts: rows.map((r) => `${r.fingerprint}|${r.state}|${r.observation_count}|${r.first_seen}|${r.last_seen}`),
      createdEvents: count("SELECT COUNT(*) AS n FROM alert_events WHERE type IN ('created', 'suppressed') AND from_state IS NULL"),
      outbox: count('SELECT COUNT(*) AS n FROM outbox'),
      tiles,
    };
  } finally {
    store.close();
  }
}
