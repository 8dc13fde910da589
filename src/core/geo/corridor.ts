// A piece's corridor (everything within W metres of its line, cut square at both ends) and the
// corridor's left and right sides, in WGS 84. Offsetting is tried first; bends too sharp for it
// get the convex hull of the buffer (corridor-hull.ts). No boolean polygon operations: they were
// 10-30 ms a piece with Turf 7 and threw on the near-coincident edges that corridors have.
import type { Polygon, Position } from 'geojson';
import { InputError } from '../errors.js';
import { hullRings } from './corridor-hull.js';
import { offsetRings } from './corridor-offset.js';
import type { CutPoint, LinePiece } from './line-cut.js';
import { frameAround, localFrame } from './local-frame.js';
import type { Pt } from './planar.js';

export interface CorridorShapes {
  readonly corridor: Polygon;
  readonly left: Polygon;
  readonly right: Polygon;
  /** Which construction produced them: how often the slow path runs is worth knowing. */
  readonly method: 'offset' | 'hull';
}

/**
 * Cap corners W metres left and right of a cut, in lon/lat, computed in a frame centred on the
 * cut itself so the two pieces meeting there get bit-identical corners.
 */
export function capCorners(cut: CutPoint, halfWidthM: number): { left: Position; right: Position } {
  const f = localFrame(cut.position[0]!, cut.position[1]!);
  const [dx, dy] = cut.directionEN;
  return { left: f.toLonLat(-dy * halfWidthM, dx * halfWidthM), right: f.toLonLat(dy * halfWidthM, -dx * halfWidthM) };
}

export function buildCorridor(piece: LinePiece, halfWidthM: number, caps: { start: { left: Position; right: Position }; end: { left: Position; right: Position } }): CorridorShapes {
  const frame = frameAround(piece.coordinates);
  const local = (p: Position): Pt => frame.toLocal(p[0]!, p[1]!);
  const input = {
    line: piece.coordinates.map(local),
    startDir: piece.start.directionEN,
    endDir: piece.end.directionEN,
    startLeft: local(caps.start.left),
    startRight: local(caps.start.right),
    endLeft: local(caps.end.left),
    endRight: local(caps.end.right),
    halfWidthM,
  };
  const offset = offsetRings(input);
  const rings = offset ?? hullRings(input);
  if (!rings) {
    throw new InputError('BORDER_INVALID', `the border line folds back on itself too tightly near ${JSON.stringify(piece.start.position)} to build a corridor; try a shorter segment length`);
  }
  // Exact lon/lat for points we were given (line vertices, cap corners), so sides share the
  // line and neighbours share caps bit for bit; converted positions for the rest.
  const known = new Map<Pt, Position>();
  input.line.forEach((p, i) => known.set(p, piece.coordinates[i]!));
  known.set(input.startLeft, caps.start.left).set(input.startRight, caps.start.right);
  known.set(input.endLeft, caps.end.left).set(input.endRight, caps.end.right);
  const ring = (r: Pt[]): Position[] => r.map((p) => known.get(p) ?? frame.toLonLat(p[0], p[1]));
  return {
    corridor: { type: 'Polygon', coordinates: [ring(rings.corridor)] },
    left: { type: 'Polygon', coordinates: [ring(rings.left)] },
    right: { type: 'Polygon', coordinates: [ring(rings.right)] },
    method: offset ? 'offset' : 'hull',
  };
}
