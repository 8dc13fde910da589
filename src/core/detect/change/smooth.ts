// Spatial context for any measure: the mean score over a (2r+1)² neighbourhood of observed pixels.
// Speckle (SAR) and sub-pixel misregistration make single-pixel scores noisy; real change is
// usually several pixels wide, so averaging raises it above the noise more than it blurs it.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { boxRowMean, orderedRowSums } from '../stream/box-rows.js';

export function smoothedMeasure(inner: ChangeMeasure, radiusPx: number): ChangeMeasure {
  return {
    name: `${inner.name}+mean${2 * radiusPx + 1}`,
    version: `${inner.version}.1`,
    params: { ...inner.params, smoothRadiusPx: radiusPx },
    measure(before: Raster, after: Raster): Float32Array {
      return boxMeanIgnoringNaN(inner.measure(before, after), before.grid.width, before.grid.height, radiusPx);
    },
  };
}

/**
 * Separable box mean over finite values; a NaN (not observed) pixel stays NaN.
 * Horizontal sums of the 2r+1 rows in reach are kept in a ring (memory: a few rows, not a second
 * image), and every sum is taken in ascending pixel order from 0, so the result does not depend
 * on how rows are buffered: a strip-by-strip caller with an r-row halo gets the same numbers.
 */
export function boxMeanIgnoringNaN(score: Float32Array, width: number, height: number, radiusPx: number): Float32Array {
  if (radiusPx <= 0) return Float32Array.from(score);
  const out = new Float32Array(score.length);
  const box = new BoxMeanRows(width, radiusPx);
  for (let r = 0; r < height; r++) box.meanOfRow(score, height, r, out, r * width);
  return out;
}

/** The row-wise machinery of boxMeanIgnoringNaN: a ring of horizontal sums and counts. */
export class BoxMeanRows {
  private readonly span: number;
  private readonly sums: Float64Array[];
  private readonly counts: Uint16Array[];
  /** Which source row each ring slot holds (−1: none). */
  private readonly held: Int32Array;
  private readonly colSum: Float64Array;
  private readonly colCount: Float64Array;
  /** The one span of a whole row, [0, width). */
  private readonly wholeRow: Int32Array;
  constructor(private readonly width: number, private readonly radiusPx: number) {
    if (2 * radiusPx + 1 > 65535) throw new Error('boxMeanIgnoringNaN: radius too large');
    this.span = 2 * radiusPx + 1;
    this.sums = Array.from({ length: this.span }, () => new Float64Array(width));
    this.counts = Array.from({ length: this.span }, () => new Uint16Array(width));
    this.held = new Int32Array(this.span).fill(-1);
    this.colSum = new Float64Array(width);
    this.colCount = new Float64Array(width);
    this.wholeRow = Int32Array.of(0, width);
  }

  /**
   * Writes the box means of row `r` of `score` (rows × width, row-major; only rows r ± radius are
   * read) to out[outOffset … outOffset + width).
   */
  meanOfRow(score: Float32Array, rows: number, r: number, out: Float32Array, outOffset: number): void {
    const { width, radiusPx } = this;
    const sums: Float64Array[] = [];
    const counts: Uint16Array[] = [];
    for (let d = Math.max(0, r - radiusPx); d <= Math.min(rows - 1, r + radiusPx); d++) {
      const slot = d % this.span;
      if (this.held[slot] !== d) {
        this.rowSums(score, d * width, this.sums[slot]!, this.counts[slot]!);
        this.held[slot] = d;
      }
      sums.push(this.sums[slot]!);
      counts.push(this.counts[slot]!);
    }
    // The streamed engines' column step (box-rows.ts), over the whole row.
    boxRowMean(score.subarray(r * width, (r + 1) * width), sums, counts, this.wholeRow, out.subarray(outOffset, outOffset + width), this.colSum, this.colCount);
  }

  /** Horizontal sums and counts of the finite values within radius, ascending order from 0. */
  private rowSums(score: Float32Array, base: number, sums: Float64Array, counts: Uint16Array): void {
    const { width, radiusPx } = this;
    if (radiusPx === 1 && width >= 2) {
      // The default 3×3 mean: three taps, left to right; a non-finite tap adds +0 and counts 0,
      // which leaves a sum started at +0 unchanged, as skipping it would.
      let prevV = 0;
      let prevK = 0;
      let v = score[base]!;
      let curK = v - v === 0 ? 1 : 0;
      let curV = curK === 1 ? v : 0;
      for (let c = 0; c < width; c++) {
        let nextV = 0;
        let nextK = 0;
        if (c + 1 < width) {
          v = score[base + c + 1]!;
          if (v - v === 0) {
            nextV = v;
            nextK = 1;
          }
        }
        sums[c] = 0 + prevV + curV + nextV;
        counts[c] = prevK + curK + nextK;
        prevV = curV;
        prevK = curK;
        curV = nextV;
        curK = nextK;
      }
      return;
    }
    orderedRowSums(score.subarray(base, base + width), radiusPx, 0, width, sums, counts);
  }
}
