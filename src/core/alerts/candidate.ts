// What a scan emits for each piece of change inside a watched segment: an alert candidate.
// The alert stage (store) decides create / update / reopen / suppress by fingerprint.
import type { Polygon, MultiPolygon } from 'geojson';
import type { BorderSide, Fingerprint, SegmentId, TileId } from '../types.js';

export type AlertKind = 'ground' | 'aerial';
export type Confidence = 'provisional' | 'confirmed' | 'highest';

export interface DetectorInfo {
  readonly name: string;
  readonly version: string;
  readonly params: Readonly<Record<string, number | string | boolean | null>>;
}

export interface SourceTile {
  readonly tileId: TileId;
  readonly sha256: string;
  /** ISO 8601 acquisition date-time, when known. */
  readonly acquiredAt: string | null;
}

export interface Authorisation {
  readonly zoneId: string;
  readonly name: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** Aerial track facts (present on kind 'aerial'). */
export interface AerialFacts {
  readonly headingDeg: number;
  readonly speedMps: number;
  readonly lengthM: number | null;
  readonly direction: 'inbound' | 'outbound' | 'along' | null;
  readonly secondsToLine: number | null;
  readonly matchedFlight: string | null;
}

export interface AlertCandidate {
  readonly fingerprint: Fingerprint;
  readonly segmentId: SegmentId;
  readonly kind: AlertKind;
  readonly geometry: Polygon | MultiPolygon;
  /** [west, south, east, north] in WGS 84. */
  readonly bbox: readonly [number, number, number, number];
  readonly side: BorderSide | null;
  readonly sideName: string | null;
  readonly distanceToLineM: number | null;
  readonly crossesLine: boolean | null;
  readonly areaM2: number;
  /** Mean change magnitude over the piece, in the detector's units. */
  readonly changeMagnitude: number;
  /** 0..1: how sure the detector is this is real change (drives ranking). */
  readonly score: number;
  readonly confidence: Confidence;
  readonly authorised: boolean;
  readonly authorisation: Authorisation | null;
  readonly detector: DetectorInfo;
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  /** When the current tile was acquired (the observation time), ISO 8601, or null if unknown. */
  readonly observedAt: string | null;
  readonly aerial?: AerialFacts;
  /**
   * Inhibition: the segment was mostly not observed in this scan (cloud, nodata), so change seen
   * in the rest of it is not trusted enough to page an analyst; it is recorded as suppressed and
   * the segment shows a coverage notice instead.
   */
  readonly inhibition?: { readonly observedShare: number; readonly reason: string };
}

/** What every candidate of one scan shares, from that scan's context. */
export interface ScanProvenance {
  readonly detector: DetectorInfo;
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly observedAt: string | null;
}

/** A candidate's authorisation and provenance fields (ground and aerial candidates alike). */
export function authorisedAndFrom(authorisation: Authorisation | null, scan: ScanProvenance): Pick<AlertCandidate, 'authorised' | 'authorisation' | 'detector' | 'baseline' | 'current' | 'observedAt'> {
  return { authorised: authorisation !== null, authorisation, detector: scan.detector, baseline: scan.baseline, current: scan.current, observedAt: scan.observedAt };
}

/** The output order of a scan (by segment, then fingerprint): stable, so output is byte-identical. */
export function byOutputOrder(p: AlertCandidate, q: AlertCandidate): number {
  if (p.segmentId !== q.segmentId) return p.segmentId < q.segmentId ? -1 : 1;
  return p.fingerprint < q.fingerprint ? -1 : p.fingerprint > q.fingerprint ? 1 : 0;
}
