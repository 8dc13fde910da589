// The fast way to a piece's corridor: offset the line W metres to each side in a local frame,
// round joins on the outside of a bend and mitred joins on the inside. Returns null when the
// result would not be a valid polygon (a bend too sharp for the width), so the caller can fall
// back to boolean operations.
import { ringIsSimple, ringSignedArea, type Pt } from './planar.js';

/** Largest angle, radians, between two vertices of a round join (chord sag ≤ 0.4 % of W). */
const ARC_STEP_RAD = (10 * Math.PI) / 180;
/** Directions closer than this (radians) are treated as the same: no join vertex. */
const SAME_DIRECTION_RAD = 1e-3;

export interface OffsetInput {
  /** The piece's vertices in the local frame (metres), no repeats. */
  readonly line: readonly Pt[];
  /** Unit directions of the line at its start and end cuts. */
  readonly startDir: Pt;
  readonly endDir: Pt;
  /** Cap corners (local metres): W to the left/right of the start and end cut points. */
  readonly startLeft: Pt;
  readonly startRight: Pt;
  readonly endLeft: Pt;
  readonly endRight: Pt;
  readonly halfWidthM: number;
}

/** Counter-clockwise rings (closed) in the local frame. */
export interface OffsetRings {
  readonly corridor: Pt[];
  readonly left: Pt[];
  readonly right: Pt[];
}

const leftNormal = (d: Pt): Pt => [-d[1], d[0]];

/** Offset points around vertex p going from direction a to direction b, on side s (+1 left, -1 right); null if degenerate. */
function join(p: Pt, a: Pt, b: Pt, s: 1 | -1, w: number, out: Pt[]): boolean {
  const turn = a[0] * b[1] - a[1] * b[0];
  const dot = a[0] * b[0] + a[1] * b[1];
  const angle = Math.atan2(Math.abs(turn), dot);
  const na = leftNormal(a), nb = leftNormal(b);
  const nax = s * na[0], nay = s * na[1], nbx = s * nb[0], nby = s * nb[1];
  if (angle < SAME_DIRECTION_RAD) {
    out.push([p[0] + w * nbx, p[1] + w * nby]);
    return true;
  }
  if (s * turn < 0) {
    // Outside of the bend: an arc around p from normal a to normal b.
    const steps = Math.ceil(angle / ARC_STEP_RAD);
    const a0 = Math.atan2(nay, nax);
    const sweep = s > 0 ? -angle : angle;
    for (let k = 0; k <= steps; k++) {
      const t = a0 + (sweep * k) / steps;
      out.push([p[0] + w * Math.cos(t), p[1] + w * Math.sin(t)]);
    }
    return true;
  }
  // Inside of the bend: where the two offset lines meet.
  const denom = 1 + nax * nbx + nay * nby;
  if (denom < 1e-6) return false;
  out.push([p[0] + (w * (nax + nbx)) / denom, p[1] + (w * (nay + nby)) / denom]);
  return true;
}

function sideChain(input: OffsetInput, s: 1 | -1): Pt[] | null {
  const { line, halfWidthM: w } = input;
  const chain: Pt[] = [s > 0 ? input.startLeft : input.startRight];
  const dirs: Pt[] = [input.startDir];
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!, b = line[i + 1]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    dirs.push([(b[0] - a[0]) / len, (b[1] - a[1]) / len]);
  }
  dirs.push(input.endDir);
  for (let v = 0; v < line.length; v++) {
    const a = dirs[v]!, b = dirs[v + 1]!;
    const isEnd = v === 0 || v === line.length - 1;
    // At the cuts the cap corners stand in for the join, unless the cut sits on a vertex where the line turns.
    if (isEnd && Math.atan2(Math.abs(a[0] * b[1] - a[1] * b[0]), a[0] * b[0] + a[1] * b[1]) < SAME_DIRECTION_RAD) continue;
    if (!join(line[v]!, a, b, s, w, chain)) return null;
  }
  chain.push(s > 0 ? input.endLeft : input.endRight);
  return chain;
}

/** Corridor and side rings by offsetting, or null when they would self-intersect or overlap. */
export function offsetRings(input: OffsetInput): OffsetRings | null {
  const leftChain = sideChain(input, 1);
  const rightChain = sideChain(input, -1);
  if (!leftChain || !rightChain) return null;
  const line = input.line;
  const lineBack = [...line].reverse();
  const left: Pt[] = [...line, ...[...leftChain].reverse(), line[0]!];
  const right: Pt[] = [line[0]!, ...rightChain, ...lineBack];
  const corridor: Pt[] = [...rightChain, ...[...leftChain].reverse(), rightChain[0]!];
  for (const ring of [left, right, corridor]) if (!ringIsSimple(ring)) return null;
  const areaL = ringSignedArea(left), areaR = ringSignedArea(right), areaC = ringSignedArea(corridor);
  // Simple rings can still overlap each other when the line curls: then the sides do not tile the corridor.
  if (!(areaL > 0 && areaR > 0 && Math.abs(areaL + areaR - areaC) <= 1e-6 * areaC)) return null;
  return { corridor, left, right };
}
