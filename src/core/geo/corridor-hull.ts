// Corridor for a piece whose bends are too sharp to offset (corridor-offset.ts gives up): the
// convex hull of everything within W of the piece, split by the line extended to the hull's
// edge. A superset of the true corridor, so nothing near the line is missed; at such bends it
// overlaps the neighbouring segments' corridors, and a change there is reported for each.
import type { OffsetInput, OffsetRings } from './corridor-offset.js';
import { cross, ringIsSimple, ringSignedArea, type Pt } from './planar.js';

const ARC_STEP_RAD = (10 * Math.PI) / 180;

/** Counter-clockwise convex hull (Andrew's monotone chain), open ring, collinear points dropped. */
export function convexHull(points: readonly Pt[]): Pt[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const half = (list: Pt[]): Pt[] => {
    const h: Pt[] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(pts), ...half(pts.reverse())];
}

/** Points whose hull contains the piece's flat-capped buffer: edge rectangles and outer arcs. */
function bufferPoints(input: OffsetInput): Pt[] {
  const { line, halfWidthM: w } = input;
  const out: Pt[] = [input.startLeft, input.startRight, input.endLeft, input.endRight];
  let prev: Pt | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!, b = line[i + 1]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const d: Pt = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    const nx = -d[1] * w, ny = d[0] * w;
    out.push([a[0] + nx, a[1] + ny], [a[0] - nx, a[1] - ny], [b[0] + nx, b[1] + ny], [b[0] - nx, b[1] - ny]);
    if (prev) {
      // Arc around the vertex on the outside of the bend, between the two edges' normals.
      const turn = prev[0] * d[1] - prev[1] * d[0];
      const angle = Math.atan2(Math.abs(turn), prev[0] * d[0] + prev[1] * d[1]);
      const s = turn > 0 ? -1 : 1;
      const a0 = Math.atan2(s * prev[0], -s * prev[1]);
      const steps = Math.ceil(angle / ARC_STEP_RAD);
      for (let k = 1; k < steps; k++) {
        const t = a0 + ((turn > 0 ? angle : -angle) * k) / steps;
        out.push([a[0] + w * Math.cos(t), a[1] + w * Math.sin(t)]);
      }
    }
    prev = d;
  }
  return out;
}

/** Where a ray from p (inside the convex CCW hull) leaves it: [edge index, parameter along ray]. */
function exitOf(hull: readonly Pt[], p: Pt, dir: Pt): { edge: number; t: number } {
  let best = { edge: -1, t: Infinity };
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!, b = hull[(i + 1) % hull.length]!;
    // Outward normal of a CCW edge is (dy, -dx).
    const nx = b[1] - a[1], ny = -(b[0] - a[0]);
    const denom = nx * dir[0] + ny * dir[1];
    if (denom <= 0) continue;
    const t = Math.max(0, (nx * (a[0] - p[0]) + ny * (a[1] - p[1])) / denom);
    if (t < best.t) best = { edge: i, t };
  }
  return best;
}

/** Points closer than this (metres) are one point: an exit through a hull vertex lands a rounding error off it. */
const SAME_POINT_M = 1e-6;

function dedupe(ring: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || Math.abs(p[0] - last[0]) > SAME_POINT_M || Math.abs(p[1] - last[1]) > SAME_POINT_M) out.push(p);
  }
  const first = out[0]!, last = out[out.length - 1]!;
  if (out.length > 1 && first !== last && Math.abs(first[0] - last[0]) <= SAME_POINT_M && Math.abs(first[1] - last[1]) <= SAME_POINT_M) out[out.length - 1] = first;
  return out;
}

/**
 * Hull vertices met going counter-clockwise from point `p` on edge `from` to point `q` on edge
 * `to`. When both lie on one edge with q ahead of p, none; otherwise the full way round.
 */
function arc(hull: readonly Pt[], from: number, p: Pt, to: number, q: Pt): Pt[] {
  const out: Pt[] = [];
  if (from === to) {
    const a = hull[from]!, b = hull[(from + 1) % hull.length]!;
    const along = (x: Pt): number => (x[0] - a[0]) * (b[0] - a[0]) + (x[1] - a[1]) * (b[1] - a[1]);
    if (along(q) > along(p)) return out;
  }
  for (let i = (from + 1) % hull.length; ; i = (i + 1) % hull.length) {
    out.push(hull[i]!);
    if (i === to) break;
  }
  return out;
}

export function hullRings(input: OffsetInput): OffsetRings | null {
  const hull = convexHull(bufferPoints(input));
  if (hull.length < 3) return null;
  const line = input.line;
  const p0 = line[0]!, pn = line[line.length - 1]!;
  const back: Pt = [-input.startDir[0], -input.startDir[1]];
  const s = exitOf(hull, p0, back), e = exitOf(hull, pn, input.endDir);
  if (s.edge < 0 || e.edge < 0) return null;
  const sPt: Pt = [p0[0] + back[0] * s.t, p0[1] + back[1] * s.t];
  const ePt: Pt = [pn[0] + input.endDir[0] * e.t, pn[1] + input.endDir[1] * e.t];
  const path: Pt[] = [...(s.t > 0 ? [sPt] : []), ...line, ...(e.t > 0 ? [ePt] : [])];
  // Left: along the path, then counter-clockwise round the hull from the end exit to the start exit.
  const left = dedupe([...path, ...arc(hull, e.edge, ePt, s.edge, sPt), path[0]!]);
  const right = dedupe([...[...path].reverse(), ...arc(hull, s.edge, sPt, e.edge, ePt), path[path.length - 1]!]);
  const corridor = [...hull, hull[0]!];
  for (const ring of [left, right]) if (!ringIsSimple(ring)) return null;
  const areaL = ringSignedArea(left), areaR = ringSignedArea(right), areaC = ringSignedArea(corridor);
  if (!(areaL > 0 && areaR > 0 && Math.abs(areaL + areaR - areaC) <= 1e-6 * areaC)) return null;
  return { corridor, left, right };
}
