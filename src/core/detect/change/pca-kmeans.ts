// PCA-KMeans (Celik 2009): each pixel's h×h neighbourhood of the difference image is projected onto
// the principal components of the image's non-overlapping h×h blocks, and two-class k-means on those
// features separates change from no-change. Score = how much nearer the change centroid a pixel is.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { changeVectorMagnitude } from './cva.js';
import { symmetricEigen, zeros } from './linalg.js';

export interface PcaKmeansOptions {
  /** Block and neighbourhood side h in pixels (odd). Celik tests 3–9; default 5. */
  readonly blockSizePx?: number;
  /** Keep the fewest components explaining at least this share of the block variance (default 0.9, Celik's rule). */
  readonly varianceShare?: number;
  /** Upper bound on kept components, so the per-pixel projection stays cheap (default 8). */
  readonly maxComponents?: number;
  /** Fit k-means on at most this many pixels on a fixed stride; every pixel is scored (default 100 000). */
  readonly maxSamples?: number;
  /** The difference image the method clusters (default CVA magnitude: |Δ| for one band, as in Celik). */
  readonly difference?: ChangeMeasure;
}

export interface PcaKmeansModel {
  readonly blockSizePx: number;
  /** Mean h² block vector (row-major within the block), subtracted before projecting. */
  readonly blockMean: Float64Array;
  /** Kept eigenvectors, each h² long, by descending eigenvalue. */
  readonly components: Float64Array[];
  /** Share of the block variance the kept components explain. */
  readonly explainedShare: number;
  readonly noChangeCentroid: Float64Array;
  readonly changeCentroid: Float64Array;
  readonly kmeansIterations: number;
}

const MAX_KMEANS_ITERATIONS = 100;

/**
 * Fits the eigenvector space and the two clusters on a difference image (NaN = not observed).
 * Null when there is nothing to separate (fewer than two usable blocks or a flat difference image).
 */
export function fitPcaKmeans(difference: Float32Array, width: number, height: number, opts: PcaKmeansOptions = {}): PcaKmeansModel | null {
  const h = blockSizeOf(opts);
  const pca = fitBlockPca(difference, width, height, h, opts.varianceShare ?? 0.9, opts.maxComponents ?? 8);
  if (pca === null) return null;
  const samples = samplePixels(difference, opts.maxSamples ?? 100_000);
  if (samples.length < 2) return null;
  const s = pca.components.length;
  const features = new Float64Array(samples.length * s);
  const window = new Float64Array(h * h);
  const centreDiff = new Float64Array(samples.length);
  for (let k = 0; k < samples.length; k++) {
    const i = samples[k]!;
    neighbourhood(difference, width, height, i, h, window);
    project(window, pca.blockMean, pca.components, features, k * s);
    centreDiff[k] = difference[i]!;
  }
  const clusters = twoMeans(features, s, initialLabels(difference, samples, width, height, h));
  if (clusters === null) return null;
  // Celik: the cluster whose pixels differ more on average is the change class.
  const [mean0, mean1] = clusterMeans(centreDiff, clusters.labels);
  const changeIs1 = mean1 > mean0;
  return {
    blockSizePx: h,
    blockMean: pca.blockMean,
    components: pca.components,
    explainedShare: pca.explainedShare,
    noChangeCentroid: changeIs1 ? clusters.centroids[0] : clusters.centroids[1],
    changeCentroid: changeIs1 ? clusters.centroids[1] : clusters.centroids[0],
    kmeansIterations: clusters.iterations,
  };
}

/**
 * Per pixel: distance to the no-change centroid minus distance to the change centroid. Celik's
 * cluster assignment is `score > 0`; NaN where the difference is NaN; 0 everywhere when no model.
 */
export function pcaKmeansScores(model: PcaKmeansModel | null, difference: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(difference.length);
  if (model === null) {
    for (let i = 0; i < out.length; i++) out[i] = Number.isFinite(difference[i]) ? 0 : NaN;
    return out;
  }
  const h = model.blockSizePx;
  const s = model.components.length;
  const window = new Float64Array(h * h);
  const feature = new Float64Array(s);
  const { noChangeCentroid: a, changeCentroid: b } = model;
  for (let i = 0; i < difference.length; i++) {
    if (!Number.isFinite(difference[i])) {
      out[i] = NaN;
      continue;
    }
    neighbourhood(difference, width, height, i, h, window);
    project(window, model.blockMean, model.components, feature, 0);
    let da = 0;
    let db = 0;
    for (let k = 0; k < s; k++) {
      da += (feature[k]! - a[k]!) ** 2;
      db += (feature[k]! - b[k]!) ** 2;
    }
    out[i] = Math.sqrt(da) - Math.sqrt(db);
  }
  return out;
}

