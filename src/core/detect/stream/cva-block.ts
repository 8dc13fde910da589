// Fused per-block kernel of the streaming scan: plain CVA on one internal block of both dates,
// straight from the decoded (interleaved, host-order) samples to change bits, with no float band
// arrays in between. Scores are computed exactly as changeVectorMagnitudeScores does (float64 sum
// of squared integer differences in band order, sqrt, rounded to float32), so the change mask and
// per-blob statistics equal the in-memory path's bit for bit.

/** Bits of the per-pixel state byte the streaming scan keeps for a strip of the window. */
export const STATE_CHANGED = 1;
export const STATE_WATCHED = 2;
export const STATE_OBSERVED = 4;

export type Samples = Uint8Array | Uint16Array;

export interface BlockRegion {
  /** Samples per pixel (bands, interleaved) and block width in pixels. */
  readonly bands: number;
  readonly blockWidth: number;
  /** The part of the block inside the window, block-local pixel coordinates. */
  readonly col0: number;
  readonly row0: number;
  readonly width: number;
  readonly height: number;
  /** Index in `state` of the region's top-left pixel, and the state row stride. */
  readonly stateOffset: number;
  readonly stateStride: number;
}

/** What one block pair contributed: its changed pixels and counts for the scan report. */
export interface BlockChanges {
  /** [row, col (window coordinates), score, Σ_bands (after − before)] per changed pixel, raster order. */
  readonly changes: Float32Array;
  readonly watched: number;
  readonly observed: number;
}

/** The growing [row, col, score, brightening] list both kernels fill; small enough for V8 to inline. */
class ChangeList {
  private out: Float32Array;
  private n = 0;

  constructor(capacityPixels: number) {
    this.out = new Float32Array(Math.max(256, capacityPixels >> 5));
  }

  push(row: number, col: number, score: number, bright: number): void {
    if (this.n + 4 > this.out.length) {
      const grown = new Float32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    const o = this.out;
    o[this.n++] = row;
    o[this.n++] = col;
    o[this.n++] = score;
    o[this.n++] = bright;
  }

  done(): Float32Array {
    return this.out.slice(0, this.n);
  }
}

/**
 * Sets OBSERVED on watched pixels where no band of either date is nodata, and CHANGED where the
 * CVA magnitude of an observed pixel is > threshold. `rowBase`/`colBase` turn region coordinates
 * into the window coordinates recorded with each changed pixel.
 */
export function cvaBlockPair(before: Samples, after: Samples, region: BlockRegion, nodata: number | null, threshold: number, state: Uint8Array, rowBase = 0, colBase = 0): BlockChanges {
  const { bands, blockWidth, col0, row0, width, height, stateOffset, stateStride } = region;
  // Cheap pre-test on the squared sum; the exact float32 comparison runs only near or above it.
  const pre = threshold > 0 ? threshold * threshold * (1 - 1e-6) : -1;
  const nd = nodata === null || !Number.isInteger(nodata) ? -1 : nodata;
  const four = bands === 4 && nd < 0;
  const out = new ChangeList(width * height);
  let watched = 0;
  let observed = 0;
  for (let r = 0; r < height; r++) {
    const srcRow = (row0 + r) * blockWidth + col0;
    const dst = stateOffset + r * stateStride;
    for (let c = 0; c < width; c++) {
      const s = dst + c;
      const st = state[s]!;
      if ((st & STATE_WATCHED) === 0) continue;
      watched++;
      const p = (srcRow + c) * bands;
      let sumSq = 0;
      let bright = 0;
      if (four) {
        // The common case (4 bands, no nodata) unrolled: this loop runs once per pixel of a tile.
        const d0 = after[p]! - before[p]!;
        const d1 = after[p + 1]! - before[p + 1]!;
        const d2 = after[p + 2]! - before[p + 2]!;
        const d3 = after[p + 3]! - before[p + 3]!;
        sumSq = d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
        bright = d0 + d1 + d2 + d3;
      } else {
        let missing = false;
        for (let b = 0; b < bands; b++) {
          const x = before[p + b]!;
          const y = after[p + b]!;
          if (x === nd || y === nd) missing = true;
          const d = y - x;
          sumSq += d * d;
          bright += d;
        }
        if (missing) continue;
      }
      observed++;
      if (sumSq > pre) {
        const score = Math.fround(Math.sqrt(sumSq));
        if (score > threshold) {
          state[s] = st | STATE_OBSERVED | STATE_CHANGED;
          out.push(rowBase + r, colBase + c, score, bright);
          continue;
        }
      }
      state[s] = st | STATE_OBSERVED;
    }
  }
  return { changes: out.done(), watched, observed };
}

/**
 * cvaBlockPair on blocks still holding TIFF predictor-2 deltas (4 bands, 16-bit, no nodata): each
 * sample is rebuilt as a running sum along its row (mod 2^16, as libtiff does) inside the change
 * loop, so the block is walked once instead of twice. Results equal undoing the predictor and
 * calling cvaBlockPair, bit for bit (test/unit/perf/kernels-exact.test.ts). Pixels left of the
 * region still feed the running sums; rows above and below it are never read.
 */
export function cvaBlockPairPredicted4(beforeDeltas: Uint16Array, afterDeltas: Uint16Array, region: BlockRegion, threshold: number, state: Uint8Array, rowBase = 0, colBase = 0): BlockChanges {
  const { blockWidth, col0, row0, width, height, stateOffset, stateStride } = region;
  if (region.bands !== 4) throw new RangeError('cvaBlockPairPredicted4 takes 4-band blocks');
  const pre = threshold > 0 ? threshold * threshold * (1 - 1e-6) : -1;
  const out = new ChangeList(width * height);
  let watched = 0;
  const colEnd = col0 + width;
  for (let r = 0; r < height; r++) {
    const rowStart = (row0 + r) * blockWidth * 4;
    const dst = stateOffset + r * stateStride - col0;
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let c = 0; c < colEnd; c++) {
      const p = rowStart + c * 4;
      b0 = (b0 + beforeDeltas[p]!) & 0xffff;
      b1 = (b1 + beforeDeltas[p + 1]!) & 0xffff;
      b2 = (b2 + beforeDeltas[p + 2]!) & 0xffff;
      b3 = (b3 + beforeDeltas[p + 3]!) & 0xffff;
      a0 = (a0 + afterDeltas[p]!) & 0xffff;
      a1 = (a1 + afterDeltas[p + 1]!) & 0xffff;
      a2 = (a2 + afterDeltas[p + 2]!) & 0xffff;
      a3 = (a3 + afterDeltas[p + 3]!) & 0xffff;
      if (c < col0) continue;
      const s = dst + c;
      const st = state[s]!;
      if ((st & STATE_WATCHED) === 0) continue;
      watched++;
      const d0 = a0 - b0, d1 = a1 - b1, d2 = a2 - b2, d3 = a3 - b3;
      const sumSq = d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
      if (sumSq > pre) {
        const score = Math.fround(Math.sqrt(sumSq));
        if (score > threshold) {
          state[s] = st | STATE_OBSERVED | STATE_CHANGED;
          out.push(rowBase + r, colBase + c - col0, score, d0 + d1 + d2 + d3);
          continue;
        }
      }
      state[s] = st | STATE_OBSERVED;
    }
  }
  // No nodata in this layout: every watched pixel is observed.
  return { changes: out.done(), watched, observed: watched };
}
