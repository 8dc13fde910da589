// Relative radiometric normalisation: maps the after date onto the before date's radiometry with a
// per-band linear fit on pixels that look unchanged, so a global brightness/gain shift is not change.
import type { Raster } from '../types.js';
import { jointlyObservedFinite } from './joint-observed.js';
import { robustLocationScaleInPlace } from '../detect/threshold/robust-stats.js';
import { orderStatistics } from '../detect/threshold/order-stats.js';

export interface LinearFit {
  readonly gain: number;
  readonly offset: number;
}

export interface NormaliseOptions {
  /** Share of sampled pixels, lowest joint residual first, treated as unchanged in each refit. */
  readonly keepQuantile?: number;
  readonly maxIterations?: number;
  /** Fits use at most this many pixels, taken on a fixed stride (deterministic). */
  readonly maxSamples?: number;
}

export interface NormaliseResult {
  /** The after raster in the before date's radiometry: band_b ← gain_b · band_b + offset_b. */
  readonly after: Raster;
  readonly fits: LinearFit[];
  /** How many sampled pixels the final fit treated as unchanged. */
  readonly invariantPixels: number;
}

const IDENTITY: LinearFit = { gain: 1, offset: 0 };

/*
 * Method: start from robust moment matching (median and MAD of each band), then iterate:
 * score each pixel by its squared residuals summed over all bands (each band scaled by the MAD
 * of its residuals, so one band cannot dominate), keep the lowest `keepQuantile` share as
 * unchanged, and refit every band by orthogonal regression on that one shared set. A pixel
 * that changed in any band is dropped from every band's fit, which is what makes the fit exact
 * on exact data even with a fifth of the pixels changed. Orthogonal (not ordinary) regression,
 * because both dates carry sensor noise and OLS would shrink the gain towards zero.
 */
export function normaliseRadiometry(before: Raster, after: Raster, opts: NormaliseOptions = {}): NormaliseResult {
  const keepQuantile = opts.keepQuantile ?? 0.5;
  const maxIterations = opts.maxIterations ?? 20;
  // 50k pixels pin a per-band gain/offset far below sensor noise; 250k cost 5× the time for the
  // same fits (eval on the shared labelled data: identical OSCD/Taizhou/SAR figures at 40k and 250k).
  const maxSamples = opts.maxSamples ?? 50_000;
  const bandCount = before.bands.length;
  if (after.bands.length !== bandCount) throw new Error(`normaliseRadiometry: band counts differ (${bandCount} vs ${after.bands.length})`);

  const sample = samplePixels(jointlyObservedFinite(before, after), maxSamples);
  let fits: LinearFit[] = before.bands.map(() => IDENTITY);
  let invariantPixels = 0;
  if (sample.length >= 3) {
    const xs = after.bands.map((band) => gather(band, sample));
    const ys = before.bands.map((band) => gather(band, sample));
    const yExtent = ys.map(extent);
    fits = xs.map((x, b) => momentMatch(x, ys[b]));
    const work = new InvariantWorkspace(sample.length);
    let keep: Uint8Array = new Uint8Array(sample.length);
    for (let iter = 0; iter < maxIterations; iter++) {
      const next = work.selectInvariant(xs, ys, fits, keepQuantile);
      if (iter > 0 && sameSelection(keep, next)) break;
      keep = Uint8Array.from(next);
      const kept = keptIndices(keep);
      const refit = xs.map((x, b) => orthogonalFit(x, ys[b], kept));
      const settled = refit.every((f, b) => fitsAgree(f, fits[b], yExtent[b]));
      fits = refit;
      if (settled) break;
    }
    invariantPixels = keep.reduce((a, v) => a + v, 0);
  }
  const bands = after.bands.map((band, b) => applyFit(band, fits[b]));
  return { after: { grid: after.grid, observed: after.observed, bands }, fits, invariantPixels };
}

function samplePixels(seen: Uint8Array, maxSamples: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < seen.length; i++) count += seen[i];
  const stride = Math.max(1, Math.ceil(count / maxSamples));
  const out = new Uint32Array(Math.ceil(count / stride));
  let k = 0;
  let seenIndex = 0;
  for (let i = 0; i < seen.length; i++) {
    if (seen[i] !== 1) continue;
    if (seenIndex++ % stride === 0) out[k++] = i;
  }
  return out.subarray(0, k);
}

