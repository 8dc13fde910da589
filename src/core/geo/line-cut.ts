// Cut one border line part into consecutive pieces of a fixed geodesic length. Cut points are
// shared by the two pieces that meet there, with the line's direction at the cut, so their
// corridors can end on the very same cap.
import type { Position } from 'geojson';
import { edgeLengthM, localFrame } from './local-frame.js';

/** A point where one piece ends and the next begins, with the line's unit direction there (metres east, north). */
export interface CutPoint {
  readonly position: Position;
  readonly directionEN: readonly [number, number];
}

export interface LinePiece {
  /** Positions from the start cut to the end cut, no repeated consecutive points. */
  readonly coordinates: Position[];
  readonly start: CutPoint;
  readonly end: CutPoint;
  /** Distance along the part where the piece starts and ends, metres. */
  readonly startM: number;
  readonly endM: number;
}

/** Pieces shorter than this at the end of a part are merged into the previous piece: they are rounding, not border. */
/**
 * A tail shorter than this share of the segment length joins the previous piece: a 6 m segment
 * with a 1.5 km wide corridor is noise on every map and in every per-segment count.
 */
const MERGE_REMAINDER_SHARE = 0.25;

/** Unit direction (east, north) of edge a→b as seen from `at`: a straight lon/lat edge turns slowly in metres as latitude changes. */
function directionEN(a: Position, b: Position, at: Position): [number, number] {
  const f = localFrame(at[0]!, at[1]!);
  const [ax, ay] = f.toLocal(a[0]!, a[1]!);
  const [bx, by] = f.toLocal(b[0]!, b[1]!);
  const len = Math.hypot(bx - ax, by - ay);
  return [(bx - ax) / len, (by - ay) / len];
}

/**
 * Cleans a part for cutting: drops repeated positions (no direction) and exact fold-backs, where
 * the line retraces its previous edge (a → b → c on one straight line with c back towards a).
 * A fold-back encloses nothing, has no left or right, and no corridor can be offset along it.
 */
export function cleanPart(part: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of part) {
    const q: Position = [p[0]!, p[1]!];
    let last = out[out.length - 1];
    if (last && last[0] === q[0] && last[1] === q[1]) continue;
    while (out.length >= 2) {
      const a = out[out.length - 2]!;
      last = out[out.length - 1]!;
      const crossAbq = (last[0]! - a[0]!) * (q[1]! - a[1]!) - (last[1]! - a[1]!) * (q[0]! - a[0]!);
      const dot = (last[0]! - a[0]!) * (q[0]! - last[0]!) + (last[1]! - a[1]!) * (q[1]! - last[1]!);
      if (crossAbq !== 0 || dot >= 0) break;
      out.pop();
    }
    last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

/** Total geodesic length of a line part in metres. */
export function partLengthM(part: readonly Position[]): number {
  let s = 0;
  for (let i = 1; i < part.length; i++) s += edgeLengthM(part[i - 1]!, part[i]!);
  return s;
}

/**
 * Cuts a part (cleaned by cleanPart, ≥ 2 positions) into pieces of `lengthM`; the last piece
 * takes the remainder. A part of zero length yields no piece.
 */
export function cutLine(part: readonly Position[], lengthM: number): LinePiece[] {
  const n = part.length;
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) cum[i] = cum[i - 1]! + edgeLengthM(part[i - 1]!, part[i]!);
  const totalM = cum[n - 1]!;
  if (!(totalM > 0)) return [];

  // The cut at distance m: on edge e (part[e] → part[e+1]); at an interior vertex the direction
  // is the mean of the two edges so both pieces get the same cap.
  let edge = 0;
  const cutAt = (m: number): CutPoint => {
    while (edge < n - 2 && cum[edge + 1]! < m) edge++;
    const a = part[edge]!, b = part[edge + 1]!;
    const span = cum[edge + 1]! - cum[edge]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (m - cum[edge]!) / span)) : 0;
    if (t === 1 && edge < n - 2) {
      const d0 = directionEN(a, b, b), d1 = directionEN(b, part[edge + 2]!, b);
      const sx = d0[0] + d1[0], sy = d0[1] + d1[1];
      const len = Math.hypot(sx, sy);
      return { position: [b[0]!, b[1]!], directionEN: len > 1e-9 ? [sx / len, sy / len] : d1 };
    }
    const position: Position = t === 0 ? [a[0]!, a[1]!] : t === 1 ? [b[0]!, b[1]!] : [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
    return { position, directionEN: directionEN(a, b, position) };
  };

  const ends: number[] = [];
  for (let m = lengthM; m < totalM - MERGE_REMAINDER_SHARE * lengthM; m += lengthM) ends.push(m);
  ends.push(totalM);

  const pieces: LinePiece[] = [];
  let start = cutAt(0);
  let startM = 0;
  let v = 1; // next part vertex not yet emitted
  for (const endM of ends) {
    const end = cutAt(endM);
    const coordinates: Position[] = [start.position];
    while (v < n - 1 && cum[v]! < endM) {
      if (cum[v]! > startM) coordinates.push(part[v]!);
      v++;
    }
    const last = coordinates[coordinates.length - 1]!;
    if (last[0] !== end.position[0] || last[1] !== end.position[1]) coordinates.push(end.position);
    pieces.push({ coordinates, start, end, startM, endM });
    start = end;
    startM = endM;
  }
  return pieces;
}
