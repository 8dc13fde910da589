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

function rings(g: Polygon | MultiPolygon): Rings {
  return polygonsOf(g).map((poly) => poly.map((ring) => ring.map((p) => [p[0]!, p[1]!] as Pt)));
}

/** `bBox` is b's [w, s, e, n]: most edges of a big change polygon (a whole field) lie outside it. */
function boundariesMeet(a: Rings, b: Rings, [bx0, by0, bx1, by1]: BBox): boolean {
  for (const pa of a) for (const ra of pa) {
    for (let i = 0; i + 1 < ra.length; i++) {
      const p = ra[i]!, q = ra[i + 1]!;
      const minX = Math.min(p[0], q[0]), maxX = Math.max(p[0], q[0]), minY = Math.min(p[1], q[1]), maxY = Math.max(p[1], q[1]);
      if (maxX < bx0 || minX > bx1 || maxY < by0 || minY > by1) continue;
      for (const pb of b) for (const rb of pb) {
        for (let j = 0; j + 1 < rb.length; j++) {
          const r = rb[j]!, s = rb[j + 1]!;
          if (Math.max(r[0], s[0]) < minX || Math.min(r[0], s[0]) > maxX || Math.max(r[1], s[1]) < minY || Math.min(r[1], s[1]) > maxY) continue;
          if (segmentsIntersect(p, q, r, s)) return true;
        }
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
export function relate(change: Polygon, corridor: Polygon | MultiPolygon): Relation {
  const c = rings(change), k = rings(corridor);
  if (boundariesMeet(c, k, bboxOfPolygonal(corridor))) return 'straddles';
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
  for (const segment of index.search(bboxOfPolygonal(change))) {
    const relation = relate(change, segment.corridor);
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
