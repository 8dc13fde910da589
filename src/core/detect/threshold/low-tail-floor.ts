// A noise floor measured from the low end of the score distribution (P25 + m·σ, σ from P5..P25),
// for scenes where so much changed that the median and MAD no longer describe the unchanged pixels.
import { orderStatistics, type Values } from './order-stats.js';

/*
 * Why the low end: change only ever adds to the high end of a change score. With a fifth of a
 * scene changed (Landsat Taizhou) the median moves up into the change tail and the MAD widens,
 * so median + k·σ_MAD lands above the best cut. The 5th and 25th percentiles stay among the
 * unchanged pixels until about three quarters of the scene changed, so the noise's spread read
 * between them, and a floor placed from P25, do not move with the amount of change.
 * σ is scaled as for a Gaussian, where P25 − P5 = (z₀.₉₅ − z₀.₇₅)·σ ≈ 0.9704·σ.
 */
export const LOW_TAIL_LOCATION_QUANTILE = 0.25;
export const LOW_TAIL_SPREAD_QUANTILE = 0.05;
/** z₀.₉₅ − z₀.₇₅ of the standard normal: P25 − P5 in units of σ. */
const GAUSSIAN_P5_TO_P25 = 1.6448536269514722 - 0.6744897501960817;

/*
 * The multiplier m in P25 + m·σ. P25 sits about 0.67 σ below the noise's centre, so m = 8 is
 * roughly 7.3 σ above it — wider than the default's 4 σ_MAD because the low tail of a magnitude
 * score (a chi-like, right-skewed distribution) is narrower than its upper side.
 * Evidence (`borderwatch eval`, shared labelled data; OSCD 8 cities pooled F1 / Taizhou κ):
 *   cva-detail+s1+norm  m 7: 0.281 / 0.964   m 8: 0.295 / 0.942   m 9: 0.296 / 0.913
 *   cva-detail+norm     m 7: 0.304 / 0.947   m 8: 0.318 / 0.911   m 9: 0.319 / 0.868
 *   (today's default cva+norm+mean1 with median + 4σ_MAD: 0.228 / 0.930.)
 * Leaving one unit out of the 8 cities + Taizhou, the chosen m is 8 or 9 in every fold. SAR
 * log-ratio is unchanged (Bern 0.862; SF 0.889 via the atom fallback in choose.ts). Eval-only.
 */
export const DEFAULT_LOW_TAIL_MULTIPLIER = 8;

export interface LowTailNoiseFloor {
  /** P25 of the values (linear interpolation between order statistics). */
  readonly location: number;
  /** Gaussian-equivalent σ from P25 − P5. */
  readonly sigma: number;
  /** location + multiplier·sigma; NaN when there are no values. */
  readonly floor: number;
}

/**
 * The low-tail noise floor of finite, unsorted values (not modified), by exact order statistics
 * (no sort of the full array). Quantiles interpolate like quantileOfSorted: q·(n − 1) between ranks.
 */
export function lowTailNoiseFloor(values: Values, multiplier: number = DEFAULT_LOW_TAIL_MULTIPLIER): LowTailNoiseFloor {
  const n = values.length;
  if (n === 0) return { location: NaN, sigma: NaN, floor: NaN };
  const { positions, ranks } = lowTailRanks(n);
  const { location, sigma } = lowTailOf(positions, orderStatistics(values, ranks));
  return { location, sigma, floor: location + multiplier * sigma };
}

/** The ranks the floor reads (P5 and P25, each between two order statistics) of n values. */
export function lowTailRanks(n: number): { positions: number[]; ranks: number[] } {
  const positions = [LOW_TAIL_SPREAD_QUANTILE, LOW_TAIL_LOCATION_QUANTILE].map((q) => q * (n - 1));
  return { positions, ranks: positions.flatMap((pos) => [Math.floor(pos), Math.min(Math.floor(pos) + 1, n - 1)]) };
}

/** P25 and σ_low from the four order statistics at lowTailRanks (a streamed caller selects them itself). */
export function lowTailOf(positions: readonly number[], s: readonly number[]): { location: number; sigma: number } {
  const at = (j: number): number => s[2 * j]! + (s[2 * j + 1]! - s[2 * j]!) * (positions[j]! - Math.floor(positions[j]!));
  const p5 = at(0);
  const location = at(1);
  return { location, sigma: (location - p5) / GAUSSIAN_P5_TO_P25 };
}
