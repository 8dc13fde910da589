// Picks the change/no-change cut for a score image: automatic (Otsu) with a noise guard, or fixed.
import { otsuThresholdOfSorted, OtsuHistogram } from './otsu.js';
import { orderStatistics } from './order-stats.js';
import { kmeansThresholdOfSorted } from './kmeans.js';
import { fitTwoClassMixture, mixtureThresholdOfSorted } from './gaussian-mixture.js';
import { robustLocationScale, robustLocationScaleInPlace, sortedObserved } from './robust-stats.js';
import { DEFAULT_LOW_TAIL_MULTIPLIER, lowTailNoiseFloor } from './low-tail-floor.js';

/** 'otsu-low': Otsu with the low-tail noise floor (P25 + k·σ from P5..P25) instead of median + k·σ_MAD. */
export type ThresholdMethod = 'otsu' | 'otsu-low' | 'kmeans' | 'gmm' | 'fixed';

export const THRESHOLD_METHODS: readonly ThresholdMethod[] = ['otsu', 'otsu-low', 'kmeans', 'gmm', 'fixed'];

export interface ThresholdOptions {
  readonly method: ThresholdMethod;
  /** The cut for method 'fixed' (score > fixed is change). */
  readonly fixed?: number;
  /** Noise-floor multiplier k in `median + k·σ_MAD`, or in `P25 + k·σ_low` for 'otsu-low' (automatic methods only). */
  readonly noiseFloorK?: number;
}

export interface ThresholdChoice {
  /** A pixel is change iff its score is strictly greater than this. */
  readonly threshold: number;
  readonly method: string;
  /** True when no observed pixel scores above the threshold. */
  readonly noChange: boolean;
  /** The automatic split before the guard (NaN for 'fixed'). */
  readonly splitThreshold: number;
  /** median + k·σ_MAD of the observed scores ('otsu-low': P25 + k·σ_low; NaN for 'fixed'). */
  readonly noiseFloor: number;
  /** How many observed pixels score above the threshold. */
  readonly changedCount: number;
}

/*
 * Why a noise floor: Otsu splits any histogram in two, so on a pair with no real change it
 * puts roughly a third of the pure-noise pixels above the cut. Real change is, by the nature
 * of a border watch, a small share of a tile, so the median and MAD of the score describe the
 * unchanged (noise + residual radiometry) population even when change is present. A pixel is
 * only called change when it is both on the change side of the split and more than k robust
 * standard deviations above the median.
 * Evidence for k = 4 (borderwatch eval on the shared labelled pairs, see README), CVA after
 * normalisation, kappa on Landsat Taizhou / pooled F1 on 8 OSCD cities:
 *   k = 0 (plain Otsu) 0.925 / 0.103 — Otsu alone flags 27 % of Bern and 17 % of OSCD;
 *   k = 4             0.919 / 0.236;
 *   k = 6             0.798 / 0.222 — the floor starts eating real change.
 * Log-ratio on San Francisco SAR: kappa 0.731 at k = 0, 0.794 at k = 4. On pure noise k = 4
 * leaves ~0.03 % of pixels above the cut, all isolated: scan's speckle cleaning removes them.
 */
export const DEFAULT_NOISE_FLOOR_K = 4;

/*
 * Otsu's split is computed without the top 0.1 % of scores (they are still change if above the
 * cut). In a corridor window a handful of extreme pixels (saturated roofs, a cloud edge) form a
 * third class far out in the tail, and Otsu then separates *them* from everything else: on the
 * Paris-Bercy sample corridor the cut jumped to 6,713 (15 pixels changed) although the labelled
 * changes score 1,000–3,000. Ignoring the 0.1 % tail, the cut falls to the noise floor (1,029).
 * On whole scenes it changes nothing that matters (OSCD pooled F1 0.230 → 0.229, Taizhou κ and
 * SAR κ unchanged; `borderwatch eval --data <labelled-data-dir>`).
 */
export const OTSU_IGNORED_TAIL = 0.001;

export function chooseThreshold(score: Float32Array, observed: Uint8Array, opts: ThresholdOptions): ThresholdChoice {
  if (opts.method === 'fixed') {
    const t = opts.fixed;
    if (t === undefined || !Number.isFinite(t)) throw new Error("chooseThreshold: method 'fixed' needs a finite 'fixed' value");
    const changedCount = countAbove(score, observed, t);
    return { threshold: t, method: 'fixed', noChange: changedCount === 0, splitThreshold: NaN, noiseFloor: NaN, changedCount };
  }
  if (opts.method === 'otsu') return otsuWithNoiseFloor(score, observed, opts.noiseFloorK ?? DEFAULT_NOISE_FLOOR_K);
  if (opts.method === 'otsu-low') return otsuWithLowTailFloor(score, observed, opts.noiseFloorK ?? DEFAULT_LOW_TAIL_MULTIPLIER);
  const sorted = sortedObserved(score, observed);
  if (sorted.length === 0) return nothingObserved(opts.method);
  const split = automaticSplit(sorted, opts.method);
  const { median, sigma } = robustLocationScale(sorted);
  const noiseFloor = median + (opts.noiseFloorK ?? DEFAULT_NOISE_FLOOR_K) * sigma;
  const threshold = Math.max(split, noiseFloor);
  const changedCount = countAbove(score, observed, threshold);
  return { threshold, method: opts.method, noChange: changedCount === 0, splitThreshold: split, noiseFloor, changedCount };
}

function nothingObserved(method: string): ThresholdChoice {
  return { threshold: Infinity, method, noChange: true, splitThreshold: NaN, noiseFloor: NaN, changedCount: 0 };
}

