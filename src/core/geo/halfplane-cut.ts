// A ∩ corridor without the general sweep where the corridor is, near A, an intersection of
// half-planes: when only one of its edges meets A's box (a long straight side of a buffered
// segment), when the whole corridor is one convex ring (a buffered straight segment is a
// stadium), or when the corridor cut to A's box is (a wiggly border's corridor is convex almost
// everywhere at the scale of one change). A is then cut line by line (line-clip.ts), which is
// exact; the sweep (polygon-clipping) costs ~1 ms per pair cold and was most of the peers' spatial
// join. Undefined when neither holds or a cut is degenerate: the caller tries the next way.
import { clipRingToBox } from './box-clip.js';
import { ringLeftOfLine, ringSide } from './line-clip.js';
import { pointInRing, ringSignedArea, type Pt } from './planar.js';
import type { BBox } from './segment-index.js';

type Ring = [number, number][];
export type Rings = Ring[];
type Line = readonly [Pt, Pt];

/**
 * A ∩ B by half-planes (module note), rings oriented as the sweep gives them; undefined: use the
 * sweep. `bKey` is B's geometry object, under which its convexity is remembered.
 */
export function cutByCorridor(a: readonly Rings[], b: readonly Rings[], aBox: BBox, bKey: object): Rings[] | undefined {
  const near = onlyEdgeNear(b, aBox);
  if (near === 'none') return undefined;
  const lines = near ?? convexLines(b, bKey) ?? convexNear(b, aBox);
  return lines ? cutByHalfPlanes(a, lines) : undefined;
}

/**
 * The edges of B cut to A's box (grown by a margin), counter-clockwise, when that piece of B is
 * one convex ring: A lies in its box, so A ∩ B = A ∩ (B ∩ box). A corridor leaving and re-entering
 * the box leaves zero-width runs in the cut, which turn back on themselves: not convex, refused.
 */
function convexNear(b: readonly Rings[], [x0, y0, x1, y1]: BBox): Line[] | null {
  if (b.length !== 1 || b[0]!.length !== 1) return null;
  const m = 1e-6 * Math.max(x1 - x0, y1 - y0, 1e-6);
  const cut = clipRingToBox(b[0]![0]!, { minX: x0 - m, minY: y0 - m, maxX: x1 + m, maxY: y1 + m });
  return cut.length >= 3 ? convexRingLines([...cut, cut[0]!]) : null;
}

/**
 * The one edge of B meeting `box`, directed with B's interior on its left (inside the box B is
 * then that half-plane); null when several edges do, 'none' when no edge does.
 */
function onlyEdgeNear(b: readonly Rings[], [x0, y0, x1, y1]: BBox): [Line] | null | 'none' {
  let line: Line | undefined;
  for (const poly of b) {
    for (let k = 0; k < poly.length; k++) {
      const ring = poly[k]!;
      for (let j = 0; j + 1 < ring.length; j++) {
        const r = ring[j]!, s = ring[j + 1]!;
        if (Math.max(r[0], s[0]) < x0 || Math.min(r[0], s[0]) > x1 || Math.max(r[1], s[1]) < y0 || Math.min(r[1], s[1]) > y1) continue;
        if (line) return null;
        // B lies left of an outer ring's edges when the ring turns counter-clockwise, a hole's the other way.
        const interiorLeft = ringSignedArea(ring) > 0 === (k === 0);
        line = interiorLeft ? [r, s] : [s, r];
      }
    }
  }
  return line ? [line] : 'none';
}

/** A corridor is cut against thousands of changes: its convexity is worked out once. */
const convexCache = new WeakMap<object, Line[] | null>();

/** B's edges directed counter-clockwise when B is one convex ring without holes, else null. */
function convexLines(b: readonly Rings[], key: object): Line[] | null {
  let lines = convexCache.get(key);
  if (lines === undefined) {
    lines = b.length === 1 && b[0]!.length === 1 ? convexRingLines(b[0]![0]!) : null;
    convexCache.set(key, lines);
  }
  return lines;
}

function convexRingLines(ring: Ring): Line[] | null {
  const ccw = ringSignedArea(ring) > 0;
  const pts = ccw ? ring : [...ring].reverse();
  const lines: Line[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const p = pts[i]!, q = pts[i + 1]!;
    if (p[0] !== q[0] || p[1] !== q[1]) lines.push([p, q]);
  }
  if (lines.length < 3) return null;
  let turning = 0;
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i]!, b = lines[(i + 1) % lines.length]!;
    const ux = a[1][0] - a[0][0], uy = a[1][1] - a[0][1];
    const vx = b[1][0] - b[0][0], vy = b[1][1] - b[0][1];
    const cross = ux * vy - uy * vx;
    // A right turn, or turning straight back (a zero-width run a box cut leaves): not convex.
    if (cross < 0 || (cross === 0 && ux * vx + uy * vy < 0)) return null;
    turning += turnAngle(a, b);
  }
  // Left turns only and one revolution in all: convex (a star's left turns add up to more).
  return Math.abs(turning - 2 * Math.PI) < 1e-6 ? lines : null;
}

function turnAngle(a: Line, b: Line): number {
  const t = Math.atan2(b[1][1] - b[0][1], b[1][0] - b[0][0]) - Math.atan2(a[1][1] - a[0][1], a[1][0] - a[0][0]);
  return t < -Math.PI ? t + 2 * Math.PI : t > Math.PI ? t - 2 * Math.PI : t;
}

/**
 * Each polygon of A cut by every line, keeping what lies left of all. A hole must lie wholly on one
 * side of each line: one right of any line is outside the result, one left of all goes to the part
 * that holds it (the parts partition the outer ring's inside, so exactly one does).
 */
function cutByHalfPlanes(a: readonly Rings[], lines: readonly Line[]): Rings[] | undefined {
  const out: Rings[] = [];
  for (const poly of a) {
    let parts: Pt[][] = [poly[0]!];
    for (const [p, q] of lines) {
      const next: Pt[][] = [];
      for (const part of parts) {
        const cut = ringLeftOfLine(part, p, q);
        if (!cut) return undefined;
        next.push(...cut);
      }
      parts = next;
      if (parts.length === 0) break;
    }
    const kept: Ring[][] = parts.filter((part) => ringSignedArea(part) !== 0).map((part) => [oriented(part, true)]);
    if (kept.length === 0) continue;
    for (const hole of poly.slice(1)) {
      let inside = true;
      for (const [p, q] of lines) {
        const side = ringSide(hole, p, q);
        if (side === undefined || side === 'both') return undefined;
        if (side === 'right') {
          inside = false;
          break;
        }
      }
      if (!inside) continue;
      const owner = kept.find((rings) => pointInRing(hole[0]!, rings[0]!));
      if (!owner) return undefined;
      owner.push(oriented(hole, false));
    }
    out.push(...kept);
  }
  return out;
}

/** The ring turned counter-clockwise (outer) or clockwise (hole), as RFC 7946 and the sweep give them. */
function oriented(ring: readonly Pt[], outer: boolean): Ring {
  const ccw = ringSignedArea(ring) > 0;
  const copy = ring.map((p) => [p[0], p[1]] as [number, number]);
  return ccw === outer ? copy : copy.reverse();
}
