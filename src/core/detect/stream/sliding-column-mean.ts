// The vertical half of a streamed box mean, sliding: a running per-column sum of the row sums in
// reach (the row entering added, the row leaving subtracted) instead of adding the 2r+1 rows again
// for every output row. Used only while a grid check proves every addition exact, so the means are
// bit for bit boxRowMean's (rows added top to bottom from +0); otherwise it falls back to that.
import { boxRowMean, exactGridFactor, powerOfTwoAtLeast, type Spans } from './box-rows.js';

/** One row's horizontal sums and counts; zero outside `spans` (the columns they were written to). */
export interface RowSumsRef {
  readonly row: number;
  readonly sums: Float64Array;
  readonly counts: Uint16Array;
  readonly spans: Spans;
}

/**
 * Bits of room above the largest row sum seen when the running sum was (re)built, so that later
 * rows a little larger still pass without a rebuild; it costs as many bits of grid resolution.
 */
const HEADROOM_BITS = 4;

/**
 * Why exact. At a (re)build the running sum takes a bound B (a power of two ≥ the largest |row
 * sum| in reach, times 2^HEADROOM_BITS) and P, the least power of two ≥ (2r+2)·B; g = P/2^53.
 * A row enters the exact sum only if every sum s of it has |s| ≤ B and s·(2^53/P) is an integer
 * (an exact scaling), i.e. s is a multiple of g. The running sum then only ever holds sums of at
 * most 2r+2 such rows (the reach plus the row entering), each column m·g with |m|·g ≤ P, so
 * |m| ≤ 2^53: every addition and subtraction is exact, as is every partial sum of the top-to-bottom
 * reference (a sub-sum), and both equal the real sum; an exact zero is +0 both ways (nothing
 * makes −0 from +0). The counts are integers, exact in any order. A row that fails marks the sum
 * inexact; it is rebuilt from the reach at the next mean (after a row off the grid has left).
 */
export class SlidingColumnMean {
  private readonly run: Float64Array;
  private readonly runCount: Float64Array;
  private readonly colSum: Float64Array;
  private readonly colCount: Float64Array;
  private exact = false;
  private bound = 0;
  private factor = 0;
  /** A row that failed the grid test (not only the bound): no rebuild can pass while it is in reach. */
  private offGridRow = -1;
  /** Rows held: top … bottom (top > bottom: none). */
  private top = 0;
  private bottom = -1;

  constructor(width: number, private readonly radiusPx: number) {
    this.run = new Float64Array(width);
    this.runCount = new Float64Array(width);
    this.colSum = new Float64Array(width);
    this.colCount = new Float64Array(width);
  }

  /** Whether the running sum is exact now (the means come from it, not from adding the rows again). */
  get sliding(): boolean {
    return this.exact;
  }

  /** Row `ref.row` (the one after the last entered) joins the reach. */
  enter(ref: RowSumsRef): void {
    if (ref.row !== this.bottom + 1) throw new Error(`SlidingColumnMean: row ${ref.row} entered after ${this.bottom}`);
    if (this.top > this.bottom) this.top = ref.row;
    this.bottom = ref.row;
    const { run, runCount, bound, factor } = this;
    const { sums, counts, spans } = ref;
    for (let k = 0; k < spans.length; k += 2) {
      const c1 = spans[k + 1]!;
      let c = spans[k]!;
      if (this.exact) {
        for (; c < c1; c++) {
          const s = sums[c]!;
          const m = s * factor;
          if (m !== Math.floor(m) || Math.abs(s) > bound) {
            this.exact = false;
            if (m !== Math.floor(m)) this.offGridRow = ref.row;
            break;
          }
          run[c]! += s;
          runCount[c]! += counts[c]!;
        }
      }
      for (; c < c1; c++) runCount[c]! += counts[c]!;
    }
  }

  /** Row `ref.row` (the top one) leaves the reach. */
  leave(ref: RowSumsRef): void {
    if (ref.row !== this.top || this.top > this.bottom) throw new Error(`SlidingColumnMean: row ${ref.row} left, top is ${this.top}`);
    this.top++;
    const { run, runCount } = this;
    const { sums, counts, spans } = ref;
    for (let k = 0; k < spans.length; k += 2) {
      const c1 = spans[k + 1]!;
      if (this.exact) {
        for (let c = spans[k]!; c < c1; c++) {
          run[c]! -= sums[c]!;
          runCount[c]! -= counts[c]!;
        }
      } else {
        for (let c = spans[k]!; c < c1; c++) runCount[c]! -= counts[c]!;
      }
    }
  }

  /**
   * boxRowMean of the centre row over `spans` from the rows in reach, which must be the rows
   * entered and not left, top to bottom.
   */
  mean(centre: Float32Array, spans: Spans, out: Float32Array, reach: readonly RowSumsRef[]): void {
    const n = reach.length;
    if (n !== this.bottom - this.top + 1 || (n > 0 && (reach[0]!.row !== this.top || reach[n - 1]!.row !== this.bottom))) {
      throw new Error(`SlidingColumnMean: reach ${reach[0]?.row}…${reach[n - 1]?.row} is not the rows held ${this.top}…${this.bottom}`);
    }
    if (!this.exact && this.top > this.offGridRow) this.rebuild(reach);
    if (!this.exact) {
      boxRowMean(centre, reach.map((r) => r.sums), reach.map((r) => r.counts), spans, out, this.colSum, this.colCount);
      return;
    }
    const { run, runCount } = this;
    for (let k = 0; k < spans.length; k += 2) {
      const c1 = spans[k + 1]!;
      for (let c = spans[k]!; c < c1; c++) {
        const v = centre[c]!;
        out[c] = v - v === 0 ? run[c]! / runCount[c]! : NaN;
      }
    }
  }

  /** The running sum afresh from the rows in reach, with a bound and grid fitted to them, if they all pass. */
  private rebuild(reach: readonly RowSumsRef[]): void {
    let maxAbs = 0;
    for (const { sums, spans } of reach) {
      for (let k = 0; k < spans.length; k += 2) {
        for (let c = spans[k]!; c < spans[k + 1]!; c++) {
          const a = Math.abs(sums[c]!);
          if (a > maxAbs) maxAbs = a;
        }
      }
    }
    // Nothing but zeros yet: any bound; a larger row later fails it and triggers a rebuild.
    const bound = maxAbs === 0 ? 1 : powerOfTwoAtLeast(maxAbs) * 2 ** HEADROOM_BITS;
    const factor = exactGridFactor((2 * this.radiusPx + 2) * bound);
    const { run } = this;
    run.fill(0);
    for (const { row, sums, spans } of reach) {
      for (let k = 0; k < spans.length; k += 2) {
        for (let c = spans[k]!; c < spans[k + 1]!; c++) {
          const s = sums[c]!;
          const m = s * factor;
          if (m !== Math.floor(m)) {
            this.offGridRow = row;
            return;
          }
          run[c]! += s;
        }
      }
    }
    this.bound = bound;
    this.factor = factor;
    this.exact = true;
  }
}
