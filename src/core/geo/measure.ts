// Areas of WGS 84 polygons in square metres, measured in a local frame at the polygon's centre:
// accurate to ~1e-4 for the kilometre-sized pieces we handle (change polygons, corridors).
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { frameAround, type LocalFrame } from './local-frame.js';
import { ringSignedArea, type Pt } from './planar.js';

export function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function toLocalRings(g: Polygon | MultiPolygon, frame: LocalFrame): Pt[][][] {
  return polygonsOf(g).map((poly) => poly.map((ring) => ring.map((p) => frame.toLocal(p[0]!, p[1]!))));
}

export function areaM2(g: Polygon | MultiPolygon): number {
  const outer = polygonsOf(g).flatMap((poly) => poly[0] ?? []);
  if (outer.length === 0) return 0;
  const frame = frameAround(outer);
  let sum = 0;
  for (const poly of toLocalRings(g, frame)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringSignedArea(ring));
      sum += i === 0 ? a : -a;
    });
  }
  return sum;
}
