// Row kernels of boxMeanIgnoringNaN for any radius, restricted to column spans: horizontal sums of
// one row, then the mean of a row from the sums of the rows in reach. Every sum is taken in the
// order BoxMeanRows takes it (taps left to right from 0, rows top to bottom from 0), so a caller
// feeding rows with an r-row halo gets the whole-window means bit for bit.

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

/**
 * Sums and counts of the finite values of `row` within `radiusPx` columns of each column of the
 * spans (the whole row is read, so values outside the spans must be what they are: NaN if unseen).
 */
export function boxRowSums(row: Float32Array, radiusPx: number, spans: Spans, sums: Float64Array, counts: Uint16Array): void {
  const last = row.length - 1;
  for (let k = 0; k < spans.length; k += 2) {
    const end = spans[k + 1]!;
    for (let c = spans[k]!; c < end; c++) {
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
}

/**
 * The box mean of a row over the spans: the row sums of the rows in reach, given top to bottom
 * (already clipped to the window), added from 0; NaN where the centre value is not finite.
 * `colSum`/`colCount` are scratch rows of the window's width.
 */
export function boxRowMean(centre: Float32Array, sums: readonly Float64Array[], counts: readonly Uint16Array[], spans: Spans, out: Float32Array, colSum: Float64Array, colCount: Float64Array): void {
  for (let k = 0; k < spans.length; k += 2) {
    const c0 = spans[k]!;
    const c1 = spans[k + 1]!;
    colSum.fill(0, c0, c1);
    colCount.fill(0, c0, c1);
    for (let j = 0; j < sums.length; j++) {
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
