// Row kernels of the streamed default scan (normalised CVA, 3×3 mean): each reproduces, one window
// row at a time, the arithmetic of the in-memory path (applyFit → changeVectorMagnitudeScores →
// BoxMeanRows) operation for operation, so the streamed scores equal the whole-window ones bit for bit.
import type { LinearFit } from '../../raster/normalise.js';

export type RowSamples = Uint8Array | Uint16Array;

/**
 * Where a row's samples lie in its sample array: band b of column c in the row's k-th column span
 * is at spanBase(base, k) + c·bands + b. One number for every span (a row laid out at full width),
 * or one per span (a row packed span after span, as the window reader keeps strips: a base may
 * then be negative, only columns inside the span are valid).
 */
export type SampleBase = number | Int32Array;

/** The base of the row's k-th span (k counts spans, not span bounds). */
export function spanBase(base: SampleBase, k: number): number {
  return typeof base === 'number' ? base : base[k]!;
}

/**
 * 1 where the pixel is watched and no band of either date equals that file's nodata (what the
 * window reader's observed masks, ANDed with the watch mask), else 0. Returns the count.
 */
export function observedRow(watched: Uint8Array, before: RowSamples, after: RowSamples, offset: number, bands: number, nodataBefore: number | null, nodataAfter: number | null, out: Uint8Array): number {
  const nb = nodataBefore ?? NaN;
  const na = nodataAfter ?? NaN;
  let count = 0;
  for (let c = 0; c < out.length; c++) {
    if (watched[c] === 0) {
      out[c] = 0;
      continue;
    }
    const p = offset + c * bands;
    let seen = 1;
    for (let b = 0; b < bands; b++) {
      if (before[p + b] === nb || after[p + b] === na) {
        seen = 0;
        break;
      }
    }
    out[c] = seen;
    count += seen;
  }
  return count;
}

/**
 * Plain CVA magnitude of one row after the per-band fit of the after date (NaN where not
 * observed): the after value is rounded to float32 as applyFit stores it, the squares are summed
 * in float64 in band order from 0, and the root is rounded to float32 by the store.
 */
export function cvaRow(observed: Uint8Array, before: RowSamples, after: RowSamples, offset: number, fits: readonly LinearFit[], out: Float32Array): void {
  const bands = fits.length;
  if (bands === 4) {
    // The common case unrolled (this runs once per pixel per pass); same operations in the same order.
    const [f0, f1, f2, f3] = fits as [LinearFit, LinearFit, LinearFit, LinearFit];
    const g0 = f0.gain, o0 = f0.offset, g1 = f1.gain, o1 = f1.offset, g2 = f2.gain, o2 = f2.offset, g3 = f3.gain, o3 = f3.offset;
    for (let c = 0; c < out.length; c++) {
      if (observed[c] !== 1) {
        out[c] = NaN;
        continue;
      }
      const p = offset + c * 4;
      const d0 = Math.fround(g0 * after[p]! + o0) - before[p]!;
      const d1 = Math.fround(g1 * after[p + 1]! + o1) - before[p + 1]!;
      const d2 = Math.fround(g2 * after[p + 2]! + o2) - before[p + 2]!;
      const d3 = Math.fround(g3 * after[p + 3]! + o3) - before[p + 3]!;
      const sumSq = 0 + d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
      out[c] = sumSq - sumSq === 0 ? Math.sqrt(sumSq) : NaN;
    }
    return;
  }
  for (let c = 0; c < out.length; c++) {
    if (observed[c] !== 1) {
      out[c] = NaN;
      continue;
    }
    const p = offset + c * bands;
    let sumSq = 0;
    for (let b = 0; b < bands; b++) {
      const d = Math.fround(fits[b]!.gain * after[p + b]! + fits[b]!.offset) - before[p + b]!;
      sumSq += d * d;
    }
    out[c] = sumSq - sumSq === 0 ? Math.sqrt(sumSq) : NaN;
  }
}

/** One band's (fitted after − before) at sample index p, as findChanges adds it into Σ_bands. */
export function fittedDifference(before: RowSamples, after: RowSamples, p: number, fit: LinearFit): number {
  return Math.fround(fit.gain * after[p]! + fit.offset) - before[p]!;
}

/** Horizontal 3-tap sums and counts of the finite values of a row (left to right, from 0). */
export function rowSums3(score: Float32Array, sums: Float64Array, counts: Uint8Array): void {
  const width = score.length;
  for (let c = 0; c < width; c++) {
    let s = 0;
    let k = 0;
    if (c > 0) {
      const v = score[c - 1]!;
      if (v - v === 0) { s = 0 + v; k++; }
    }
    const v0 = score[c]!;
    if (v0 - v0 === 0) { s += v0; k++; } else s += 0;
    if (c + 1 < width) {
      const v = score[c + 1]!;
      if (v - v === 0) { s += v; k++; }
    }
    sums[c] = s;
    counts[c] = k;
  }
}

/**
 * The 3×3 mean of row `centre` from the horizontal sums of the rows above/below (null at the
 * window's edge), added top to bottom from 0 as BoxMeanRows adds them; NaN where the centre is.
 */
export function mean3Row(centre: Float32Array, up: { s: Float64Array; k: Uint8Array } | null, mid: { s: Float64Array; k: Uint8Array }, down: { s: Float64Array; k: Uint8Array } | null, out: Float32Array): void {
  for (let c = 0; c < out.length; c++) {
    const v = centre[c]!;
    if (v - v !== 0) {
      out[c] = NaN;
      continue;
    }
    let s = 0;
    let k = 0;
    if (up) { s += up.s[c]!; k += up.k[c]!; }
    s += mid.s[c]!;
    k += mid.k[c]!;
    if (down) { s += down.s[c]!; k += down.k[c]!; }
    out[c] = s / k;
  }
}
