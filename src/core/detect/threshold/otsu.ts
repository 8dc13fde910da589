// Otsu's threshold: the cut that maximises the between-class variance of a histogram.
// Note Otsu always splits, even pure noise; chooseThreshold adds the guard against that.

const DEFAULT_BINS = 1024;

/**
 * Otsu threshold of an ascending array of finite values. Change is `value > threshold`.
 * Returns the maximum value when all values are equal (nothing is above it).
 */
export function otsuThresholdOfSorted(sorted: Float32Array, bins = DEFAULT_BINS): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const lo = sorted[0];
  const hi = sorted[n - 1];
  if (!(hi > lo)) return hi;
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b] += 1;
    sums[b] += v;
  }
  let total = 0;
  for (let b = 0; b < bins; b++) total += sums[b];
  let w0 = 0;
  let s0 = 0;
  let best = -1;
  let bestBin = 0;
  let bestLast = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += counts[b];
    s0 += sums[b];
    const w1 = n - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = s0 / w0;
    const m1 = (total - s0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestBin = b;
      bestLast = b;
    } else if (between === best && bestLast === b - 1) {
      bestLast = b; // empty bins between the modes tie: cut in the middle of the gap
    }
  }
  return lo + ((bestBin + bestLast) / 2 + 1) * width;
}
