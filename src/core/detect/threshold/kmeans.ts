// Two-class 1-D k-means on a score (the "isodata" / intermeans threshold): iterate the cut to the
// midpoint of the two class means. Change is `value > threshold`.

export function kmeansThresholdOfSorted(sorted: Float32Array, maxIterations = 100): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(sorted[n - 1] > sorted[0])) return sorted[n - 1];
  // Prefix sums let each iteration cost one binary search instead of a pass over the data.
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + sorted[i];
  let t = (sorted[0] + sorted[n - 1]) / 2;
  for (let iter = 0; iter < maxIterations; iter++) {
    const k = upperBound(sorted, t);
    if (k === 0 || k === n) break;
    const next = (prefix[k] / k + (prefix[n] - prefix[k]) / (n - k)) / 2;
    if (Math.abs(next - t) <= 1e-9 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/** Number of values ≤ t in an ascending array. */
export function upperBound(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
