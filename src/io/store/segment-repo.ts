// Watched border segments in the store, with what the review screens need beside each one: alert
// counts by state, when it was last seen and how much of it was observable then (coverage).
import type Database from 'better-sqlite3';
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { ALERT_STATES, type AlertState } from '../../core/alerts/lifecycle.js';
import type { BorderSegment, SegmentId } from '../../core/types.js';
import { statement, utcIso } from './statements.js';

/** Below this observed share the segment counts as not observable in its latest scan. */
export const MIN_OBSERVABLE_SHARE = 0.5;

export interface SegmentSummary {
  readonly segment: BorderSegment;
  readonly bbox: readonly [number, number, number, number];
  readonly alertCounts: Readonly<Record<AlertState, number>>;
  /** Alerts waiting for review (new + acknowledged). */
  readonly openAlerts: number;
  readonly lastAlertSeen: string | null;
  /** Acquisition time of the latest scan that looked at this segment, its tile, and the share seen. */
  readonly lastObservedAt: string | null;
  readonly lastObservedTile: string | null;
  readonly lastObservedShare: number | null;
  /** True when the latest scan saw too little of the corridor to vouch for "no change". */
  readonly coverageNotice: boolean;
}

interface SegmentRow {
  id: string;
  name: string | null;
  border_id: string | null;
  line: string | null;
  corridor: string;
  sides: string | null;
  side_names: string | null;
  params: string | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  last_observed_at: string | null;
  last_observed_share: number | null;
  last_observed_tile: string | null;
}

function boundsOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const rings: Position[][] = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return [w, s, e, n];
}

function json<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

function segmentFromRow(r: SegmentRow): BorderSegment {
  const params = json<BorderSegment['params'] & { lengthM?: number; corridorHalfWidthM?: number }>(r.params);
  const { lengthM, corridorHalfWidthM, ...watch } = params ?? {};
  const line = json<LineString>(r.line);
  const sides = json<BorderSegment['sides']>(r.sides);
  const sideNames = json<BorderSegment['sideNames']>(r.side_names);
  return {
    id: r.id as SegmentId,
    corridor: JSON.parse(r.corridor) as Polygon | MultiPolygon,
    ...(r.name !== null ? { name: r.name } : {}),
    ...(r.border_id !== null ? { borderId: r.border_id } : {}),
    ...(line ? { line } : {}),
    ...(sides ? { sides } : {}),
    ...(sideNames ? { sideNames } : {}),
    ...(lengthM !== undefined ? { lengthM } : {}),
    ...(corridorHalfWidthM !== undefined ? { corridorHalfWidthM } : {}),
    ...(Object.keys(watch).length ? { params: watch } : {}),
  };
}

/** Inserts or replaces segments by id (a re-cut border replaces its pieces' geometry). Coverage is kept. */
export function upsertSegments(db: Database.Database, segments: readonly BorderSegment[], now: string): number {
  const at = utcIso(now);
  const upsert = statement(db, `INSERT INTO segments (id, name, border_id, line, corridor, sides, side_names, params,
      min_lon, min_lat, max_lon, max_lat, updated_at)
    VALUES (@id, @name, @border_id, @line, @corridor, @sides, @side_names, @params, @min_lon, @min_lat, @max_lon, @max_lat, @now)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, border_id = excluded.border_id, line = excluded.line,
      corridor = excluded.corridor, sides = excluded.sides, side_names = excluded.side_names, params = excluded.params,
      min_lon = excluded.min_lon, min_lat = excluded.min_lat, max_lon = excluded.max_lon, max_lat = excluded.max_lat,
      updated_at = excluded.updated_at`);
  db.transaction(() => {
    for (const s of segments) {
      const [w, so, e, n] = boundsOf(s.corridor);
      const params = { ...s.params, ...(s.lengthM !== undefined ? { lengthM: s.lengthM } : {}), ...(s.corridorHalfWidthM !== undefined ? { corridorHalfWidthM: s.corridorHalfWidthM } : {}) };
      upsert.run({
        id: s.id, name: s.name ?? null, border_id: s.borderId ?? null, line: s.line ? JSON.stringify(s.line) : null,
        corridor: JSON.stringify(s.corridor), sides: s.sides ? JSON.stringify(s.sides) : null,
        side_names: s.sideNames ? JSON.stringify(s.sideNames) : null,
        params: Object.keys(params).length ? JSON.stringify(params) : null,
        min_lon: w, min_lat: so, max_lon: e, max_lat: n, now: at,
      });
    }
  }).immediate();
  return segments.length;
}

