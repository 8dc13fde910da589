// The vector half of a scan, pure: change blobs (pixel outlines) → WGS 84 polygons → clipped to
// watched segments → border facts, authorisation, score, fingerprint → ground alert candidates.
import type { Polygon, MultiPolygon, Position } from 'geojson';
import type { ChangeBlob } from '../detect/find-changes.js';
import type { PixelRing } from '../detect/polygonise.js';
import { pixelToCrs } from '../raster/affine.js';
import type { PointTransform } from '../geo/crs.js';
import { centreOfMass } from '../geo/centre-of-mass.js';
import { clipToSegments } from '../geo/clip.js';
import { borderFacts } from '../geo/border-facts.js';
import { bboxOfPolygonal, type SegmentIndex } from '../geo/segment-index.js';
import type { Grid } from '../types.js';
import { authorisedAndFrom, byOutputOrder, type AlertCandidate, type DetectorInfo, type SourceTile } from './candidate.js';
import { compactPolygonal } from './compact-geometry.js';
import { authorisationFor, type AuthorisedZone } from './authorise.js';
import { fingerprint } from './fingerprint.js';
import { changeScore, confidenceOfSingleScan } from './score.js';

export interface CandidateContext {
  readonly grid: Grid;
  /** Raster CRS → WGS 84 lon/lat. */
  readonly toWgs84: PointTransform;
  readonly segments: SegmentIndex;
  readonly zones: readonly AuthorisedZone[];
  readonly threshold: number;
  readonly detector: DetectorInfo;
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly observedAt: string | null;
  readonly snapM: number;
}

/** 1e-7° ≈ 1 cm: enough for 10 m pixels, and keeps output byte-stable and small. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

function ringToWgs84(ring: PixelRing, ctx: CandidateContext): Position[] {
  return ring.map(([c, r]) => {
    const [x, y] = pixelToCrs(ctx.grid.transform, c, r);
    const [lon, lat] = ctx.toWgs84(x, y);
    return [round7(lon), round7(lat)];
  });
}

export function blobPolygonWgs84(blob: ChangeBlob, ctx: CandidateContext): Polygon {
  return { type: 'Polygon', coordinates: [ringToWgs84(blob.polygon.outer, ctx), ...blob.polygon.holes.map((h) => ringToWgs84(h, ctx))] };
}

export function buildCandidates(blobs: readonly ChangeBlob[], ctx: CandidateContext): AlertCandidate[] {
  return mergeByFingerprint(blobs.map((blob) => blobCandidates(blob, ctx)));
}

/**
 * The candidates of one blob, a piece per watched segment it reaches, not yet merged: a streaming
 * scan builds them as each blob is traced, while threads are still decoding.
 */
export function blobCandidates(blob: ChangeBlob, ctx: CandidateContext): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const polygon = blobPolygonWgs84(blob, ctx);
  for (const piece of clipToSegments(polygon, ctx.segments)) {
    const share = blob.areaM2 > 0 ? Math.min(1, piece.areaM2 / blob.areaM2) : 1;
    // Change between two dates is ground change; airborne objects come from the band-offset
    // aerial detector (aerial-candidates.ts), which sees motion inside one image.
    const kind = 'ground' as const;
    const centre = centreOfMass(piece.geometry);
    const authorisation = authorisationFor(ctx.zones, centre, kind, ctx.observedAt);
    const facts = borderFacts(piece.geometry, piece.segment);
    out.push({
      fingerprint: fingerprint({ segmentId: piece.segment.id, kind, detectorName: ctx.detector.name, position: centre, snapM: ctx.snapM }),
      segmentId: piece.segment.id,
      kind,
      // Held compactly: a whole-tile scan keeps every candidate until it is written.
      geometry: compactPolygonal(piece.geometry),
      bbox: bboxOfPolygonal(piece.geometry),
      side: facts.side,
      sideName: facts.sideName,
      distanceToLineM: facts.distanceToLineM === null ? null : Math.round(facts.distanceToLineM * 10) / 10,
      crossesLine: facts.crossesLine,
      areaM2: Math.round(piece.areaM2 * 10) / 10,
      changeMagnitude: Math.round(blob.meanScore * 1000) / 1000,
      score: changeScore(blob.meanScore, ctx.threshold, blob.pixelCount * share),
      confidence: confidenceOfSingleScan(),
      ...authorisedAndFrom(authorisation, ctx),
    });
  }
  return out;
}

/** Blobs' candidates (in blob order) → one alert per fingerprint, in output order. */
export function mergeByFingerprint(perBlob: Iterable<readonly AlertCandidate[]>): AlertCandidate[] {
  const byFingerprint = new Map<string, AlertCandidate>();
  const merged = new Set<string>();
  for (const candidates of perBlob) {
    for (const candidate of candidates) {
      const existing = byFingerprint.get(candidate.fingerprint);
      if (existing) merged.add(candidate.fingerprint);
      byFingerprint.set(candidate.fingerprint, existing ? mergeCandidates(existing, candidate) : candidate);
    }
  }
  // A merged alert's polygons are packed, and boxed, once: per piece merged, k pieces of one
  // alert cost k² vertex copies.
  for (const fingerprint of merged) {
    const c = byFingerprint.get(fingerprint)!;
    byFingerprint.set(fingerprint, { ...c, geometry: compactPolygonal(c.geometry), bbox: bboxOfPolygonal(c.geometry) });
  }
  return [...byFingerprint.values()].sort(byOutputOrder);
}

/** Two pieces that snap to one identity are one alert: union their evidence (polygons left unpacked, box stale: see mergeByFingerprint). */
function mergeCandidates(a: AlertCandidate, b: AlertCandidate): AlertCandidate {
  const polys = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [...polys(a.geometry), ...polys(b.geometry)] };
  const area = a.areaM2 + b.areaM2;
  const distances = [a.distanceToLineM, b.distanceToLineM].filter((d): d is number => d !== null);
  return {
    ...a,
    geometry,
    areaM2: Math.round(area * 10) / 10,
    changeMagnitude: Math.round(((a.changeMagnitude * a.areaM2 + b.changeMagnitude * b.areaM2) / area) * 1000) / 1000,
    score: Math.max(a.score, b.score),
    distanceToLineM: distances.length ? Math.min(...distances) : null,
    crossesLine: a.crossesLine === null && b.crossesLine === null ? null : Boolean(a.crossesLine || b.crossesLine),
    authorised: a.authorised && b.authorised,
    authorisation: a.authorised && b.authorised ? a.authorisation : null,
  };
}
