// Row <-> record mapping for the alert tables: the one place that knows column names and which
// columns hold JSON, so the rest of the store speaks in domain records.
import type { AlertCandidate } from '../../core/alerts/candidate.js';
import type { Suppression } from '../../core/alerts/decide.js';
import type { LifecycleEvent } from '../../core/alerts/lifecycle.js';
import type { AlertRecord, EventRecord, ObservationRecord } from '../../core/alerts/record.js';
import { alertSeverity } from '../../core/alerts/severity.js';

export interface AlertRow {
  fingerprint: string;
  state: string;
  kind: string;
  segment_id: string;
  side: string | null;
  side_name: string | null;
  distance_to_line_m: number | null;
  crosses_line: number | null;
  area_m2: number;
  change_magnitude: number;
  score: number;
  severity: number | null;
  confidence: string;
  authorised: number;
  authorisation: string | null;
  suppression: string | null;
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  first_seen: string;
  last_seen: string;
  observation_count: number;
  detector: string;
  aerial: string | null;
  baseline_tile_id: string;
  baseline_sha256: string;
  baseline_acquired_at: string | null;
  current_tile_id: string;
  current_sha256: string;
  current_acquired_at: string | null;
  assignee: string | null;
  dismiss_reason: string | null;
  chip_before_path: string | null;
  chip_after_path: string | null;
  created_at: string;
  updated_at: string;
  state_changed_at: string;
}

function json<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function bool(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

// The CHECK constraints guarantee the enum columns hold valid values, so the casts are safe.
export function alertFromRow(r: AlertRow): AlertRecord {
  return {
    fingerprint: r.fingerprint as AlertRecord['fingerprint'],
    state: r.state as AlertRecord['state'],
    kind: r.kind as AlertRecord['kind'],
    segmentId: r.segment_id as AlertRecord['segmentId'],
    side: r.side as AlertRecord['side'],
    sideName: r.side_name,
    distanceToLineM: r.distance_to_line_m,
    crossesLine: bool(r.crosses_line),
    areaM2: r.area_m2,
    changeMagnitude: r.change_magnitude,
    score: r.score,
    severity: r.severity ?? r.score,
    confidence: r.confidence as AlertRecord['confidence'],
    authorised: r.authorised === 1,
    authorisation: json(r.authorisation),
    suppression: json<Suppression>(r.suppression),
    geometry: JSON.parse(r.geometry) as AlertRecord['geometry'],
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    observationCount: r.observation_count,
    detector: JSON.parse(r.detector) as AlertRecord['detector'],
    aerial: json(r.aerial),
    baseline: { tileId: r.baseline_tile_id as AlertRecord['baseline']['tileId'], sha256: r.baseline_sha256, acquiredAt: r.baseline_acquired_at },
    current: { tileId: r.current_tile_id as AlertRecord['current']['tileId'], sha256: r.current_sha256, acquiredAt: r.current_acquired_at },
    assignee: r.assignee,
    dismissReason: r.dismiss_reason as AlertRecord['dismissReason'],
    chipBeforePath: r.chip_before_path,
    chipAfterPath: r.chip_after_path,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    stateChangedAt: r.state_changed_at,
  };
}

/** Columns describing the latest observation's facts: written on create and on refresh. */
export function candidateFacts(c: AlertCandidate) {
  return {
    kind: c.kind,
    segment_id: c.segmentId,
    side: c.side,
    side_name: c.sideName,
    distance_to_line_m: c.distanceToLineM,
    crosses_line: c.crossesLine === null ? null : c.crossesLine ? 1 : 0,
    area_m2: c.areaM2,
    change_magnitude: c.changeMagnitude,
    score: c.score,
    severity: alertSeverity(c),
    confidence: c.confidence,
    authorised: c.authorised ? 1 : 0,
    authorisation: c.authorisation ? JSON.stringify(c.authorisation) : null,
    geometry: JSON.stringify(c.geometry),
    min_lon: c.bbox[0],
    min_lat: c.bbox[1],
    max_lon: c.bbox[2],
    max_lat: c.bbox[3],
    detector: JSON.stringify(c.detector),
    aerial: c.aerial ? JSON.stringify(c.aerial) : null,
    baseline_tile_id: c.baseline.tileId,
    baseline_sha256: c.baseline.sha256,
    baseline_acquired_at: c.baseline.acquiredAt,
    current_tile_id: c.current.tileId,
    current_sha256: c.current.sha256,
    current_acquired_at: c.current.acquiredAt,
  };
}

export type FactColumn = keyof ReturnType<typeof candidateFacts>;

export const FACT_COLUMNS: readonly FactColumn[] = [
  'kind', 'segment_id', 'side', 'side_name', 'distance_to_line_m', 'crosses_line', 'area_m2', 'change_magnitude',
  'score', 'severity', 'confidence', 'authorised', 'authorisation', 'geometry', 'min_lon', 'min_lat', 'max_lon', 'max_lat',
  'detector', 'aerial', 'baseline_tile_id', 'baseline_sha256', 'baseline_acquired_at', 'current_tile_id',
  'current_sha256', 'current_acquired_at',
];

export interface ObservationRow {
  acquisition: string;
  observed_at: string;
  recorded_at: string;
  baseline_tile_id: string;
  baseline_sha256: string;
  current_tile_id: string;
  current_sha256: string;
  area_m2: number;
  change_magnitude: number;
  score: number;
  suppression: string | null;
}

export function observationFromRow(r: ObservationRow): ObservationRecord {
  return {
    acquisition: r.acquisition,
    observedAt: r.observed_at,
    recordedAt: r.recorded_at,
    baseline: { tileId: r.baseline_tile_id, sha256: r.baseline_sha256 },
    current: { tileId: r.current_tile_id, sha256: r.current_sha256 },
    areaM2: r.area_m2,
    changeMagnitude: r.change_magnitude,
    score: r.score,
    suppression: json<Suppression>(r.suppression),
  };
}

export interface EventRow {
  id: number;
  fingerprint: string;
  actor: string;
  at: string;
  type: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  note: string | null;
  payload: string | null;
}

export function eventFromRow(r: EventRow): EventRecord {
  return {
    id: r.id,
    fingerprint: r.fingerprint as EventRecord['fingerprint'],
    type: r.type as EventRecord['type'],
    actor: r.actor,
    at: r.at,
    fromState: r.from_state as EventRecord['fromState'],
    toState: r.to_state as EventRecord['toState'],
    reason: r.reason as EventRecord['reason'],
    note: r.note,
    payload: json(r.payload),
  };
}

export function eventParams(fingerprint: string, e: LifecycleEvent) {
  return {
    fingerprint,
    actor: e.actor,
    at: e.at,
    type: e.type,
    from_state: e.fromState,
    to_state: e.toState,
    reason: e.reason,
    note: e.note,
    payload: e.payload ? JSON.stringify(e.payload) : null,
  };
}
