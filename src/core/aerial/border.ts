// Border semantics of a moving object's track: which side it is on, whether its track points across
// the line, inbound or outbound, and how soon it reaches the line at its current speed.
//
// Convention. `line` follows BorderSegment: left/right are relative to the line's vertex order.
// "Inbound" means the velocity has a component across the line towards `homeSide` (the side the
// watching service guards; pass the side whose sideName is your country), "outbound" away from
// it, "along" when the across-line component is under sin(15°) of the speed. Direction depends on
// the velocity only, not on where the object is: an object on the home side flying deeper in is
// inbound too, one on the far side flying towards the line is inbound and will cross.
import type { BorderSide } from '../types.js';

export interface AerialTrack {
  /** Position in a metric frame (x east, y north, metres), the same frame as the line. */
  readonly positionXY: readonly [number, number];
  /** Degrees clockwise from the frame's north. */
  readonly headingDeg: number;
  readonly speedMps: number;
}

export interface AerialBorderFacts {
  readonly side: BorderSide;
  readonly distanceToLineM: number;
  /** The track's straight-line extension meets the line (ahead of the object). */
  readonly crossesOrPointsAcross: boolean;
  readonly direction: 'inbound' | 'outbound' | 'along';
  /** Time to reach the line along the heading at the current speed; null when it does not point across or is still. */
  readonly secondsToLine: number | null;
}

const ALONG_SINE = Math.sin((15 * Math.PI) / 180);

/** Facts of a track against a border line given as metric coordinates [[x, y], …] (≥ 2 vertices). */
export function aerialBorderFacts(track: AerialTrack, line: readonly (readonly [number, number])[], homeSide: BorderSide = 'left'): AerialBorderFacts {
  if (line.length < 2) throw new Error('aerialBorderFacts: the line needs at least two vertices');
  const [px, py] = track.positionXY;
  const h = (track.headingDeg * Math.PI) / 180;
  const ux = Math.sin(h);
  const uy = Math.cos(h);

  let best = Infinity;
  let nearestSeg = 0;
  let nearestCross = 0;
  let firstHitM = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i]!;
    const [bx, by] = line[i + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    if (d < best) {
      best = d;
      nearestSeg = i;
      nearestCross = dx * (py - ay) - dy * (px - ax);
    }
    // Ray p + s·u (s ≥ 0) against segment a + q·(b − a), q ∈ [0, 1].
    const denom = ux * dy - uy * dx;
    if (Math.abs(denom) > 1e-12) {
      const s = ((ax - px) * dy - (ay - py) * dx) / denom;
      const q = ((ax - px) * uy - (ay - py) * ux) / denom;
      if (s >= 0 && q >= 0 && q <= 1) firstHitM = Math.min(firstHitM, s);
    }
  }
  // Positive cross product (x east, y north) = counter-clockwise of the direction = left.
  const side: BorderSide = nearestCross >= 0 ? 'left' : 'right';

  const [ax, ay] = line[nearestSeg]!;
  const [bx, by] = line[nearestSeg + 1]!;
  const segLen = Math.hypot(bx - ax, by - ay);
  // Unit normal pointing to the left of the segment.
  const nx = -(by - ay) / segLen;
  const ny = (bx - ax) / segLen;
  const towardsLeft = ux * nx + uy * ny;
  const direction =
    Math.abs(towardsLeft) < ALONG_SINE ? 'along' : (towardsLeft > 0) === (homeSide === 'left') ? 'inbound' : 'outbound';

  const pointsAcross = Number.isFinite(firstHitM);
  return {
    side,
    distanceToLineM: best,
    crossesOrPointsAcross: pointsAcross,
    direction,
    secondsToLine: pointsAcross && track.speedMps > 0 ? firstHitM / track.speedMps : null,
  };
}
