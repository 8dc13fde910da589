// Row kernels of boxMeanIgnoringNaN for any radius, restricted to column spans: horizontal sums of
// one row, then the mean of a row from the sums of the rows in reach. Every sum equals, bit for
// bit, the one BoxMeanRows takes (taps left to right from +0, rows top to bottom from +0), so a
// caller feeding rows with an r-row halo gets the whole-window means bit for bit. The horizontal
// sums slide (add the entering tap, subtract the leaving one) where that is provably exact.

/** Flattened [c0, c1, c0, c1, …) column spans, ascending and apart. */
export type Spans = Int32Array;

/** The spans widened by `by` columns each side (clipped to [0, width)) and merged where they meet. */
export function widenSpans(spans: Spans, by: number, width: number): Spans {
  const out: number[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    const c0 = Math.max(0, spans[k]! - by);
    const c1 = Math.min(width, spans[k + 1]! + by);
    if (out.length > 0 && c0 <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, c1);
    else out.push(c0, c1);
  }
  return Int32Array.from(out);
}

/** Sets `values` to `value` over the spans. */
export function fillSpans(values: Float32Array | Float64Array | Uint8Array | Uint16Array, spans: Spans, value: number): void {
  for (let k = 0; k < spans.length; k += 2) values.fill(value, spans[k]!, spans[k + 1]!);
}

/** POW2[n + POW2_BIAS] = 2^n exactly, for n in [−POW2_BIAS, 1023] (built by halving and doubling, both exact). */
const POW2_BIAS = 1074;
const POW2 = ((): Float64Array => {
  const t = new Float64Array(POW2_BIAS + 1024);
  t[POW2_BIAS] = 1;
  for (let n = 1; n <= 1023; n++) t[POW2_BIAS + n] = t[POW2_BIAS + n - 1]! * 2;
  for (let n = 1; n <= POW2_BIAS; n++) t[POW2_BIAS - n] = t[POW2_BIAS - n + 1]! / 2;
  return t;
})();

/**
 * The factor 2^53 / P, P the least power of two ≥ `bound` (> 0): a finite value v whose v·factor
 * is an integer lies on the grid g = P / 2^53, and any sum of such values of magnitude ≤ P is an
 * integer multiple m·g with |m| ≤ 2^53, hence a float64, hence computed exactly.
 */
export function exactGridFactor(bound: number): number {
  return POW2[POW2_BIAS + 53 - log2AtLeast(bound)]!;
}

/** The least power of two ≥ x (> 0; at most 2^1023). */
export function powerOfTwoAtLeast(x: number): number {
  return POW2[POW2_BIAS + log2AtLeast(x)]!;
}

function log2AtLeast(x: number): number {
  let e = Math.ceil(Math.log2(x));
  // Math.log2 may be an ulp off at the edges: only 2^e ≥ x matters (a larger power is merely coarser).
  if (POW2[POW2_BIAS + e]! < x) e++;
  return e;
}

/**
 * Sums and counts of the finite values of `row` within `radiusPx` columns of each column of the
 * spans (the whole row is read, so values outside the spans must be what they are: NaN if unseen).
 */
export function boxRowSums(row: Float32Array, radiusPx: number, spans: Spans, sums: Float64Array, counts: Uint16Array): void {
  for (let k = 0; k < spans.length; k += 2) {
    const c0 = spans[k]!, c1 = spans[k + 1]!;
    if (c1 <= c0) continue;
    if (!slidingRowSums(row, radiusPx, c0, c1, sums, counts)) orderedRowSums(row, radiusPx, c0, c1, sums, counts);
  }
}

/** The reference: each column's taps added left to right from +0 (what BoxMeanRows does). */
export function orderedRowSums(row: Float32Array, radiusPx: number, c0: number, c1: number, sums: Float64Array, counts: Uint16Array): void {
  const last = row.length - 1;
  for (let c = c0; c < c1; c++) {
    let s = 0;
    let n = 0;
    const hi = Math.min(last, c + radiusPx);
    for (let d = Math.max(0, c - radiusPx); d <= hi; d++) {
      const x = row[d]!;
      if (x - x === 0) {
        s += x;
        n++;
      }
    }
    sums[c] = s;
    counts[c] = n;
  }
}

