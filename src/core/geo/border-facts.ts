// Facts about a change piece relative to its segment's border line: which side it is on, how far
// from the line, and whether it crosses it. Plain watch areas have no line, so no facts.
import { intersectPolygons } from './intersect.js';
import type { MultiPolygon, Polygon } from 'geojson';
import type { BorderFacts, BorderSegment, BorderSide } from '../types.js';
import { frameAround } from './local-frame.js';
import { areaM2, toLocalRings } from './measure.js';
import { pointInPolygonRings, pointSegmentDist2, segmentsIntersect, sideOfNearest, type Pt } from './planar.js';

const NO_FACTS: BorderFacts = { side: null, sideName: null, distanceToLineM: null, crossesLine: null };

/** Area on the smaller side below which a piece is said to touch, not cross, the line. */
const CROSS_MIN_AREA_M2 = 1;
const CROSS_MIN_SHARE = 0.001;

function touchesLine(piece: Pt[][][], line: readonly Pt[]): boolean {
  for (const poly of piece) for (const ring of poly) {
    for (let i = 0; i + 1 < ring.length; i++) {
      for (let j = 0; j + 1 < line.length; j++) if (segmentsIntersect(ring[i]!, ring[i + 1]!, line[j]!, line[j + 1]!)) return true;
    }
  }
  // The whole line may lie inside the piece without meeting its boundary.
  return piece.some((poly) => pointInPolygonRings(line[0]!, poly));
}

function distanceM(piece: Pt[][][], line: readonly Pt[]): number {
  let best = Infinity;
  for (const poly of piece) for (const ring of poly) {
    for (const p of ring) for (let j = 0; j + 1 < line.length; j++) best = Math.min(best, pointSegmentDist2(p, line[j]!, line[j + 1]!));
    // Line vertices against piece edges: a long thin piece beside a bend is nearest at a line vertex.
    for (const q of line) for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, pointSegmentDist2(q, ring[i]!, ring[i + 1]!));
  }
  return Math.sqrt(best);
}

function areaOn(geometry: Polygon | MultiPolygon, side: Polygon | MultiPolygon): number {
  const g = intersectPolygons(geometry, side);
  return g ? areaM2(g) : 0;
}

/**
 * `side` is the side holding most of the piece's area. A piece that does not touch the line has
 * all its area on one side, found from one vertex by the nearest-point rule; one that touches or
 * crosses it is intersected with the segment's side polygons.
 */
export function borderFacts(geometry: Polygon | MultiPolygon, segment: BorderSegment): BorderFacts {
  const lineGeom = segment.line;
  if (!lineGeom) return NO_FACTS;
  const frame = frameAround(lineGeom.coordinates);
  const line = lineGeom.coordinates.map((p) => frame.toLocal(p[0]!, p[1]!));
  const piece = toLocalRings(geometry, frame);
  const named = (side: BorderSide | null): BorderFacts['sideName'] => (side ? segment.sideNames?.[side] ?? null : null);

  if (!touchesLine(piece, line)) {
    const s = sideOfNearest(piece[0]![0]![0]!, line);
    const side: BorderSide | null = s > 0 ? 'left' : s < 0 ? 'right' : null;
    return { side, sideName: named(side), distanceToLineM: distanceM(piece, line), crossesLine: false };
  }

  let leftM2: number, rightM2: number;
  if (segment.sides) {
    leftM2 = areaOn(geometry, segment.sides.left);
    rightM2 = areaOn(geometry, segment.sides.right);
  } else {
    // No side polygons (a hand-made file): weigh the piece's vertices instead of its area.
    leftM2 = 0;
    rightM2 = 0;
    for (const poly of piece) for (const p of poly[0]!) {
      const s = sideOfNearest(p, line);
      if (s > 0) leftM2++;
      else if (s < 0) rightM2++;
    }
  }
  const total = leftM2 + rightM2;
  const minSide = Math.max(segment.sides ? CROSS_MIN_AREA_M2 : 0.5, CROSS_MIN_SHARE * total);
  const side: BorderSide | null = total === 0 ? null : leftM2 >= rightM2 ? 'left' : 'right';
  return { side, sideName: named(side), distanceToLineM: 0, crossesLine: leftM2 > minSide && rightM2 > minSide };
}