export function pcaKmeans(opts: PcaKmeansOptions = {}): ChangeMeasure {
  const difference = opts.difference ?? changeVectorMagnitude;
  const h = blockSizeOf(opts);
  return {
    name: difference === changeVectorMagnitude ? 'pca-kmeans' : `pca-kmeans(${difference.name})`,
    version: '1',
    params: {
      ...difference.params,
      blockSizePx: h,
      varianceShare: opts.varianceShare ?? 0.9,
      maxComponents: opts.maxComponents ?? 8,
      maxSamples: opts.maxSamples ?? 100_000,
    },
    measure(before: Raster, after: Raster): Float32Array {
      const { width, height } = before.grid;
      const diff = difference.measure(before, after);
      return pcaKmeansScores(fitPcaKmeans(diff, width, height, opts), diff, width, height);
    },
  };
}

function blockSizeOf(opts: PcaKmeansOptions): number {
  const h = opts.blockSizePx ?? 5;
  if (!Number.isInteger(h) || h < 1 || h % 2 === 0) throw new Error(`pca-kmeans: block size must be a positive odd integer, got ${h}`);
  return h;
}

interface BlockPca {
  readonly blockMean: Float64Array;
  readonly components: Float64Array[];
  readonly explainedShare: number;
}

/** PCA of the fully observed, non-overlapping h×h blocks (Celik's eigenvector space). */
function fitBlockPca(diff: Float32Array, width: number, height: number, h: number, varianceShare: number, maxComponents: number): BlockPca | null {
  const d = h * h;
  const sum = new Float64Array(d);
  const cross = new Float64Array(d * d);
  const v = new Float64Array(d);
  let blocks = 0;
  for (let top = 0; top + h <= height; top += h) {
    for (let left = 0; left + h <= width; left += h) {
      let complete = true;
      for (let r = 0; r < h && complete; r++) {
        for (let c = 0; c < h; c++) {
          const x = diff[(top + r) * width + left + c]!;
          if (!Number.isFinite(x)) {
            complete = false;
            break;
          }
          v[r * h + c] = x;
        }
      }
      if (!complete) continue;
      blocks++;
      for (let p = 0; p < d; p++) {
        sum[p] += v[p]!;
        for (let q = p; q < d; q++) cross[p * d + q] += v[p]! * v[q]!;
      }
    }
  }
  if (blocks < 2) return null;
  const blockMean = sum.map((x) => x / blocks);
  const cov = zeros(d, d);
  let total = 0;
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) cov[p][q] = cov[q][p] = cross[p * d + q]! / blocks - blockMean[p]! * blockMean[q]!;
    total += cov[p][p];
  }
  // A flat difference image (identical dates): no direction to project on, nothing changed.
  if (!(total > 1e-12 * (1 + blockMean.reduce((m, x) => Math.max(m, x * x), 0)))) return null;
  const { values, vectors } = symmetricEigen(cov);
  const components: Float64Array[] = [];
  let explained = 0;
  for (let k = 0; k < d && components.length < maxComponents && explained < varianceShare * total; k++) {
    components.push(Float64Array.from(vectors, (row) => row[k]!));
    explained += Math.max(0, values[k]!);
  }
  return { blockMean, components, explainedShare: explained / total };
}

/** Observed pixels on a fixed stride (deterministic), at most maxSamples of them. */
function samplePixels(diff: Float32Array, maxSamples: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < diff.length; i++) if (Number.isFinite(diff[i])) count++;
  const stride = Math.max(1, Math.ceil(count / maxSamples));
  const out = new Uint32Array(Math.ceil(count / stride));
  let k = 0;
  for (let i = 0, seen = 0; i < diff.length; i++) {
    if (!Number.isFinite(diff[i])) continue;
    if (seen++ % stride === 0) out[k++] = i;
  }
  return out.subarray(0, k);
}

/**
 * The h×h window centred on pixel i, row-major like a block. Outside the image the nearest edge
 * pixel stands in; an unobserved neighbour takes the centre's value, so a cloud edge neither
 * adds nor hides change.
 */