/**
 * Records how much of each segment a scan saw. Only a newer (or equal) acquisition replaces the
 * stored one, so re-running an old pair never hides a newer coverage gap.
 */
export function recordCoverage(db: Database.Database, coverage: readonly { segmentId: string; observedShare: number }[], observedAt: string, tileId: string): void {
  const at = utcIso(observedAt);
  const update = statement(db, `UPDATE segments SET last_observed_at = ?, last_observed_share = ?, last_observed_tile = ?
    WHERE id = ? AND (last_observed_at IS NULL OR last_observed_at <= ?)`);
  db.transaction(() => {
    for (const c of coverage) update.run(at, c.observedShare, tileId, c.segmentId, at);
  }).immediate();
}

function countsBySegment(db: Database.Database, ids: readonly string[]): Map<string, { counts: Record<AlertState, number>; lastSeen: string | null }> {
  const out = new Map<string, { counts: Record<AlertState, number>; lastSeen: string | null }>();
  for (const id of ids) out.set(id, { counts: Object.fromEntries(ALERT_STATES.map((s) => [s, 0])) as Record<AlertState, number>, lastSeen: null });
  if (!ids.length) return out;
  const rows = statement(db, `SELECT segment_id, state, COUNT(*) AS n, MAX(last_seen) AS last FROM alerts
    WHERE segment_id IN (${ids.map(() => '?').join(', ')}) GROUP BY segment_id, state`).all(...ids) as { segment_id: string; state: AlertState; n: number; last: string }[];
  for (const r of rows) {
    const entry = out.get(r.segment_id)!;
    entry.counts[r.state] = r.n;
    if (entry.lastSeen === null || r.last > entry.lastSeen) entry.lastSeen = r.last;
  }
  return out;
}

function summaries(db: Database.Database, rows: SegmentRow[]): SegmentSummary[] {
  const counts = countsBySegment(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const c = counts.get(r.id)!;
    return {
      segment: segmentFromRow(r),
      bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
      alertCounts: c.counts,
      openAlerts: c.counts.new + c.counts.acknowledged,
      lastAlertSeen: c.lastSeen,
      lastObservedAt: r.last_observed_at,
      lastObservedTile: r.last_observed_tile,
      lastObservedShare: r.last_observed_share,
      coverageNotice: r.last_observed_share !== null && r.last_observed_share < MIN_OBSERVABLE_SHARE,
    };
  });
}

export interface SegmentQuery {
  /** [west, south, east, north] WGS 84: segments whose corridor bbox intersects it. */
  readonly bbox?: readonly [number, number, number, number];
  readonly limit?: number;
  readonly offset?: number;
}

export function listSegments(db: Database.Database, q: SegmentQuery = {}): { items: SegmentSummary[]; total: number } {
  const params: number[] = [];
  let where = '';
  if (q.bbox) {
    const [w, s, e, n] = q.bbox;
    where = 'WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?';
    params.push(w, e, s, n);
  }
  const limit = Math.min(Math.max(Math.floor(q.limit ?? 100), 1), 1000);
  const offset = Math.max(Math.floor(q.offset ?? 0), 0);
  const rows = statement(db, `SELECT * FROM segments ${where} ORDER BY id LIMIT ? OFFSET ?`).all(...params, limit, offset) as SegmentRow[];
  const { n } = statement(db, `SELECT COUNT(*) AS n FROM segments ${where}`).get(...params) as { n: number };
  return { items: summaries(db, rows), total: n };
}

export function getSegment(db: Database.Database, id: string): SegmentSummary | null {
  const row = statement(db, 'SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  return row ? summaries(db, [row])[0]! : null;
}
