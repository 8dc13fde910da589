// Order statistics on the observed, finite part of a score or band (median, MAD, quantiles).
// Robust statistics let one changed area not move the noise estimate (up to ~50 % change).

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
