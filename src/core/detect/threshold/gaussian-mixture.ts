// Two-component Gaussian mixture fitted by EM on a score: a no-change and a change population,
// giving each pixel a change probability (the posterior of the higher-mean component).
import { otsuThresholdOfSorted } from './otsu.js';
import { upperBound } from './kmeans.js';

export interface Gaussian {
  readonly weight: number;
  readonly mean: number;
  readonly sigma: number;
}

export interface TwoClassMixture {
  readonly noChange: Gaussian;
  readonly change: Gaussian;
}

function logDensity(g: Gaussian, x: number): number {
  const z = (x - g.mean) / g.sigma;
  return Math.log(g.weight) - Math.log(g.sigma) - 0.5 * z * z;
}

/** P(change | score) under the mixture. */
export function changeProbability(m: TwoClassMixture, score: number): number {
  const lc = logDensity(m.change, score);
  const ln = logDensity(m.noChange, score);
  return 1 / (1 + Math.exp(ln - lc));
}

/** EM from Otsu's split; works on a histogram of the ascending values so each step is cheap. */
export function fitTwoClassMixture(sorted: Float32Array, bins = 1024, maxIterations = 200): TwoClassMixture | null {
  const n = sorted.length;
  if (n < 4 || !(sorted[n - 1] > sorted[0])) return null;
  const lo = sorted[0];
  const width = (sorted[n - 1] - lo) / bins;
  const centre = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor((sorted[i] - lo) / width));
    count[b] += 1;
    centre[b] += sorted[i];
  }
  for (let b = 0; b < bins; b++) centre[b] = count[b] > 0 ? centre[b] / count[b] : lo + (b + 0.5) * width;
  const minSigma = width / 2;
  const split = upperBound(sorted, otsuThresholdOfSorted(sorted, bins));
  const init = (from: number, to: number): Gaussian => {
    let s = 0;
    let ss = 0;
    for (let i = from; i < to; i++) s += sorted[i];
    const mean = s / (to - from);
    for (let i = from; i < to; i++) ss += (sorted[i] - mean) ** 2;
    return { weight: (to - from) / n, mean, sigma: Math.max(minSigma, Math.sqrt(ss / (to - from))) };
  };
  if (split <= 0 || split >= n) return null;
  let m: TwoClassMixture = { noChange: init(0, split), change: init(split, n) };
  let lastLogLik = -Infinity;
  for (let iter = 0; iter < maxIterations; iter++) {
    let w0 = 0, s0 = 0, q0 = 0, w1 = 0, s1 = 0, q1 = 0, logLik = 0;
    for (let b = 0; b < bins; b++) {
      if (count[b] === 0) continue;
      const x = centre[b];
      const l0 = logDensity(m.noChange, x);
      const l1 = logDensity(m.change, x);
      const top = Math.max(l0, l1);
      const norm = top + Math.log(Math.exp(l0 - top) + Math.exp(l1 - top));
      logLik += count[b] * norm;
      const r1 = count[b] * Math.exp(l1 - norm);
      const r0 = count[b] - r1;
      w0 += r0; s0 += r0 * x; q0 += r0 * x * x;
      w1 += r1; s1 += r1 * x; q1 += r1 * x * x;
    }
    if (w0 === 0 || w1 === 0) return null;
    const mean0 = s0 / w0;
    const mean1 = s1 / w1;
    m = {
      noChange: { weight: w0 / n, mean: mean0, sigma: Math.max(minSigma, Math.sqrt(Math.max(0, q0 / w0 - mean0 * mean0))) },
      change: { weight: w1 / n, mean: mean1, sigma: Math.max(minSigma, Math.sqrt(Math.max(0, q1 / w1 - mean1 * mean1))) },
    };
    if (logLik - lastLogLik < 1e-9 * Math.abs(logLik)) break;
    lastLogLik = logLik;
  }
  return m.change.mean >= m.noChange.mean ? m : { noChange: m.change, change: m.noChange };
}

/**
 * Smallest score above the no-change mean where P(change) reaches 1/2 (searched on the data,
 * so it is exact for the observed values). Infinity when no value gets there.
 */
export function mixtureThresholdOfSorted(sorted: Float32Array, m: TwoClassMixture): number {
  let lo = upperBound(sorted, m.noChange.mean);
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changeProbability(m, sorted[mid]) >= 0.5) hi = mid;
    else lo = mid + 1;
  }
  return lo === sorted.length ? Infinity : lo === 0 ? sorted[0] : sorted[lo - 1];
}
