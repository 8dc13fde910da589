// Planar primitives in a local metric frame: orientation, segment intersection, point-in-ring,
// distances and ring checks. Shared by corridor building, clipping and border facts.

export type Pt = readonly [number, number];

/** Twice the signed area of triangle abc: > 0 when c is left of a→b. */
export function cross(a: Pt, b: Pt, c: Pt): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether segments ab and cd share any point (touching and collinear overlap count). */
export function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(c, d, a)) return true;
  if (d2 === 0 && onSegment(c, d, b)) return true;
  if (d3 === 0 && onSegment(a, b, c)) return true;
  if (d4 === 0 && onSegment(a, b, d)) return true;
  return false;
}

/** Squared distance from p to segment ab. */
export function pointSegmentDist2(p: Pt, a: Pt, b: Pt): number {
  const vx = b[0] - a[0], vy = b[1] - a[1];
  const len2 = vx * vx + vy * vy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = a[0] + t * vx - p[0], dy = a[1] + t * vy - p[1];
  return dx * dx + dy * dy;
}

/** Even-odd ray test; the ring may or may not repeat its first point. */
export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!, b = ring[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** Inside a polygon given as rings (first outer, rest holes). */
export function pointInPolygonRings(p: Pt, rings: readonly (readonly Pt[])[]): boolean {
  if (rings.length === 0 || !pointInRing(p, rings[0]!)) return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(p, rings[h]!)) return false;
  return true;
}

/** Signed area (counter-clockwise positive) of a closed ring whose last point repeats the first. */
export function ringSignedArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

/**
 * Whether a closed ring (last point = first) is simple: no two non-adjacent edges share a point
 * and no adjacent pair folds back on itself. O(n²), meant for the few dozen vertices of a corridor.
 */
export function ringIsSimple(ring: readonly Pt[]): boolean {
  const n = ring.length - 1; // edges
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!, b = ring[i + 1]!, c = ring[(i + 2) % n]!;
    if (a[0] === b[0] && a[1] === b[1]) return false;
    // A (nearly) straight fold-back: float intersection tests such as Turf's kinks see the two
    // edges overlap, so we refuse it too.
    const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
    const lenProduct = Math.hypot(b[0] - a[0], b[1] - a[1]) * Math.hypot(c[0] - b[0], c[1] - b[1]);
    if (dot < 0 && Math.abs(cross(a, b, c)) <= 1e-6 * lenProduct) return false;
  }
  for (let i = 0; i < n; i++) {
    const a = ring[i]!, b = ring[i + 1]!;
    const minX = Math.min(a[0], b[0]), maxX = Math.max(a[0], b[0]), minY = Math.min(a[1], b[1]), maxY = Math.max(a[1], b[1]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last edges meet at the closing vertex
      const c = ring[j]!, d = ring[j + 1]!;
      if (Math.max(c[0], d[0]) < minX || Math.min(c[0], d[0]) > maxX || Math.max(c[1], d[1]) < minY || Math.min(c[1], d[1]) > maxY) continue;
      if (segmentsIntersect(a, b, c, d)) return false;
    }
  }
  return true;
}

/** +1 when q is left of the polyline at its nearest point, -1 when right (0 on it). */
export function sideOfNearest(q: Pt, line: readonly Pt[]): 1 | -1 | 0 {
  let best = Infinity, sign: 1 | -1 | 0 = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const d2 = pointSegmentDist2(q, line[i]!, line[i + 1]!);
    if (d2 < best) {
      best = d2;
      const c = cross(line[i]!, line[i + 1]!, q);
      sign = c > 0 ? 1 : c < 0 ? -1 : 0;
    }
  }
  return sign;
}
