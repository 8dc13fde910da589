// Spec: when a segment is re-judged under hysteresis, a piece counts only if its region holds a
// pixel above the seed cut — and only pixels whose scores are the scan's own may be that pixel:
// along a window edge that stops short of the scan's window, box means are truncated.
import { describe, expect, it } from 'vitest';
import { segmentChanges } from '../../../src/core/detect/segment-changes.js';
import { rasterOf } from './synthetic.js';

const W = 12, H = 12;
const LOW = 1, SEED = 10;

/** A window with one vertical strip of change in column 5–6, rows `r0`..`r1`, peaking at `peakRow`. */
function windowWith(r0: number, r1: number, peakRow: number): { score: Float32Array; w: Parameters<typeof segmentChanges>[0] } {
  const score = new Float32Array(W * H);
  for (let r = r0; r <= r1; r++) for (let c = 5; c <= 6; c++) score[r * W + c] = r === peakRow ? 20 : 5;
  const zeros = new Float32Array(W * H);
  const before = rasterOf(W, H, [zeros]);
  const own = new Uint8Array(W * H);
  for (let r = 4; r < H; r++) for (let c = 0; c < W; c++) own[r * W + c] = 1; // the corridor: rows 4+
  return { score, w: { before, after: before, observed: new Uint8Array(W * H).fill(1), own } };
}

const judge = (win: ReturnType<typeof windowWith>, top: number): number =>
  segmentChanges(win.w, win.score, { threshold: LOW, seedThreshold: SEED, inexactEdgesPx: { top, bottom: 0, left: 0, right: 0 }, minAreaM2: 0, speckleMinNeighbours: 0, pixelAreaM2: 100 }).length;

describe('the seed test of a segment re-judged under hysteresis', () => {
  it('keeps a piece whose strong pixel lies outside the corridor but where the scan\'s scores are exact', () => {
    expect(judge(windowWith(2, 9, 3), 2)).toBe(1);
  });

  it('drops a piece whose only strong pixel lies in a band the window truncated', () => {
    expect(judge(windowWith(0, 9, 1), 0)).toBe(1); // the scan's own window edge: exact, it seeds
    expect(judge(windowWith(0, 9, 1), 2)).toBe(0); // short of the scan's window: not a seed
  });

  it('drops a piece with no pixel above the seed cut at all', () => {
    expect(judge(windowWith(2, 9, -1), 0)).toBe(0);
  });
});
