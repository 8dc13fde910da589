// The window statistics of the agreement + hysteresis rule from passes over the observed pixels'
// terms (C = CVA 3×3, M5, D5, in raster order), in constant memory: the units each term is put in
// (noise-units.ts: P25/σ_low of C and of S, median/MAD of M5 and D5) and both hysteresis cuts
// (choose.ts 'otsu-low' at the low and high multipliers, scores' passes in streamed-otsu.ts), the
// same numbers as the in-memory path.
// Each statistic is an exact order statistic found in two passes (FloatRankSelect), and each
// depends on the last, so a window takes nine passes (ten when the score's low tail is flat).
import { FloatRankSelect } from './float-rank-select.js';
import { StreamedOtsu } from './streamed-otsu.js';
import { lowTailOf, lowTailRanks } from '../threshold/low-tail-floor.js';
import { inUnits as inUnits64, lowTailUnitsOf, robustUnitsOf, type NoiseUnits } from '../change/noise-units.js';

/** A term in its units, stored as float32 (as applyUnits stores it). */
const inUnits = (x: number, u: NoiseUnits): number => Math.fround(inUnits64(x, u));

export interface AgreeCuts {
  readonly cva: NoiseUnits;
  readonly magnitude: NoiseUnits;
  readonly detail: NoiseUnits;
  /** The units of S, the detail measure's sum of the two standardised terms. */
  readonly sum: NoiseUnits;
  /** Otsu's split of the scores (NaN when nothing was observed). */
  readonly split: number;
  /** The low-tail floors at the low and high multipliers (median floor when σ_low is 0). */
  readonly lowFloor: number;
  readonly highFloor: number;
  /** A pixel is change when its score > low; a region is kept when one of its pixels > high. */
  readonly low: number;
  readonly high: number;
}

const IDENTITY: NoiseUnits = { location: 0, scale: 1 };

/**
 * Feed every observed pixel's terms in raster order, then endPass(), until done. The score of a
 * pixel (score(c, m, d)) is known from pass 6 on; result() once done.
 */
export class AgreeCutFinder {
  private pass = 0;
  private n = 0;
  private finished = false;
  private cva = IDENTITY;
  private magnitude = IDENTITY;
  private detail = IDENTITY;
  private sum = IDENTITY;
  private medianM = 0;
  private medianD = 0;
  private absSumM = 0;
  private absSumD = 0;
  private selC = new FloatRankSelect();
  private selM = new FloatRankSelect();
  private selD = new FloatRankSelect();
  private tail = lowTailRanks(0);
  // The scores' statistics (passes 6 on): Otsu's split, the low tail, the median floor (for the flat-tail fallback).
  private readonly scores = new StreamedOtsu(true);

  constructor(private readonly lowK: number, private readonly highK: number) {}

  get done(): boolean {
    return this.finished;
  }

  /** The agreement score of a pixel's terms in the window's units (from pass 6 on). */
  score(c: number, m: number, d: number): number {
    const s = Math.fround(inUnits(m, this.magnitude) + inUnits(d, this.detail));
    return Math.min(inUnits(c, this.cva), inUnits(s, this.sum));
  }

  /** add() for n triples (c, m, d) stored one after another in `t` (a kept chunk of terms). */
  addMany(t: Float32Array, n: number): void {
    for (let k = 0; k < 3 * n; k += 3) this.add(t[k]!, t[k + 1]!, t[k + 2]!);
  }

  add(c: number, m: number, d: number): void {
    switch (this.pass) {
      case 0:
        this.n++;
        this.selC.addHigh(c);
        this.selM.addHigh(m);
        this.selD.addHigh(d);
        return;
      case 1:
        this.selC.addLow(c);
        this.selM.addLow(m);
        this.selD.addLow(d);
        return;
      case 2: {
        const dm = Math.fround(Math.abs(m - this.medianM));
        const dd = Math.fround(Math.abs(d - this.medianD));
        this.absSumM += dm;
        this.absSumD += dd;
        this.selM.addHigh(dm);
        this.selD.addHigh(dd);
        return;
      }
      case 3:
        this.selM.addLow(Math.fround(Math.abs(m - this.medianM)));
        this.selD.addLow(Math.fround(Math.abs(d - this.medianD)));
        return;
      case 4:
        this.selC.addHigh(Math.fround(inUnits(m, this.magnitude) + inUnits(d, this.detail)));
        return;
      case 5:
        this.selC.addLow(Math.fround(inUnits(m, this.magnitude) + inUnits(d, this.detail)));
        return;
      default:
        this.scores.add(this.score(c, m, d));
        return;
    }
  }

  endPass(): void {
    const n = this.n;
    const mid = (n - 1) >> 1;
    switch (this.pass) {
      case 0:
        if (n === 0) {
          this.finished = true;
          return;
        }
        this.tail = lowTailRanks(n);
        this.selC.locate(this.tail.ranks);
        this.selM.locate([mid]);
        this.selD.locate([mid]);
        break;
      case 1: {
        const c = lowTailOf(this.tail.positions, this.selC.values());
        this.cva = lowTailUnitsOf(c.location, c.sigma);
        this.medianM = this.selM.values()[0]!;
        this.medianD = this.selD.values()[0]!;
        this.selM = new FloatRankSelect();
        this.selD = new FloatRankSelect();
        break;
      }
      case 2:
        this.selM.locate([mid]);
        this.selD.locate([mid]);
        break;
      case 3: {
        this.magnitude = robustUnitsOf(this.medianM, this.selM.values()[0]!, this.absSumM, n);
        this.detail = robustUnitsOf(this.medianD, this.selD.values()[0]!, this.absSumD, n);
        this.selC = new FloatRankSelect();
        break;
      }
      case 4:
        this.selC.locate(this.tail.ranks);
        break;
      case 5: {
        const s = lowTailOf(this.tail.positions, this.selC.values());
        this.sum = lowTailUnitsOf(s.location, s.sigma);
        // The terms' statistics are done: one empty selector lets their located bins go.
        this.selC = this.selM = this.selD = new FloatRankSelect();
        break;
      }
      default:
        this.scores.endPass();
        if (this.scores.done) {
          this.finished = true;
          return;
        }
        break;
    }
    this.pass++;
  }

  result(): AgreeCuts {
    if (!this.finished) throw new Error('AgreeCutFinder: passes not finished');
    const { cva, magnitude, detail, sum } = this;
    if (this.n === 0) return { cva, magnitude, detail, sum, split: NaN, lowFloor: NaN, highFloor: NaN, low: Infinity, high: Infinity };
    const { split, lowTail, medianFloor } = this.scores.result();
    const floor = (k: number): number => (lowTail!.sigma > 0 ? lowTail!.location + k * lowTail!.sigma : medianFloor);
    const lowFloor = floor(this.lowK);
    const highFloor = floor(this.highK);
    return { cva, magnitude, detail, sum, split, lowFloor, highFloor, low: Math.max(split, lowFloor), high: Math.max(split, highFloor) };
  }
}
