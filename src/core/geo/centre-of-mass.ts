// The representative point an alert is keyed and judged by: Turf 7's centerOfMass, bit for bit,
// without its cost. Turf takes a MultiPolygon's convex hull through concaveman (an R-tree of every
// vertex, a priority-queue search per hull edge that, at infinite concavity, never adds a point):
// cold, that was a quarter of a corridor scan's per-blob work on the main thread. Here the hull is
// the same monotone chain over the same points in the same order, so every sum below adds the
// same numbers in the same order and the centre — hence every fingerprint — is unchanged.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { orient2d } from 'robust-predicates';
import { pointInRing, type Pt } from './planar.js';

/** Turf's centerOfMass of a polygon or multipolygon, as [lon, lat]. */
export function centreOfMass(g: Polygon | MultiPolygon): [number, number] {
  const [x, y] = anyCentre(g);
  // Turf refuses a point that is not made of numbers (no positions, or sums that overflowed).
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new TypeError('centre of mass: coordinates must contain numbers');
  return [x, y];
}

function anyCentre(g: Polygon | MultiPolygon): [number, number] {
  if (g.type === 'Polygon') return polygonCentre(g.coordinates);
  const points: Position[] = [];
  for (const poly of g.coordinates) for (const ring of poly) for (const p of ring) points.push(p);
  if (points.length === 0) return [NaN, NaN];
  const hull = concavemanRing(points);
  // Turf's convex() keeps a hull of at least three distinct points (four with the closing one).
  return hull.length > 3 ? polygonCentre([hull]) : vertexMean(g.coordinates);
}

/**
 * Turf's polygon case: every position of every ring in order (closing ones too, and the step from
 * one ring's end to the next ring's start — Turf's, kept), moments taken about the vertex mean.
 */
function polygonCentre(rings: readonly (readonly Position[])[]): [number, number] {
  const [tx, ty] = vertexMean([rings]);
  let sx = 0, sy = 0, sArea = 0;
  let px = NaN, py = NaN;
  let first = true;
  for (const ring of rings) {
    for (const p of ring) {
      const x = p[0]! - tx, y = p[1]! - ty;
      if (!first) {
        const a = px * y - x * py;
        sArea += a;
        sx += (px + x) * a;
        sy += (py + y) * a;
      }
      first = false;
      px = x;
      py = y;
    }
  }
  if (sArea === 0) return [tx, ty];
  const areaFactor = 1 / (6 * (sArea * 0.5));
  return [tx + areaFactor * sx, ty + areaFactor * sy];
}

/** Turf's centroid: the mean of every ring's positions but its closing one, summed in order. */
function vertexMean(polygons: readonly (readonly (readonly Position[])[])[]): [number, number] {
  let xs = 0, ys = 0, n = 0;
  for (const poly of polygons) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        xs += ring[i]![0]!;
        ys += ring[i]![1]!;
        n++;
      }
    }
  }
  return [xs / n, ys / n];
}

/**
 * concaveman(points, Infinity) as a closed ring: the four extreme points first, then every point
 * outside their quadrilateral (the even-odd test: pointInRing does point-in-polygon's operations),
 * sorted by x then y, swept into a strict hull by the exact orientation test; the ring starts at the hull's last vertex, as concaveman's list does.
 */
function concavemanRing(points: readonly Position[]): Position[] {
  let left = points[0]!, top = points[0]!, right = points[0]!, bottom = points[0]!;
  for (const p of points) {
    if (p[0]! < left[0]!) left = p;
    if (p[0]! > right[0]!) right = p;
    if (p[1]! < top[1]!) top = p;
    if (p[1]! > bottom[1]!) bottom = p;
  }
  const quad = [left, top, right, bottom];
  const filtered = [...quad];
  for (const p of points) if (!pointInRing(p as unknown as Pt, quad as unknown as Pt[])) filtered.push(p);
  filtered.sort((a, b) => (a[0] === b[0] ? a[1]! - b[1]! : a[0]! - b[0]!));
  const turn = (a: Position, b: Position, c: Position): number => orient2d(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!);
  const lower: Position[] = [];
  for (const p of filtered) {
    while (lower.length >= 2 && turn(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Position[] = [];
  for (let i = filtered.length - 1; i >= 0; i--) {
    const p = filtered[i]!;
    while (upper.length >= 2 && turn(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  const hull = lower.concat(upper);
  const last = hull[hull.length - 1]!;
  return [last, ...hull.slice(0, -1), last];
}
