// Polygon ∩ polygon for the few change pieces that straddle a corridor or side boundary.
// polygon-clipping (plain floats) rather than Turf 7's intersect (polyclip-ts on bignumber.js):
// PERFORMANCE.md measured 0.67 s against 6.0 s for the same 985 × 184 clip, and the profile of a
// scan showed bignumber.js as the top cost of clipping.
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Polygon, Position } from 'geojson';

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
  try {
    out = polygonClipping.intersection(asPolygons(a), asPolygons(b));
  } catch {
    out = polygonClipping.intersection(rounded(a, 8), rounded(b, 8));
  }
  if (out.length === 0) return null;
  const coords = out as unknown as Position[][][];
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0]! } : { type: 'MultiPolygon', coordinates: coords };
}
