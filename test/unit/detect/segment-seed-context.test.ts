// Spec: under hysteresis, a segment re-judged by its own parameters still counts a region whose
// only pixel above the seed cut lies outside its corridor — in the next segment's corridor — as
// long as that pixel is within the segment window's seed context: the window reaches the context
// (64 px) beyond the measure's halo, so that many pixels past the corridor carry the scan's own
// scores. A region whose only seed lies further out is judged on what the window holds: no seed
// there, so the segment drops it even though the scan, which saw all of it, keeps it.
// The segment window is cut here as segment-overrides.ts cuts it: the corridor's bounding box
// grown by segmentHaloPx(measure, hysteresis) on each side, clipped to the scan's window, with
// inexactEdges marking the bands where it stops short of the scan's.
import { describe, expect, it } from 'vitest';
import { inexactEdges, segmentChanges, segmentHaloPx, type InexactEdges } from '../../../src/core/detect/segment-changes.js';
import { AGREE_MEASURE } from '../../../src/core/detect/find-changes.js';
import type { PixelWindow } from '../../../src/core/types.js';
import { rasterOf } from './synthetic.js';

/** The scan's window: two corridors side by side, segment A's (columns 0–99) and its neighbour's. */
const SCAN_W = 320, SCAN_H = 20;
const SCAN: PixelWindow = { col0: 0, row0: 0, width: SCAN_W, height: SCAN_H };
const A_LAST_COL = 99;
const LOW = 1, SEED = 10;
/** The change strip's rows; it starts well inside A's corridor. */
const STRIP_ROWS = [8, 9, 10, 11];
const STRIP_FIRST_COL = 60;
const PIXEL_AREA_M2 = 100;

/**
 * The scan's scores: a strip of weak change (above the low cut, below the seed cut) running from
 * inside A's corridor out into the neighbour's, whose only strong pixel is `seedOutPx` columns
 * past A's last column.
 */
function scanScores(seedOutPx: number): Float32Array {
  const score = new Float32Array(SCAN_W * SCAN_H);
  const seedCol = A_LAST_COL + seedOutPx;
  for (const r of STRIP_ROWS) for (let c = STRIP_FIRST_COL; c <= seedCol; c++) score[r * SCAN_W + c] = 5;
  score[STRIP_ROWS[1]! * SCAN_W + seedCol] = 20;
  return score;
}

/** Segment A's corridor mask over a window. */
function corridorA(win: PixelWindow): Uint8Array {
  const own = new Uint8Array(win.width * win.height);
  for (let r = 0; r < win.height; r++) for (let c = 0; c < win.width; c++) if (win.col0 + c <= A_LAST_COL) own[r * win.width + c] = 1;
  return own;
}

/** A's corridor's bounding box in the scan window. */
const A_BOX: PixelWindow = { col0: 0, row0: 0, width: A_LAST_COL + 1, height: SCAN_H };

/** A's box grown by the hysteresis halo on every side, clipped to the scan window (segment-overrides.ts). */
function segmentWindow(): PixelWindow {
  const pad = segmentHaloPx(AGREE_MEASURE, true);
  const col0 = Math.max(SCAN.col0, A_BOX.col0 - pad), row0 = Math.max(SCAN.row0, A_BOX.row0 - pad);
  const col1 = Math.min(SCAN.col0 + SCAN.width, A_BOX.col0 + A_BOX.width + pad);
  const row1 = Math.min(SCAN.row0 + SCAN.height, A_BOX.row0 + A_BOX.height + pad);
  return { col0, row0, width: col1 - col0, height: row1 - row0 };
}

/** A's change pieces (pixel counts) judged over `win`, every pixel watched (both corridors). */
function piecesOfA(scan: Float32Array, win: PixelWindow, inexact: InexactEdges): number[] {
  const score = new Float32Array(win.width * win.height);
  for (let r = 0; r < win.height; r++) score.set(scan.subarray((win.row0 + r) * SCAN_W + win.col0, (win.row0 + r) * SCAN_W + win.col0 + win.width), r * win.width);
  const flat = rasterOf(win.width, win.height, [new Float32Array(win.width * win.height)]);
  const w = { before: flat, after: flat, observed: new Uint8Array(win.width * win.height).fill(1), own: corridorA(win) };
  return segmentChanges(w, score, { threshold: LOW, seedThreshold: SEED, inexactEdgesPx: inexact, minAreaM2: 0, speckleMinNeighbours: 0, pixelAreaM2: PIXEL_AREA_M2 }).map((b) => b.pixelCount);
}

/** A's pieces in its own re-judgement: the segment window, as the override pass reads it. */
function segmentPass(seedOutPx: number): number[] {
  const win = segmentWindow();
  return piecesOfA(scanScores(seedOutPx), win, inexactEdges(win, SCAN, AGREE_MEASURE));
}

/** A's pieces as the scan judges them: over the whole scan window, every score its own. */
function scanPass(seedOutPx: number): number[] {
  return piecesOfA(scanScores(seedOutPx), SCAN, inexactEdges(SCAN, SCAN, AGREE_MEASURE));
}

/** The strip's pixels inside A's corridor: the piece A should alert. */
const A_PART = STRIP_ROWS.length * (A_LAST_COL - STRIP_FIRST_COL + 1);

describe('the seed context of a segment re-judged under hysteresis', () => {
  it('the case is one the scan keeps, and the segment window stops short of the scan\'s on the neighbour\'s side', () => {
    expect(scanPass(30)).toEqual([A_PART]);
    const win = segmentWindow();
    expect(win.col0 + win.width).toBeLessThan(SCAN_W);
    expect(inexactEdges(win, SCAN, AGREE_MEASURE).right).toBeGreaterThan(0);
  });

  it.each([8, 9, 16, 30, 50, 64])('keeps the piece whose only seed pixel lies %i px outside the corridor, in the next corridor', (seedOutPx) => {
    expect(segmentPass(seedOutPx)).toEqual([A_PART]);
  });

  it.each([65, 80, 150])('drops the piece whose only seed pixel lies %i px out, beyond the context, though the scan keeps it', (seedOutPx) => {
    expect(scanPass(seedOutPx)).toEqual([A_PART]);
    expect(segmentPass(seedOutPx)).toEqual([]);
  });
});
