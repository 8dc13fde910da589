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

/** Where a compact geometry keeps its packed values (not enumerable: JSON and clones never see it). */
const PACKED = Symbol('packed polygonal');

/**
 * [polygons, rings, polygon ends (ring index)…, ring ends (vertex index)…, lon, lat, lon, lat…],
 * lon/lat as integers of 1e-7° (Int32Array) or as doubles (Float64Array); `scale` turns them back.
 */
interface Packed {
  readonly values: Int32Array | Float64Array;
  readonly scale: number;
}

type CompactGeometry = (Polygon | MultiPolygon) & { readonly [PACKED]: Packed };

/**
 * One getter shared by every compact geometry, so they share one hidden class: a getter closure
 * per geometry cost ~370 B of heap each (a map and descriptors per object).
 */
const coordinatesGetter: PropertyDescriptor = {
  enumerable: true,
  get(this: CompactGeometry) {
    const polygons = unpack(this[PACKED]);
    return this.type === 'Polygon' ? polygons[0] : polygons;
  },
};

/**
 * The same polygon(s), held compactly until read: all values in one typed array — 8 B a vertex
 * as integers of 1e-7° when every value is exactly such a step (traced outlines are), else 16 B
 * as doubles (clipped vertices); as [lon, lat] arrays a vertex took ~70 B, and a 40,000²
 * whole-tile scan's 13,000 candidates held 1.4 M of them, 96 MB of heap. `coordinates` is an own
 * enumerable getter that builds plain arrays on each read, equal to the originals double for
 * double: JSON output, structured clones, spreads and deep equality see an ordinary geometry.
 * Geometries with anything besides `type` and 2-D `coordinates` are returned as they are.
 */
export function compactPolygonal<G extends Polygon | MultiPolygon>(geometry: G): G {
  if (Object.keys(geometry).some((k) => k !== 'type' && k !== 'coordinates')) return geometry;
  const polygons: readonly Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let rings = 0;
  let vertices = 0;
  let onGrid = true;
  for (const polygon of polygons) {
    rings += polygon.length;
    for (const ring of polygon) {
      vertices += ring.length;
      for (const p of ring) {
        if (p.length !== 2) return geometry;
        if (onGrid) onGrid = onE7Grid(p[0]!) && onE7Grid(p[1]!);
      }
    }
  }
  const values = onGrid ? new Int32Array(2 + polygons.length + rings + 2 * vertices) : new Float64Array(2 + polygons.length + rings + 2 * vertices);
  values[0] = polygons.length;
  values[1] = rings;
  let polygonAt = 2;
  let ringAt = 2 + polygons.length;
  let at = ringAt + rings;
  let ring = 0;
  let vertex = 0;
  for (const polygon of polygons) {
    for (const positions of polygon) {
      for (const [lon, lat] of positions) {
        values[at++] = onGrid ? Math.round(lon! * E7) : lon!;
        values[at++] = onGrid ? Math.round(lat! * E7) : lat!;
      }
      vertex += positions.length;
      values[ringAt++] = vertex;
      ring++;
    }
    values[polygonAt++] = ring;
  }
  const compact = { type: geometry.type };
  Object.defineProperty(compact, PACKED, { value: { values, scale: onGrid ? E7 : 1 } satisfies Packed });
  Object.defineProperty(compact, 'coordinates', coordinatesGetter);
  return compact as G;
}

function unpack({ values, scale }: Packed): Position[][][] {
  const polygons = values[0]!;
  const ringEnds = 2 + polygons;
  let at = ringEnds + values[1]!;
  let ring = 0;
  let vertex = 0;
  const out: Position[][][] = [];
  for (let p = 0; p < polygons; p++) {
    const polygon: Position[][] = [];
    for (; ring < values[2 + p]!; ring++) {
      const positions: Position[] = [];
      for (; vertex < values[ringEnds + ring]!; vertex++, at += 2) positions.push([values[at]! / scale, values[at + 1]! / scale]);
      polygon.push(positions);
    }
    out.push(polygon);
  }
  return out;
}

/** Whether v is exactly k / 1e7 for an int32 k (so k / 1e7 gives v back, -0 excluded). */
function onE7Grid(v: number): boolean {
  const k = Math.round(v * E7);
  return Math.abs(k) < 2 ** 31 && Object.is(k / E7, v) && !Object.is(v, -0);
}
