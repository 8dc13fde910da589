// The one-cut threshold rule (choose.ts: Otsu's split of the scores below the ignored top tail, and
// the median + k·1.4826·MAD noise floor) over a stream of scores, pass by pass in constant memory:
// the same numbers as the in-memory otsuWithNoiseFloor (and, with a low tail, otsuWithLowTailFloor),
// from exact order statistics.
import { FloatRankSelect } from './float-rank-select.js';
import { OtsuHistogram } from '../threshold/otsu.js';
import { DEFAULT_NOISE_FLOOR_K, OTSU_IGNORED_TAIL } from '../threshold/choose.js';
import { lowTailOf, lowTailRanks } from '../threshold/low-tail-floor.js';

export interface StreamedOtsuResult {
  /** Scores seen (0: nothing observed, every other field NaN). */
  readonly n: number;
  /** Otsu's split of the scores, the top OTSU_IGNORED_TAIL left out. */
  readonly split: number;
  /** median + DEFAULT_NOISE_FLOOR_K·1.4826·MAD; NaN when a low tail was asked for and is not flat. */
  readonly medianFloor: number;
  /** P25 and σ_low of the scores (low-tail-floor.ts), when asked for; else null. */
  readonly lowTail: { readonly location: number; readonly sigma: number } | null;
}

/**
 * Feed every score (finite float32) with add(), then endPass(), until done: three passes, four
 * when the median floor is needed (always without a low tail; with one, only when σ_low is not
 * positive, the low-tail floor's fallback). Every pass must see the same scores.
 */
export class StreamedOtsu {
  private pass = 0;
  private n = 0;
  private finished = false;
  private readonly ranks = new FloatRankSelect();
  private deviations: FloatRankSelect | null = null;
  private tail = lowTailRanks(0);
  private lo = Infinity;
  private hi = NaN;
  private kept = 0;
  private below = 0;
  private hist: OtsuHistogram | null = null;
  private half = 0;
  private k0 = 0;
  private k1 = 0;
  private median = NaN;
  private lowTail: { location: number; sigma: number } | null = null;
  private split = NaN;
  private medianFloor = NaN;

  /** withLowTail: also select P5/P25 (the low-tail floor), and skip the MAD when σ_low > 0. */
  constructor(private readonly withLowTail: boolean) {}

  get done(): boolean {
    return this.finished;
  }

  add(v: number): void {
    switch (this.pass) {
      case 0:
        this.ranks.addHigh(v);
        if (v < this.lo) this.lo = v;
        this.n++;
        return;
      case 1:
        this.ranks.addLow(v);
        return;
      case 2:
        if (this.hist && v < this.hi) {
          this.hist.add(v);
          this.below++;
        }
        this.deviations?.addHigh(Math.fround(Math.abs(v - this.median)));
        return;
      case 3:
        this.deviations!.addLow(Math.fround(Math.abs(v - this.median)));
        return;
    }
  }

  endPass(): void {
    const n = this.n;
    switch (this.pass) {
      case 0: {
        if (n === 0) {
          this.finished = true;
          return;
        }
        this.kept = Math.ceil((1 - OTSU_IGNORED_TAIL) * n);
        this.half = 0.5 * (n - 1);
        this.k0 = Math.floor(this.half);
        this.k1 = Math.min(this.k0 + 1, n - 1);
        if (this.withLowTail) this.tail = lowTailRanks(n);
        this.ranks.locate([this.kept - 1, this.k0, this.k1, ...(this.withLowTail ? this.tail.ranks : [])]);
        break;
      }
      case 1: {
        const v = this.ranks.values();
        this.hi = v[0]!;
        this.median = v[1]! + (v[2]! - v[1]!) * (this.half - this.k0);
        if (this.withLowTail) this.lowTail = lowTailOf(this.tail.positions, v.slice(3, 7));
        this.hist = this.hi > this.lo ? new OtsuHistogram(this.lo, this.hi) : null;
        if (!(this.lowTail !== null && this.lowTail.sigma > 0)) this.deviations = new FloatRankSelect();
        break;
      }
      case 2:
        this.split = this.hi;
        if (this.hist) {
          this.hist.addMany(this.hi, this.kept - this.below);
          this.split = this.hist.cut();
        }
        if (!this.deviations) {
          this.finished = true;
          return;
        }
        this.deviations.locate([this.k0, this.k1]);
        break;
      case 3: {
        const [d0, d1] = this.deviations!.values() as [number, number];
        const sigma = 1.4826 * (d0 + (d1 - d0) * (this.half - this.k0));
        this.medianFloor = this.median + DEFAULT_NOISE_FLOOR_K * sigma;
        this.finished = true;
        return;
      }
    }
    this.pass++;
  }

  result(): StreamedOtsuResult {
    if (!this.finished) throw new Error('StreamedOtsu: passes not finished');
    const { n, split, medianFloor, lowTail } = this;
    if (n === 0) return { n, split: NaN, medianFloor: NaN, lowTail: this.withLowTail ? { location: NaN, sigma: NaN } : null };
    return { n, split, medianFloor, lowTail };
  }
}
