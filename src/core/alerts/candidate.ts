// What a scan emits for each piece of change inside a watched segment: an alert candidate.
// The alert stage (store) decides create / update / reopen / suppress by fingerprint.
import type { Polygon, MultiPolygon, Position } from 'geojson';
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

/** Scale of the 1e-7° grid candidates' vertices are rounded to (build-candidates' round7). */
const E7 = 1e7;

/**
 * The same polygon(s), held compactly until read: all lon/lat values in one typed array (as [lon,
 * lat] arrays a vertex took ~70 B, and a 40,000² whole-tile scan's 13,000 candidates held 1.4 M of
 * them, 96 MB of heap) — 8 B a vertex as integers of 1e-7° when every value is exactly such a
 * step (as traced outlines are), else 16 B as doubles (clipped vertices). `coordinates` is an own
 * enumerable getter that builds plain arrays on each read, equal to the originals double for
 * double: JSON output, structured clones, spreads and deep equality see an ordinary geometry.
 * Geometries with anything besides `type` and 2-D `coordinates` are returned as they are.
 */
export function compactPolygonal<G extends Polygon | MultiPolygon>(geometry: G): G {
  if (Object.keys(geometry).some((k) => k !== 'type' && k !== 'coordinates')) return geometry;
  const polygons: readonly Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // Vertex index where each ring ends, ring index where each polygon ends (small plain arrays).
  const ringEnds: number[] = [];
  const polygonEnds: number[] = [];
  let onGrid = true;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const p of ring) {
        if (p.length !== 2) return geometry;
        if (onGrid) onGrid = onE7Grid(p[0]!) && onE7Grid(p[1]!);
      }
      ringEnds.push((ringEnds.at(-1) ?? 0) + ring.length);
    }
    polygonEnds.push(ringEnds.length);
  }
  const values = (ringEnds.at(-1) ?? 0) * 2;
  const packed = onGrid ? new Int32Array(values) : new Float64Array(values);
  let i = 0;
  for (const polygon of polygons) for (const ring of polygon) for (const p of ring) {
    packed[i++] = onGrid ? Math.round(p[0]! * E7) : p[0]!;
    packed[i++] = onGrid ? Math.round(p[1]! * E7) : p[1]!;
  }
  const scale = onGrid ? E7 : 1;
  const unpack = (): Position[][][] => {
    const out: Position[][][] = [];
    let ring = 0;
    let vertex = 0;
    for (const end of polygonEnds) {
      const polygon: Position[][] = [];
      for (; ring < end; ring++) {
        const positions: Position[] = [];
        for (; vertex < ringEnds[ring]!; vertex++) positions.push([packed[2 * vertex]! / scale, packed[2 * vertex + 1]! / scale]);
        polygon.push(positions);
      }
      out.push(polygon);
    }
    return out;
  };
  const compact: Polygon | MultiPolygon = geometry.type === 'Polygon'
    ? { type: 'Polygon', get coordinates() { return unpack()[0]!; } }
    : { type: 'MultiPolygon', get coordinates() { return unpack(); } };
  return compact as G;
}

/** Whether v is exactly k / 1e7 for an int32 k (so k / 1e7 gives v back, -0 excluded). */
function onE7Grid(v: number): boolean {
  const k = Math.round(v * E7);
  return Math.abs(k) < 2 ** 31 && Object.is(k / E7, v) && !Object.is(v, -0);
}
