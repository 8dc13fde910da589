// Read side of the alert store: the analyst queue (filters + paging), one alert with its history,
// and a streaming export of everything.
import type Database from 'better-sqlite3';
import type { AlertKind } from '../../core/alerts/candidate.js';
import type { AlertState } from '../../core/alerts/lifecycle.js';
import type { AlertDetail, AlertRecord } from '../../core/alerts/record.js';
import { alertFromRow, eventFromRow, observationFromRow, type AlertRow, type EventRow, type ObservationRow } from './alert-rows.js';
import { statement, utcIso } from './statements.js';

export interface AlertFilters {
  readonly states?: readonly AlertState[];
  readonly kinds?: readonly AlertKind[];
  readonly segmentIds?: readonly string[];
  /** Alerts seen at some time in [seenFrom, seenTo] (their first..last seen window overlaps it). */
  readonly seenFrom?: string;
  readonly seenTo?: string;
  /** [west, south, east, north] WGS 84: alerts whose bbox intersects it. */
  readonly bbox?: readonly [number, number, number, number];
  /** `severity`: border-aware severity (core/alerts/severity.ts), then newest (the analyst queue); `recent`: newest first; `first_seen`: oldest first. */
  readonly order?: 'severity' | 'recent' | 'first_seen';
  readonly limit?: number;
  readonly offset?: number;
}

export interface AlertPage {
  readonly items: readonly AlertRecord[];
  /** How many alerts match the filters in total (for paging links and counts). */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export const MAX_PAGE_SIZE = 1000;

const ORDER_SQL = {
  severity: 'severity DESC, score DESC, last_seen DESC, fingerprint',
  recent: 'last_seen DESC, fingerprint',
  first_seen: 'first_seen, fingerprint',
} as const;

function inList(column: string, values: readonly string[], params: unknown[]): string {
  params.push(...values);
  return `${column} IN (${values.map(() => '?').join(', ')})`;
}

function whereClause(f: AlertFilters): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.states?.length) clauses.push(inList('state', f.states, params));
  if (f.kinds?.length) clauses.push(inList('kind', f.kinds, params));
  if (f.segmentIds?.length) clauses.push(inList('segment_id', f.segmentIds, params));
  if (f.seenFrom !== undefined) {
    clauses.push('last_seen >= ?');
    params.push(utcIso(f.seenFrom, 'seenFrom'));
  }
  if (f.seenTo !== undefined) {
    clauses.push('first_seen <= ?');
    params.push(utcIso(f.seenTo, 'seenTo'));
  }
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    clauses.push('max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?');
    params.push(w, e, s, n);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function listAlerts(db: Database.Database, filters: AlertFilters = {}): AlertPage {
  const limit = Math.min(Math.max(Math.floor(filters.limit ?? 100), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.floor(filters.offset ?? 0), 0);
  const { sql, params } = whereClause(filters);
  const order = ORDER_SQL[filters.order ?? 'severity'];
  const rows = statement(db, `SELECT * FROM alerts ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, limit, offset) as AlertRow[];
  const { n } = statement(db, `SELECT COUNT(*) AS n FROM alerts ${sql}`).get(...params) as { n: number };
  return { items: rows.map(alertFromRow), total: n, limit, offset };
}

export function getAlertRecord(db: Database.Database, fingerprint: string): AlertRecord | null {
  const row = statement(db, 'SELECT * FROM alerts WHERE fingerprint = ?').get(fingerprint) as AlertRow | undefined;
  return row ? alertFromRow(row) : null;
}

export function getAlert(db: Database.Database, fingerprint: string): AlertDetail | null {
  const alert = getAlertRecord(db, fingerprint);
  if (!alert) return null;
  const observations = statement(db, 'SELECT * FROM alert_observations WHERE fingerprint = ? ORDER BY observed_at, id')
    .all(fingerprint) as ObservationRow[];
  const events = statement(db, 'SELECT * FROM alert_events WHERE fingerprint = ? ORDER BY id').all(fingerprint) as EventRow[];
  return { alert, observations: observations.map(observationFromRow), events: events.map(eventFromRow) };
}

/** Every alert, oldest first, streamed row by row (the connection is busy until iteration ends). */
export function* exportAlerts(db: Database.Database): IterableIterator<AlertRecord> {
  for (const row of statement(db, 'SELECT * FROM alerts ORDER BY first_seen, fingerprint').iterate() as IterableIterator<AlertRow>) {
    yield alertFromRow(row);
  }
}
