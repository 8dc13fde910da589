// Spec: when a segment is re-judged under hysteresis, a piece counts only if its region holds a
// pixel above the seed cut — and only pixels whose scores are the scan's own may be that pixel:
// along a window edge that stops short of the scan's window, box means are truncated.
import { describe, expect, it } from 'vitest';
import { inexactEdges, segmentChanges, segmentHaloPx } from '../../../src/core/detect/segment-changes.js';
import { AGREE_MEASURE } from '../../../src/core/detect/find-changes.js';
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

describe('the bands of a segment window whose scores are not the scan\'s', () => {
  const scan = { col0: 100, row0: 200, width: 1000, height: 800 };
  const band = segmentHaloPx(AGREE_MEASURE);

  it('are only along the edges where the segment window stops short of the scan window', () => {
    expect(band).toBeGreaterThan(1);
    // Inside on every side: all four edges are truncated.
    expect(inexactEdges({ col0: 300, row0: 400, width: 200, height: 100 }, scan, AGREE_MEASURE)).toEqual({ top: band, bottom: band, left: band, right: band });
    // Flush with the scan's top-left corner: the scan's own edge, nothing truncated there.
    expect(inexactEdges({ col0: 100, row0: 200, width: 200, height: 100 }, scan, AGREE_MEASURE)).toEqual({ top: 0, bottom: band, left: 0, right: band });
    // The whole scan window: the scan's numbers everywhere.
    expect(inexactEdges(scan, scan, AGREE_MEASURE)).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });
});