function gather(band: Float32Array, idx: Uint32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = band[idx[i]];
  return out;
}

function momentMatch(x: Float64Array, y: Float64Array): LinearFit {
  const sx = robustLocationScaleInPlace(Float32Array.from(x));
  const sy = robustLocationScaleInPlace(Float32Array.from(y));
  const gain = sx.sigma > 0 && sy.sigma > 0 ? sy.sigma / sx.sigma : 1;
  return { gain, offset: sy.median - gain * sx.median };
}

/** The q-quantile as the order statistic of rank round(q·(n−1)), without reordering the values. */
function quantile(values: Float32Array | Float64Array, q: number): number {
  return orderStatistics(values, [Math.round(q * (values.length - 1))])[0]!;
}

/** Scratch arrays reused by every iteration of the invariant-pixel selection (no per-iteration allocation). */
class InvariantWorkspace {
  private readonly score: Float64Array;
  private readonly residual: Float32Array;
  private readonly abs: Float32Array;
  private readonly keep: Uint8Array;
  constructor(n: number) {
    this.score = new Float64Array(n);
    this.residual = new Float32Array(n);
    this.abs = new Float32Array(n);
    this.keep = new Uint8Array(n);
  }

  /** The kept set (valid until the next call): pixels whose joint scaled residual is within the keepQuantile cut. */
  selectInvariant(xs: Float64Array[], ys: Float64Array[], fits: LinearFit[], keepQuantile: number): Uint8Array {
    const { score, residual, abs, keep } = this;
    const n = score.length;
    score.fill(0);
    for (let b = 0; b < xs.length; b++) {
      const { gain, offset } = fits[b];
      const x = xs[b];
      const y = ys[b];
      for (let i = 0; i < n; i++) {
        const r = y[i] - (gain * x[i] + offset);
        residual[i] = r;
        abs[i] = Math.abs(residual[i]);
      }
      // MAD of the residual; zero on exact data, where any positive scale keeps the ranking right.
      const scale = quantile(abs, 0.5) || quantile(abs, 0.9) || 1;
      for (let i = 0; i < n; i++) score[i] += (residual[i] / scale) ** 2;
    }
    const cut = quantile(score, keepQuantile);
    for (let i = 0; i < n; i++) keep[i] = score[i] <= cut ? 1 : 0;
    return keep;
  }
}

/** The positions of the kept pixels, ascending (each fit then walks only those). */
function keptIndices(keep: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < keep.length; i++) count += keep[i];
  const out = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] === 1) out[k++] = i;
  return out;
}

/** Total-least-squares line y = gain·x + offset through the kept points (sums in ascending pixel order). */
function orthogonalFit(x: Float64Array, y: Float64Array, kept: Uint32Array): LinearFit {
  const n = kept.length;
  if (n < 2) return IDENTITY;
  let mx = 0;
  let my = 0;
  for (let j = 0; j < n; j++) {
    const i = kept[j];
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let j = 0; j < n; j++) {
    const i = kept[j];
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // A flat band (or no correlation) has no slope to fit: shift only.
  if (sxx === 0 || sxy === 0) return { gain: 1, offset: my - mx };
  const gain = (syy - sxx + Math.sqrt((syy - sxx) ** 2 + 4 * sxy * sxy)) / (2 * sxy);
  return { gain, offset: my - gain * mx };
}

function extent(y: Float64Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  return { lo, hi };
}

/** Fits that move no pixel by more than 1e-6 of the band's spread have converged. */
function fitsAgree(a: LinearFit, b: LinearFit, { lo, hi }: { lo: number; hi: number }): boolean {
  const tol = 1e-6 * Math.max(hi - lo, 1e-12);
  return Math.abs(a.gain - b.gain) * Math.max(Math.abs(lo), Math.abs(hi)) + Math.abs(a.offset - b.offset) <= tol;
}

function sameSelection(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function applyFit(band: Float32Array, fit: LinearFit): Float32Array {
  const out = new Float32Array(band.length);
  for (let i = 0; i < band.length; i++) out[i] = fit.gain * band[i] + fit.offset;
  return out;
}
