// Otsu's threshold: the cut that maximises the between-class variance of a histogram.
// Note Otsu always splits, even pure noise; chooseThreshold adds the guard against that.

export const OTSU_BINS = 1024;

/**
 * Otsu threshold of an ascending array of finite values. Change is `value > threshold`.
 * Returns the maximum value when all values are equal (nothing is above it).
 */
export function otsuThresholdOfSorted(sorted: Float32Array, bins = OTSU_BINS): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  if (!(hi > lo)) return hi;
  const hist = new OtsuHistogram(lo, hi, bins);
  for (let i = 0; i < n; i++) hist.add(sorted[i]!);
  return hist.cut();
}

/**
 * The histogram Otsu works on: `bins` equal bins over [lo, hi] with a count and a value sum per
 * bin. Filled in any order (the sorted array is not needed), so a scan can build it in one pass.
 */
export class OtsuHistogram {
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  private readonly width: number;
  constructor(readonly lo: number, readonly hi: number, readonly bins = OTSU_BINS) {
    this.width = (hi - lo) / bins;
    this.counts = new Float64Array(bins);
    this.sums = new Float64Array(bins);
  }

  binOf(v: number): number {
    return Math.min(this.bins - 1, Math.floor((v - this.lo) / this.width));
  }

  add(v: number): void {
    const b = this.binOf(v);
    this.counts[b]! += 1;
    this.sums[b]! += v;
  }

  /** `copies` values equal to v at once. */
  addMany(v: number, copies: number): void {
    const b = this.binOf(v);
    this.counts[b]! += copies;
    for (let k = 0; k < copies; k++) this.sums[b]! += v;
  }

  /** The cut (value) maximising the between-class variance; change is `value > cut`. */
  cut(): number {
    const { counts, sums, bins, lo, width } = this;
    if (!(this.hi > lo)) return this.hi;
    let n = 0;
    let total = 0;
    for (let b = 0; b < bins; b++) {
      n += counts[b]!;
      total += sums[b]!;
    }
    let w0 = 0;
    let s0 = 0;
    let best = -1;
    let bestBin = 0;
    let bestLast = 0;
    for (let b = 0; b < bins - 1; b++) {
      w0 += counts[b]!;
      s0 += sums[b]!;
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
}
