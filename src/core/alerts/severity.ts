// How urgent an alert is for a border analyst: the detector's score, raised by what makes it a
// border matter — crossing the line, or lying right at it. The queue is ordered by this, so a
// track across the line outranks a stronger change 600 m inside the corridor.
import type { AlertCandidate } from './candidate.js';

/** Within this distance of the line a change is "at the line" (one or two 10 m pixels of slack and Natural Earth's positional error). */
export const AT_LINE_M = 100;

export function alertSeverity(c: Pick<AlertCandidate, 'score' | 'crossesLine' | 'distanceToLineM'>): number {
  let boost = 0;
  if (c.crossesLine) boost = 0.3;
  else if (c.distanceToLineM !== null && c.distanceToLineM <= AT_LINE_M) boost = 0.15;
  return Math.round(Math.min(1, c.score + boost) * 1000) / 1000;
}
