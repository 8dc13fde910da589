// Polygon ∩ polygon for the few change pieces that straddle a corridor or side boundary.
// polygon-clipping (plain floats) rather than Turf 7's intersect (polyclip-ts on bignumber.js):
// PERFORMANCE.md measured 0.67 s against 6.0 s for the same 985 × 184 clip, and the profile of a
// scan showed bignumber.js as the top cost of clipping.
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { clipRingToBox } from './box-clip.js';
import { cutByCorridor } from './halfplane-cut.js';
import { splitPolygonsAtPinches } from './pinch-split.js';
import { PointSet } from './point-map.js';
import { polygonRingIntersection } from './ring-intersect.js';
import { bboxOfPolygonal, type BBox } from './segment-index.js';

type Rings = [number, number][][];

function asPolygons(g: Polygon | MultiPolygon): Rings[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown as Rings[];
}

function rounded(g: Polygon | MultiPolygon, digits: number): Rings[] {
  const f = 10 ** digits;
  return asPolygons(g).map((p) => p.map((r) => r.map(([x, y]) => [Math.round(x * f) / f, Math.round(y * f) / f] as [number, number])));
}

/**
 * The intersection, or null when empty. The sweep can fail on nearly coincident edges; then both
 * inputs are snapped to a 1e-8° (~1 mm) grid and it is tried once more.
 */
export function intersectPolygons(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
  let out: Rings[];
  const pa = asPolygons(a);
  const pb = asPolygons(b);
  const aBox = bboxOfPolygonal(a);
  // Near A, B is often a half-plane or a convex ring: cut A line by line, exactly (halfplane-cut.ts).
  const cut = cutByCorridor(pa, pb, aBox, b) ?? crossWalk(pa, pb);
  // The cuts return rings as walked: where pixels touch only at a corner a ring passes a vertex
  // twice, or a hole touches its outer. The sweep returned those as separate polygons touching at
  // a point (OGC-valid), and alert positions follow the polygons: put them in the sweep's form.
  const normalised = cut && (hasPinch(cut) ? (splitPolygonsAtPinches(cut) ?? unionOrNull(cut)) : cut);
  if (normalised) out = normalised;
  else {
    try {
      // Each side cut to the other's box first: A ∩ B lies inside both boxes, so nothing is lost.
      out = polygonClipping.intersection(boxedTo(pa, bboxOfPolygonal(b)), boxedTo(pb, aBox));
    } catch {
      out = polygonClipping.intersection(rounded(a, 8), rounded(b, 8));
    }
  }
  if (out.length === 0) return null;
  const coords = out as unknown as Position[][][];
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0]! } : { type: 'MultiPolygon', coordinates: coords };
}

/** Whether a vertex appears twice among a polygon's rings (a self-touching ring or a hole touching its outer). */
function hasPinch(polys: readonly Rings[]): boolean {
  for (const poly of polys) {
    const seen = new PointSet();
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        if (seen.has(ring[i]!)) return true;
        seen.add(ring[i]!);
      }
    }
  }
  return false;
}

/** The sweep's own form of a region (its union with nothing else), or null if the sweep fails. */
function unionOrNull(polys: Rings[]): Rings[] | null {
  try {
    return polygonClipping.union(polys);
  } catch {
    return null;
  }
}

/** A ∩ B by walking their crossing boundaries (ring-intersect.ts), for B one ring; undefined: the sweep. */
function crossWalk(a: Rings[], b: Rings[]): Rings[] | undefined {
  if (b.length !== 1 || b[0]!.length !== 1) return undefined;
  const out: Rings[] = [];
  for (const poly of a) {
    const parts = polygonRingIntersection(poly, b[0]![0]!, bboxOfPolygonal({ type: 'Polygon', coordinates: poly }));
    if (!parts) return undefined;
    out.push(...parts);
  }
  return out;
}

/** Vertices above which a shape is first cut to the other's box (below, the sweep is cheap anyway). */
const PRE_CLIP_MIN_VERTICES = 32;

/**
 * `a` cut to the other shape's bounding box `[w, s, e, n]` grown by a margin: a change polygon of a whole field has thousands
 * of pixel-edge vertices, a corridor ~70 around a 1-km segment, and the sweep's cost grows with all
 * of them, though only those near the other shape can matter. Sutherland–Hodgman against a
 * rectangle is exact, but a concave ring that leaves and re-enters the box gets zero-width runs
 * along the box's edges; the margin keeps those strictly outside the other shape, so they cannot
 * reach the intersection.
 */
function boxedTo(a: Rings[], [minX, minY, maxX, maxY]: BBox): Rings[] {
  let vertices = 0;
  for (const p of a) for (const r of p) vertices += r.length;
  if (vertices < PRE_CLIP_MIN_VERTICES) return a;
  const m = 1e-6 * Math.max(maxX - minX, maxY - minY, 1e-6);
  const box = { minX: minX - m, minY: minY - m, maxX: maxX + m, maxY: maxY + m };
  const out: Rings[] = [];
  for (const poly of a) {
    const rings: [number, number][][] = [];
    for (const ring of poly) {
      const cut = clipRingToBox(ring, box);
      if (cut.length >= 3) rings.push([...cut, cut[0]!]);
      else if (rings.length === 0) break; // the outer ring is gone: so is the polygon
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}