/*
 * The default path, without sorting the scores (a full sort of a whole tile's scores was most of
 * the scan's time): the few order statistics it needs — the top of Otsu's range (the 99.9 % rank),
 * the median and the median absolute deviation — come from orderStatistics (exact, by histogram),
 * and Otsu's own histogram is filled straight from the unsorted values. Same definitions and the
 * same numbers as otsuThresholdOfSorted + robustLocationScale on the sorted scores, except that
 * Otsu's per-bin sums are added in pixel order rather than ascending order (float64 rounding in
 * the last bits; it can only matter for two cuts whose between-class variances tie to ~1e-16).
 */
function otsuWithNoiseFloor(score: Float32Array, observed: Uint8Array, noiseFloorK: number): ThresholdChoice {
  const values = observedFinite(score, observed);
  if (values.length === 0) return nothingObserved('otsu');
  const split = otsuSplitOfValues(values);
  // Last, as it overwrites the values with their deviations.
  const { median, sigma } = robustLocationScaleInPlace(values);
  const noiseFloor = median + noiseFloorK * sigma;
  const threshold = Math.max(split, noiseFloor);
  const changedCount = countAbove(score, observed, threshold);
  return { threshold, method: 'otsu', noChange: changedCount === 0, splitThreshold: split, noiseFloor, changedCount };
}

/*
 * The same Otsu split, guarded by the low-tail floor (see low-tail-floor.ts for why). When P5 and
 * P25 coincide the low tail is an atom, not noise (San Francisco SAR: 28 % of its log-ratio is
 * exactly 0, dark water on both dates), its spread reads 0 and the floor would fall to P25, leaving
 * Otsu unguarded (SF κ 0.889 → 0.796). Then the spread cannot be measured there, and the default
 * floor, median + DEFAULT_NOISE_FLOOR_K·σ_MAD, guards instead.
 */
function otsuWithLowTailFloor(score: Float32Array, observed: Uint8Array, multiplier: number): ThresholdChoice {
  return otsuWithLowTailFloors(score, observed, [multiplier])[0]!;
}

/**
 * otsuWithLowTailFloor at several multipliers (a hysteresis cut's low and high), from one pass of
 * order statistics: the split, P5/P25 and the fallback floor do not depend on the multiplier.
 */
export function otsuWithLowTailFloors(score: Float32Array, observed: Uint8Array, multipliers: readonly number[]): ThresholdChoice[] {
  const values = observedFinite(score, observed);
  if (values.length === 0) return multipliers.map(() => nothingObserved('otsu-low'));
  const split = otsuSplitOfValues(values);
  const low = lowTailNoiseFloor(values, 0);
  const fallback = low.sigma > 0 ? NaN : medianNoiseFloor(values, DEFAULT_NOISE_FLOOR_K);
  return multipliers.map((m) => {
    const noiseFloor = low.sigma > 0 ? low.location + m * low.sigma : fallback;
    const threshold = Math.max(split, noiseFloor);
    const changedCount = countAbove(score, observed, threshold);
    return { threshold, method: 'otsu-low', noChange: changedCount === 0, splitThreshold: split, noiseFloor, changedCount };
  });
}

/** median + k·σ_MAD; overwrites `values` with their deviations. */
function medianNoiseFloor(values: Float32Array, k: number): number {
  const { median, sigma } = robustLocationScaleInPlace(values);
  return median + k * sigma;
}

/** Otsu's split of non-empty unsorted values, ignoring the top OTSU_IGNORED_TAIL (values unchanged). */
function otsuSplitOfValues(values: Float32Array): number {
  const n = values.length;
  const kept = Math.ceil((1 - OTSU_IGNORED_TAIL) * n);
  const [lo, hi] = orderStatistics(values, [0, kept - 1]) as [number, number];

  // Otsu on the `kept` smallest values: every value below hi, and as many copies of hi as fill up.
  let split = hi;
  if (hi > lo) {
    const hist = new OtsuHistogram(lo, hi);
    let below = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < hi) {
        hist.add(v);
        below++;
      }
    }
    hist.addMany(hi, kept - below);
    split = hist.cut();
  }
  return split;
}

/** The finite scores at observed pixels, in pixel order. */
function observedFinite(score: Float32Array, observed: Uint8Array): Float32Array {
  let count = 0;
  for (let i = 0; i < score.length; i++) if (observed[i] === 1 && Number.isFinite(score[i])) count++;
  const out = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < score.length; i++) {
    const v = score[i]!;
    if (observed[i] === 1 && Number.isFinite(v)) out[k++] = v;
  }
  return out;
}

function automaticSplit(sorted: Float32Array, method: 'kmeans' | 'gmm'): number {
  if (method === 'kmeans') return kmeansThresholdOfSorted(sorted);
  const mixture = fitTwoClassMixture(sorted);
  return mixture ? mixtureThresholdOfSorted(sorted, mixture) : sorted[sorted.length - 1]!;
}

/** The sort-based definition of the default split (Otsu on the lowest 99.9 %), for reference. */
export function otsuSplitOfSorted(sorted: Float32Array): number {
  return otsuThresholdOfSorted(sorted.subarray(0, Math.ceil((1 - OTSU_IGNORED_TAIL) * sorted.length)));
}

function countAbove(score: Float32Array, observed: Uint8Array, t: number): number {
  let c = 0;
  for (let i = 0; i < score.length; i++) if (observed[i] === 1 && score[i] > t) c++;
  return c;
}