function neighbourhood(diff: Float32Array, width: number, height: number, i: number, h: number, out: Float64Array): void {
  const radius = (h - 1) >> 1;
  const row = Math.floor(i / width);
  const col = i - row * width;
  const centre = diff[i]!;
  let k = 0;
  for (let dr = -radius; dr <= radius; dr++) {
    const r = Math.min(height - 1, Math.max(0, row + dr));
    for (let dc = -radius; dc <= radius; dc++) {
      const c = Math.min(width - 1, Math.max(0, col + dc));
      const x = diff[r * width + c]!;
      out[k++] = Number.isFinite(x) ? x : centre;
    }
  }
}

function project(window: Float64Array, mean: Float64Array, components: Float64Array[], out: Float64Array, offset: number): void {
  for (let k = 0; k < components.length; k++) {
    const e = components[k]!;
    let dot = 0;
    for (let p = 0; p < window.length; p++) dot += (window[p]! - mean[p]!) * e[p]!;
    out[offset + k] = dot;
  }
}

/*
 * Deterministic start instead of random seeds: pixels whose neighbourhood differs least (the lower
 * half) start the first cluster, the top tenth the second. Lloyd's iterations then move the split
 * wherever the features say.
 */
function initialLabels(diff: Float32Array, samples: Uint32Array, width: number, height: number, h: number): Uint8Array {
  const window = new Float64Array(h * h);
  const local = new Float64Array(samples.length);
  for (let k = 0; k < samples.length; k++) {
    neighbourhood(diff, width, height, samples[k]!, h, window);
    let s = 0;
    for (let p = 0; p < window.length; p++) s += window[p]!;
    local[k] = s / window.length;
  }
  const sorted = Float64Array.from(local).sort();
  const median = sorted[Math.floor(0.5 * (sorted.length - 1))]!;
  const top = sorted[Math.floor(0.9 * (sorted.length - 1))]!;
  // 2 = in neither starting group (ignored for the first centroids).
  return Uint8Array.from(local, (x) => (x >= top && top > median ? 1 : x <= median ? 0 : 2));
}

interface TwoMeans {
  readonly centroids: [Float64Array, Float64Array];
  readonly labels: Uint8Array;
  readonly iterations: number;
}

/** Lloyd's k-means with k = 2 on row-major feature vectors; null if the start has an empty group. */
function twoMeans(features: Float64Array, dims: number, start: Uint8Array): TwoMeans | null {
  const n = start.length;
  const labels = Uint8Array.from(start);
  const centroids: [Float64Array, Float64Array] = [new Float64Array(dims), new Float64Array(dims)];
  if (!updateCentroids(features, dims, labels, centroids)) return null;
  let iterations = 0;
  while (iterations < MAX_KMEANS_ITERATIONS) {
    iterations++;
    let moved = 0;
    for (let k = 0; k < n; k++) {
      let d0 = 0;
      let d1 = 0;
      for (let j = 0; j < dims; j++) {
        const f = features[k * dims + j]!;
        d0 += (f - centroids[0][j]!) ** 2;
        d1 += (f - centroids[1][j]!) ** 2;
      }
      const label = d1 < d0 ? 1 : 0;
      if (label !== labels[k]) moved++;
      labels[k] = label;
    }
    if (moved === 0) break;
    // An emptied cluster keeps its last centroid, so the loop still ends.
    updateCentroids(features, dims, labels, centroids);
  }
  return { centroids, labels, iterations };
}

/** Centroid of each of labels 0 and 1 (other labels ignored); false if either has no members. */
function updateCentroids(features: Float64Array, dims: number, labels: Uint8Array, centroids: [Float64Array, Float64Array]): boolean {
  const sums = [new Float64Array(dims), new Float64Array(dims)];
  const counts = [0, 0];
  for (let k = 0; k < labels.length; k++) {
    const label = labels[k]!;
    if (label > 1) continue;
    counts[label]++;
    for (let j = 0; j < dims; j++) sums[label]![j] += features[k * dims + j]!;
  }
  if (counts[0] === 0 || counts[1] === 0) return false;
  for (let c = 0; c < 2; c++) for (let j = 0; j < dims; j++) centroids[c]![j] = sums[c]![j]! / counts[c]!;
  return true;
}

function clusterMeans(values: Float64Array, labels: Uint8Array): [number, number] {
  const sums = [0, 0];
  const counts = [0, 0];
  for (let k = 0; k < labels.length; k++) {
    sums[labels[k]!] += values[k]!;
    counts[labels[k]!]++;
  }
  return [counts[0] ? sums[0] / counts[0] : -Infinity, counts[1] ? sums[1] / counts[1] : -Infinity];
}
