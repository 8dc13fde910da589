// Order statistics on the observed, finite part of a score or band (median, MAD, quantiles).
// Robust statistics let one changed area not move the noise estimate (up to ~50 % change).
import { orderStatistics } from './order-stats.js';

/** The finite values at observed pixels (observed may be omitted = all), sorted ascending. */
export function sortedObserved(values: ArrayLike<number>, observed?: Uint8Array): Float32Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if ((observed === undefined || observed[i] === 1) && Number.isFinite(values[i])) count++;
  }
  const out = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((observed === undefined || observed[i] === 1) && Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}

/** Linear-interpolated quantile q ∈ [0,1] of an ascending array; NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median and MAD-based standard deviation (1.4826 · MAD, = σ for Gaussian data). */
export function robustLocationScale(sorted: Float32Array): { median: number; sigma: number } {
  const median = quantileOfSorted(sorted, 0.5);
  if (sorted.length === 0) return { median: NaN, sigma: NaN };
  const dev = new Float32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i] - median);
  dev.sort();
  return { median, sigma: 1.4826 * quantileOfSorted(dev, 0.5) };
}

/**
 * The q-quantile (lower order statistic, no interpolation) of `scratch`, which is reordered in
 * place. Expected O(n) three-way quickselect: fast on quantised data with many equal values, where
 * a full sort is what made iterative fits slow.
 */
export function selectQuantileInPlace(scratch: Float64Array | Float32Array, q: number): number {
  const n = scratch.length;
  if (n === 0) return NaN;
  const k = Math.round(Math.min(Math.max(q, 0), 1) * (n - 1));
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = median3(scratch[lo], scratch[(lo + hi) >>> 1], scratch[hi]);
    // Dutch-flag partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = scratch[i];
      if (v < pivot) {
        scratch[i] = scratch[lt];
        scratch[lt++] = v;
        i++;
      } else if (v > pivot) {
        scratch[i] = scratch[gt];
        scratch[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return scratch[k];
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/**
 * robustLocationScale of unsorted values, without sorting: the same median and 1.4826 · MAD (exact
 * order statistics by histogram). `values` is overwritten with the absolute deviations from the
 * median (as float32, as robustLocationScale stores them).
 */
export function robustLocationScaleInPlace(values: Float32Array): { median: number; sigma: number } {
  const n = values.length;
  if (n === 0) return { median: NaN, sigma: NaN };
  const half = 0.5 * (n - 1);
  const k0 = Math.floor(half);
  const k1 = Math.min(k0 + 1, n - 1);
  const [q0, q1] = orderStatistics(values, [k0, k1]) as [number, number];
  const median = q0 + (q1 - q0) * (half - k0);
  for (let i = 0; i < n; i++) values[i] = Math.abs(values[i]! - median);
  const [d0, d1] = orderStatistics(values, [k0, k1]) as [number, number];
  return { median, sigma: 1.4826 * (d0 + (d1 - d0) * (half - k0)) };
}

/** The finite values of `values`, in order, in a new array (the scores a whole-scene statistic is taken over). */
export function finiteValues(values: Float32Array): Float32Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const finite = new Float32Array(count);
  for (let i = 0, k = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite[k++] = values[i]!;
  return finite;
}
