// The stored shape of an alert, its observations and its audit events, as the store returns them
// to the API, the dashboard and exports. Pure data.
import type { Polygon, MultiPolygon } from 'geojson';
import type { AerialFacts, AlertKind, Authorisation, Confidence, DetectorInfo, SourceTile } from './candidate.js';
import type { Suppression } from './decide.js';
import type { AlertState, DismissReason, LifecycleEvent } from './lifecycle.js';
import type { BorderSide, Fingerprint, SegmentId } from '../types.js';

export interface AlertRecord {
  readonly fingerprint: Fingerprint;
  readonly state: AlertState;
  readonly kind: AlertKind;
  readonly segmentId: SegmentId;
  readonly side: BorderSide | null;
  readonly sideName: string | null;
  readonly distanceToLineM: number | null;
  readonly crossesLine: boolean | null;
  readonly areaM2: number;
  readonly changeMagnitude: number;
  readonly score: number;
  /** Queue order: score raised for crossing or touching the border line (severity.ts). */
  readonly severity: number;
  readonly confidence: Confidence;
  readonly authorised: boolean;
  readonly authorisation: Authorisation | null;
  /** Why the newest observation was suppressed (authorisation or silence); null when it was not. */
  readonly suppression: Suppression | null;
  /** Latest observed shape, WGS 84. */
  readonly geometry: Polygon | MultiPolygon;
  /** [west, south, east, north], WGS 84. */
  readonly bbox: readonly [number, number, number, number];
  /** ISO 8601 UTC observation times (acquisition times when known). */
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly observationCount: number;
  readonly detector: DetectorInfo;
  readonly aerial: AerialFacts | null;
  /** Tiles of the latest observation. */
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly assignee: string | null;
  readonly dismissReason: DismissReason | null;
  readonly chipBeforePath: string | null;
  readonly chipAfterPath: string | null;
  /** ISO 8601 UTC processing times. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly stateChangedAt: string;
}

export interface ObservationRecord {
  readonly acquisition: string;
  readonly observedAt: string;
  readonly recordedAt: string;
  readonly baseline: { readonly tileId: string; readonly sha256: string };
  readonly current: { readonly tileId: string; readonly sha256: string };
  readonly areaM2: number;
  readonly changeMagnitude: number;
  readonly score: number;
  readonly suppression: Suppression | null;
}

export interface EventRecord extends LifecycleEvent {
  readonly id: number;
  readonly fingerprint: Fingerprint;
}

export interface AlertDetail {
  readonly alert: AlertRecord;
  /** Oldest first. */
  readonly observations: readonly ObservationRecord[];
  /** Oldest first (append order). */
  readonly events: readonly EventRecord[];
}
