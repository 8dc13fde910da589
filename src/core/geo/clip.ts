// Change polygon → the pieces of it inside each watched corridor. Containment is decided first
// with plain edge tests (a polygon wholly inside a corridor is kept as it is); only polygons that
// straddle a corridor's boundary are intersected (intersect.ts), which is far slower (PERFORMANCE.md).
import type { MultiPolygon, Polygon } from 'geojson';
import type { BorderSegment } from '../types.js';
import { areaM2, polygonsOf } from './measure.js';
import { intersectPolygons } from './intersect.js';
import { pointInPolygonRings, pointInRing, segmentsIntersect, type Pt } from './planar.js';
import { bboxOfPolygonal, type BBox, type SegmentIndex } from './segment-index.js';

export interface ClippedPiece {
  readonly segment: BorderSegment;
  readonly geometry: Polygon | MultiPolygon;
  readonly areaM2: number;
  /** The whole change polygon lies inside the corridor (geometry is the change itself). */
  readonly whollyInside: boolean;
}

type Relation = 'inside' | 'outside' | 'contains' | 'straddles';

type Rings = Pt[][][];

/** The positions as they are (GeoJSON's [lon, lat] arrays), typed as the planar helpers take them: no copy per call. */
function rings(g: Polygon | MultiPolygon): Rings {
  return polygonsOf(g) as unknown as Rings;
}

/** Edges of `shape` whose boxes meet `box`, flattened [x0, y0, x1, y1, …]: a handful of a corridor's. */
function edgesNear(shape: Rings, [x0, y0, x1, y1]: BBox): number[] {
  const out: number[] = [];
  for (const poly of shape) for (const ring of poly) {
    for (let j = 0; j + 1 < ring.length; j++) {
      const r = ring[j]!, s = ring[j + 1]!;
      if (Math.max(r[0], s[0]) < x0 || Math.min(r[0], s[0]) > x1 || Math.max(r[1], s[1]) < y0 || Math.min(r[1], s[1]) > y1) continue;
      out.push(r[0], r[1], s[0], s[1]);
    }
  }
  return out;
}

/**
 * Whether any edge of `a` meets any edge of `b`. Only b's edges near a's box can meet it, and only
 * a's edges near b's box: a whole-tile watch area's ring lies far from nearly every change, and
 * most edges of a big change polygon (a whole field) lie outside a corridor's box.
 */
function boundariesMeet(a: Rings, b: Rings, aBox: BBox, [bx0, by0, bx1, by1]: BBox): boolean {
  const near = edgesNear(b, aBox);
  if (near.length === 0) return false;
  for (const pa of a) for (const ra of pa) {
    for (let i = 0; i + 1 < ra.length; i++) {
      const p = ra[i]!, q = ra[i + 1]!;
      const minX = Math.min(p[0], q[0]), maxX = Math.max(p[0], q[0]), minY = Math.min(p[1], q[1]), maxY = Math.max(p[1], q[1]);
      if (maxX < bx0 || minX > bx1 || maxY < by0 || minY > by1) continue;
      for (let j = 0; j < near.length; j += 4) {
        const rx = near[j]!, ry = near[j + 1]!, sx = near[j + 2]!, sy = near[j + 3]!;
        if (Math.max(rx, sx) < minX || Math.min(rx, sx) > maxX || Math.max(ry, sy) < minY || Math.min(ry, sy) > maxY) continue;
        if (segmentsIntersect(p, q, [rx, ry], [sx, sy])) return true;
      }
    }
  }
  return false;
}

const inAny = (p: Pt, polys: Rings): boolean => polys.some((poly) => pointInPolygonRings(p, poly));

/**
 * How a change polygon lies against a corridor. Edge tests are affine-invariant, so they run on
 * lon/lat directly. Any touching counts as straddling: the exact clip then settles it.
 */
export function relate(change: Polygon, corridor: Polygon | MultiPolygon, changeBox: BBox = bboxOfPolygonal(change)): Relation {
  const c = rings(change), k = rings(corridor);
  if (boundariesMeet(c, k, changeBox, bboxOfPolygonal(corridor))) return 'straddles';
  // No boundary contact: each ring lies wholly on one side of the other shape's boundary.
  if (inAny(c[0]![0]![0]!, k)) {
    // Inside, unless a hole of the corridor sits within the change.
    const holeInside = k.some((poly) => poly.slice(1).some((hole) => pointInRing(hole[0]!, c[0]![0]!)));
    return holeInside ? 'straddles' : 'inside';
  }
  const inChange = k.filter((poly) => inAny(poly[0]![0]!, c)).length;
  return inChange === 0 ? 'outside' : inChange === k.length ? 'contains' : 'straddles';
}

export function clipToSegments(change: Polygon, index: SegmentIndex): ClippedPiece[] {
  const out: ClippedPiece[] = [];
  let changeAreaM2: number | undefined;
  const changeBox = bboxOfPolygonal(change);
  for (const segment of index.search(changeBox)) {
    const relation = relate(change, segment.corridor, changeBox);
    if (relation === 'outside') continue;
    if (relation === 'inside') {
      changeAreaM2 ??= areaM2(change);
      out.push({ segment, geometry: change, areaM2: changeAreaM2, whollyInside: true });
      continue;
    }
    const geometry = relation === 'contains' && change.coordinates.length === 1 ? segment.corridor : intersectPolygons(change, segment.corridor);
    if (!geometry) continue;
    const a = areaM2(geometry);
    if (a > 0) out.push({ segment, geometry, areaM2: a, whollyInside: false });
  }
  return out;
}
