// IR-MAD (Nielsen 2007): iteratively reweighted multivariate alteration detection. Canonical
// correlation between the two dates gives MAD variates (differences of canonical variates) that are
// invariant to any per-band linear (gain/offset) transform of either date; their standardised sum of
// squares is χ²(p)-distributed for unchanged pixels, and each iteration reweights pixels by their
// no-change probability so change stops influencing the fit. Score = that χ² statistic.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair, jointObserved } from './pair.js';
import { chiSquareCdf } from './chi-square.js';
import { cholesky, invertLower, invertSpd, multiply, symmetricEigen, transpose, zeros, type Matrix } from './linalg.js';

export interface IrMadOptions {
  readonly maxIterations?: number;
  /** Fit on at most this many pixels on a fixed stride (deterministic); scores cover every pixel. */
  readonly maxSamples?: number;
}

export interface IrMadModel {
  /** Canonical correlations, descending. */
  readonly rho: number[];
  /** MAD_k = Σ_b a[b][k]·(x_b − meanX_b) − Σ_b b[b][k]·(y_b − meanY_b). */
  readonly a: Matrix;
  readonly b: Matrix;
  readonly meanX: number[];
  readonly meanY: number[];
  /** Variance of each MAD variate on no-change pixels: 2(1 − ρ_k). */
  readonly madVariance: number[];
  readonly iterations: number;
}

/** Smallest MAD variance we divide by: two dates this alike are identical for our purposes. */
const MIN_MAD_VARIANCE = 1e-9;

export function fitIrMad(before: Raster, after: Raster, opts: IrMadOptions = {}): IrMadModel {
  const n = assertAlignedPair(before, after);
  const p = before.bands.length;
  const seen = jointObserved(before, after);
  const maxSamples = opts.maxSamples ?? 250_000;
  let count = 0;
  for (let i = 0; i < n; i++) count += seen[i];
  const stride = Math.max(1, Math.ceil(count / maxSamples));
  const idx: number[] = [];
  for (let i = 0, k = 0; i < n; i++) if (seen[i] === 1 && k++ % stride === 0) idx.push(i);
  if (idx.length <= 2 * p) throw new Error(`IR-MAD: too few observed pixels (${idx.length}) for ${p} bands`);
  const xs = before.bands.map((band) => Float64Array.from(idx, (i) => band[i]));
  const ys = after.bands.map((band) => Float64Array.from(idx, (i) => band[i]));
  const m = idx.length;
  const weights = new Float64Array(m).fill(1);
  let model: IrMadModel | null = null;
  const maxIterations = opts.maxIterations ?? 30;
  for (let iter = 1; iter <= maxIterations; iter++) {
    let next: IrMadModel;
    try {
      next = canonicalFit(xs, ys, weights, iter);
    } catch (err) {
      // Reweighting can leave too little no-change weight for a full-rank covariance (a pair
      // that is mostly change): keep the last good model rather than fail the scan.
      if (model === null) throw err;
      break;
    }
    const done = model !== null && Math.max(...next.rho.map((r, k) => Math.abs(r - model!.rho[k]))) < 1e-6;
    model = next;
    if (done) break;
    const z = new Float64Array(p);
    for (let i = 0; i < m; i++) {
      madAt(model, xs, ys, i, z);
      weights[i] = 1 - chiSquareCdf(chiSquareOf(model, z), p);
    }
  }
  return model!;
}

function canonicalFit(xs: Float64Array[], ys: Float64Array[], w: Float64Array, iterations: number): IrMadModel {
  const p = xs.length;
  const all = [...xs, ...ys];
  let wSum = 0;
  for (let i = 0; i < w.length; i++) wSum += w[i];
  const mean = all.map((v) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += w[i] * v[i];
    return s / wSum;
  });
  const cov = zeros(2 * p, 2 * p);
  for (let r = 0; r < 2 * p; r++) {
    for (let c = r; c < 2 * p; c++) {
      let s = 0;
      const vr = all[r];
      const vc = all[c];
      for (let i = 0; i < w.length; i++) s += w[i] * (vr[i] - mean[r]) * (vc[i] - mean[c]);
      cov[r][c] = cov[c][r] = s / wSum;
    }
  }
  const s11 = cov.slice(0, p).map((row) => row.slice(0, p));
  const s22 = cov.slice(p).map((row) => row.slice(p));
  const s12 = cov.slice(0, p).map((row) => row.slice(p));
  const s21 = transpose(s12);
  // S12 S22⁻¹ S21 a = ρ² S11 a, made symmetric with S11 = L Lᵀ: (L⁻¹ S12 S22⁻¹ S21 L⁻ᵀ) u = ρ² u, a = L⁻ᵀ u.
  const li = invertLower(cholesky(s11));
  const s22inv = invertSpd(s22);
  const c = multiply(multiply(li, multiply(multiply(s12, s22inv), s21)), transpose(li));
  const sym = c.map((row, i) => row.map((v, j) => (v + c[j][i]) / 2));
  const { values, vectors } = symmetricEigen(sym);
  const a = multiply(transpose(li), vectors);
  const rho = values.map((v) => Math.sqrt(Math.min(1, Math.max(0, v))));
  // b_k = S22⁻¹ S21 a_k / ρ_k has unit variance and positive correlation with a_k.
  const bRaw = multiply(multiply(s22inv, s21), a);
  const b = bRaw.map((row) => row.map((v, k) => (rho[k] > 0 ? v / rho[k] : 0)));
  return {
    rho,
    a,
    b,
    meanX: mean.slice(0, p),
    meanY: mean.slice(p),
    madVariance: rho.map((r) => Math.max(2 * (1 - r), MIN_MAD_VARIANCE)),
    iterations,
  };
}

function madAt(model: IrMadModel, xs: ArrayLike<number>[], ys: ArrayLike<number>[], i: number, out: Float64Array): void {
  const p = xs.length;
  for (let k = 0; k < p; k++) {
    let u = 0;
    let v = 0;
    for (let band = 0; band < p; band++) {
      u += model.a[band][k] * (xs[band][i] - model.meanX[band]);
      v += model.b[band][k] * (ys[band][i] - model.meanY[band]);
    }
    out[k] = u - v;
  }
}

function chiSquareOf(model: IrMadModel, mad: Float64Array): number {
  let z = 0;
  for (let k = 0; k < mad.length; k++) z += (mad[k] * mad[k]) / model.madVariance[k];
  return z;
}

/** χ² statistic of every pixel under a fitted model (NaN where not observed). */
export function irMadChiSquare(model: IrMadModel, before: Raster, after: Raster): Float32Array {
  const n = assertAlignedPair(before, after);
  const seen = jointObserved(before, after);
  const out = new Float32Array(n);
  const z = new Float64Array(before.bands.length);
  for (let i = 0; i < n; i++) {
    if (seen[i] !== 1) {
      out[i] = NaN;
      continue;
    }
    madAt(model, before.bands, after.bands, i, z);
    out[i] = chiSquareOf(model, z);
  }
  return out;
}

export function irMad(opts: IrMadOptions = {}): ChangeMeasure {
  return {
    name: 'ir-mad',
    version: '1',
    params: { maxIterations: opts.maxIterations ?? 30, maxSamples: opts.maxSamples ?? 250_000 },
    measure: (before, after) => irMadChiSquare(fitIrMad(before, after, opts), before, after),
  };
}
