// The window statistics of the agreement + hysteresis rule from passes over the observed pixels'
// terms (C = CVA 3×3, M5, D5, in raster order), in constant memory: the units each term is put in
// (noise-units.ts: P25/σ_low of C and of S, median/MAD of M5 and D5) and both hysteresis cuts
// (choose.ts 'otsu-low' at the low and high multipliers), the same numbers as the in-memory path.
// Each statistic is an exact order statistic found in two passes (FloatRankSelect), and each
// depends on the last, so a window takes nine passes (ten when the score's low tail is flat).
import { FloatRankSelect } from './float-rank-select.js';
import { OtsuHistogram } from '../threshold/otsu.js';
import { DEFAULT_NOISE_FLOOR_K, OTSU_IGNORED_TAIL } from '../threshold/choose.js';
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
  // The scores' statistics: Otsu's range, the low tail, the median (for the flat-tail fallback).
  private lo = NaN;
  private hi = NaN;
  private kept = 0;
  private below = 0;
  private hist: OtsuHistogram | null = null;
  private lowTail = { location: NaN, sigma: NaN };
  private median = NaN;
  private half = 0;
  private k0 = 0;
  private k1 = 0;
  private split = NaN;
  private medianFloor = NaN;

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
      case 6:
        this.selC.addHigh(this.score(c, m, d));
        return;
      case 7:
        this.selC.addLow(this.score(c, m, d));
        return;
      case 8: {
        const v = this.score(c, m, d);
        if (this.hist && v < this.hi) {
          this.hist.add(v);
          this.below++;
        }
        if (!(this.lowTail.sigma > 0)) this.selM.addHigh(Math.fround(Math.abs(v - this.median)));
        return;
      }
      case 9:
        this.selM.addLow(Math.fround(Math.abs(this.score(c, m, d) - this.median)));
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
        this.selC = new FloatRankSelect();
        break;
      }
      case 6:
        this.kept = Math.ceil((1 - OTSU_IGNORED_TAIL) * n);
        this.half = 0.5 * (n - 1);
        this.k0 = Math.floor(this.half);
        this.k1 = Math.min(this.k0 + 1, n - 1);
        this.selC.locate([0, this.kept - 1, ...this.tail.ranks, this.k0, this.k1]);
        break;
      case 7: {
        const v = this.selC.values();
        this.lo = v[0]!;
        this.hi = v[1]!;
        this.lowTail = lowTailOf(this.tail.positions, v.slice(2, 6));
        this.median = v[6]! + (v[7]! - v[6]!) * (this.half - this.k0);
        this.hist = this.hi > this.lo ? new OtsuHistogram(this.lo, this.hi) : null;
        this.selM = new FloatRankSelect();
        break;
      }
      case 8:
        this.split = this.hi;
        if (this.hist) {
          this.hist.addMany(this.hi, this.kept - this.below);
          this.split = this.hist.cut();
        }
        if (this.lowTail.sigma > 0) {
          this.finished = true;
          return;
        }
        this.selM.locate([this.k0, this.k1]);
        break;
      case 9: {
        const [d0, d1] = this.selM.values() as [number, number];
        this.medianFloor = this.median + DEFAULT_NOISE_FLOOR_K * (1.4826 * (d0 + (d1 - d0) * (this.half - this.k0)));
        this.finished = true;
        return;
      }
    }
    this.pass++;
  }

  result(): AgreeCuts {
    if (!this.finished) throw new Error('AgreeCutFinder: passes not finished');
    const { cva, magnitude, detail, sum, split } = this;
    if (this.n === 0) return { cva, magnitude, detail, sum, split: NaN, lowFloor: NaN, highFloor: NaN, low: Infinity, high: Infinity };
    const floor = (k: number): number => (this.lowTail.sigma > 0 ? this.lowTail.location + k * this.lowTail.sigma : this.medianFloor);
    const lowFloor = floor(this.lowK);
    const highFloor = floor(this.highK);
    return { cva, magnitude, detail, sum, split, lowFloor, highFloor, low: Math.max(split, lowFloor), high: Math.max(split, highFloor) };
  }
}
