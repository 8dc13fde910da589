// Areas of WGS 84 polygons in square metres, measured in a local frame at the polygon's centre:
// accurate to ~1e-4 for the kilometre-sized pieces we handle (change polygons, corridors).
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { metresPerDegree, type LocalFrame } from './local-frame.js';
import type { Pt } from './planar.js';
import { bboxOfPolygonal } from './segment-index.js';

export function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function toLocalRings(g: Polygon | MultiPolygon, frame: LocalFrame): Pt[][][] {
  return polygonsOf(g).map((poly) => poly.map((ring) => ring.map((p) => frame.toLocal(p[0]!, p[1]!))));
}

/**
 * The local frame at the centre of the outer rings' box is an affine map of lon/lat (a shift and a
 * scale per axis), so an area in it is the area in degrees times metres-per-degree east × north:
 * the shoelace runs on the coordinates as they are (shifted to the centre for precision), without
 * building a metric copy of every ring — a whole field's piece has thousands of vertices.
 */
export function areaM2(g: Polygon | MultiPolygon): number {
  const polys = polygonsOf(g);
  const [minX, minY, maxX, maxY] = bboxOfPolygonal(g);
  if (minX > maxX) return 0;
  const lon0 = (minX + maxX) / 2, lat0 = (minY + maxY) / 2;
  let sum = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      const a = Math.abs(shiftedRingArea(ring, lon0, lat0));
      sum += i === 0 ? a : -a;
    });
  }
  const k = metresPerDegree(lat0);
  return sum * k.x * k.y;
}

/** Signed shoelace area (square degrees) of a closed ring, coordinates taken relative to (lon0, lat0). */
function shiftedRingArea(ring: readonly Position[], lon0: number, lat0: number): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!, q = ring[i + 1]!;
    s += (p[0]! - lon0) * (q[1]! - lat0) - (q[0]! - lon0) * (p[1]! - lat0);
  }
  return s / 2;
}