/**
 * The same sums as orderedRowSums over columns [c0, c1), by sliding: s(c+1) = (s(c) + entering) −
 * leaving. Returns false (sums partly written, to be redone in order) unless that is exact:
 *
 * Why exact. Let A be the largest finite |value| the span reads, P the least power of two
 * ≥ (2r+2)·A and g = P/2^53. If every finite value read is an integer multiple of g (checked as it
 * enters: v·(2^53/P) is an integer — a product by a power of two, itself exact), then every
 * intermediate here and in the ordered loop is a sum of at most 2r+2 of them (the window plus the
 * entering tap; the ordered partial sums are sub-sums): m·g with |m|·g ≤ (2r+2)·A ≤ P, so
 * |m| ≤ 2^53, which float64 holds exactly. Every addition is then exact, both orders yield the
 * real sum, and an exact zero is +0 in both (from +0, x + (−x) and x − x round to +0 and nothing
 * produces −0), so the bits agree. Float32 data passes when its magnitudes span less than
 * ~2^(29 − log2(2r+2)) relative to its finest trailing bit; what does not falls back.
 */
export function slidingRowSums(row: Float32Array, radiusPx: number, c0: number, c1: number, sums: Float64Array, counts: Uint16Array): boolean {
  const last = row.length - 1;
  const lo = Math.max(0, c0 - radiusPx);
  const hi = Math.min(last, c1 - 1 + radiusPx);
  let maxAbs = 0;
  for (let d = lo; d <= hi; d++) {
    const x = row[d]!;
    // A non-finite value fails both tests (NaN compares false; ±Infinity − itself is NaN).
    if (x - x === 0) {
      const a = Math.abs(x);
      if (a > maxAbs) maxAbs = a;
    }
  }
  // All finite values zero (or none): every sum is +0 whatever the order; any grid will do.
  const factor = maxAbs === 0 ? 1 : exactGridFactor((2 * radiusPx + 2) * maxAbs);
  let s = 0;
  let n = 0;
  const first = Math.min(last, c0 + radiusPx);
  for (let d = lo; d <= first; d++) {
    const x = row[d]!;
    if (x - x === 0) {
      const m = x * factor;
      if (m !== Math.floor(m)) return false;
      s += x;
      n++;
    }
  }
  sums[c0] = s;
  counts[c0] = n;
  for (let c = c0 + 1; c < c1; c++) {
    const enter = c + radiusPx;
    if (enter <= last) {
      const x = row[enter]!;
      if (x - x === 0) {
        const m = x * factor;
        if (m !== Math.floor(m)) return false;
        s += x;
        n++;
      }
    }
    const leave = c - radiusPx - 1;
    if (leave >= 0) {
      // Checked when it entered (or in the first window).
      const x = row[leave]!;
      if (x - x === 0) {
        s -= x;
        n--;
      }
    }
    sums[c] = s;
    counts[c] = n;
  }
  return true;
}

/**
 * The box mean of a row over the spans: the row sums of the rows in reach, given top to bottom
 * (already clipped to the window), added from +0; NaN where the centre value is not finite.
 * `colSum`/`colCount` are scratch rows of the window's width. The rows are added four at a time
 * per column, ((((s + a) + b) + c) + d): the same additions in the same order as one row at a time.
 */
export function boxRowMean(centre: Float32Array, sums: readonly Float64Array[], counts: readonly Uint16Array[], spans: Spans, out: Float32Array, colSum: Float64Array, colCount: Float64Array): void {
  const rows = sums.length;
  for (let k = 0; k < spans.length; k += 2) {
    const c0 = spans[k]!;
    const c1 = spans[k + 1]!;
    colSum.fill(0, c0, c1);
    colCount.fill(0, c0, c1);
    let j = 0;
    for (; j + 4 <= rows; j += 4) {
      const s0 = sums[j]!, s1 = sums[j + 1]!, s2 = sums[j + 2]!, s3 = sums[j + 3]!;
      const n0 = counts[j]!, n1 = counts[j + 1]!, n2 = counts[j + 2]!, n3 = counts[j + 3]!;
      for (let c = c0; c < c1; c++) {
        colSum[c] = colSum[c]! + s0[c]! + s1[c]! + s2[c]! + s3[c]!;
        colCount[c] = colCount[c]! + n0[c]! + n1[c]! + n2[c]! + n3[c]!;
      }
    }
    for (; j < rows; j++) {
      const s = sums[j]!;
      const n = counts[j]!;
      for (let c = c0; c < c1; c++) {
        colSum[c]! += s[c]!;
        colCount[c]! += n[c]!;
      }
    }
    for (let c = c0; c < c1; c++) {
      const v = centre[c]!;
      out[c] = v - v === 0 ? colSum[c]! / colCount[c]! : NaN;
    }
  }
}
