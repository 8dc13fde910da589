import { describe, expect, it } from 'vitest';
import { fitPcaKmeans, pcaKmeans, pcaKmeansScores } from '../../../src/core/detect/change/pca-kmeans.js';
import { parseMethod } from '../../../src/eval/methods.js';
import { detect } from '../../../src/eval/evaluate.js';
import type { LabelledPair } from '../../../src/eval/datasets.js';
import type { Raster } from '../../../src/core/types.js';
import { rasterOf, scene, withGainOffsetNoise } from './synthetic.js';

const W = 60;
const H = 60;

/** True inside the 12×12 square at rows/cols 20–31. */
const inSquare = (i: number): boolean => {
  const r = Math.floor(i / W);
  const c = i % W;
  return r >= 20 && r < 32 && c >= 20 && c < 32;
};

/** A 3-band scene, its noisy re-observation, and a 12×12 square of new material in it. */
function squareOfChange(seed: number): { before: Raster; after: Raster } {
  const before = scene(W, H, 3, seed);
  const after = withGainOffsetNoise(before, [1, 1, 1], [0, 0, 0], 60, seed + 1);
  for (let i = 0; i < W * H; i++) if (inSquare(i)) for (const band of after.bands) band[i] += 700;
  return { before, after };
}

function f1Against(changed: (i: number) => boolean, truth: (i: number) => boolean, n: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    if (changed(i) && truth(i)) tp++;
    else if (changed(i)) fp++;
    else if (truth(i)) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn);
}

describe('PCA-KMeans (Celik 2009)', () => {
  it('finds a square of change in noise, for every block size', () => {
    const { before, after } = squareOfChange(31);
    for (const blockSizePx of [3, 5, 7]) {
      const score = pcaKmeans({ blockSizePx }).measure(before, after);
      // Celik's assignment: nearer the change centroid. The square's edge blurs by up to h/2 pixels.
      expect(f1Against((i) => score[i] > 0, inSquare, W * H)).toBeGreaterThan(0.8);
    }
  });

  it('gives the same scores when both dates gain the same constant offset', () => {
    const { before, after } = squareOfChange(33);
    const shift = (r: Raster): Raster => withGainOffsetNoise(r, [1, 1, 1], [250, -40, 1000], 0, 0);
    const plain = pcaKmeans({ blockSizePx: 5 }).measure(before, after);
    const shifted = pcaKmeans({ blockSizePx: 5 }).measure(shift(before), shift(after));
    let maxDiff = 0;
    for (let i = 0; i < plain.length; i++) maxDiff = Math.max(maxDiff, Math.abs(plain[i] - shifted[i]));
    // Float32 rounding of the shifted bands only (values ~1e3, so ~1e-4 per band).
    expect(maxDiff).toBeLessThan(0.05);
  });

  it('calls nothing changed when the two dates are identical', () => {
    const before = scene(W, H, 3, 35);
    const score = pcaKmeans({ blockSizePx: 3 }).measure(before, before);
    expect(score.every((v) => v <= 0)).toBe(true);
    expect(fitPcaKmeans(new Float32Array(W * H), W, H)).toBeNull();
  });

  it('leaves unobserved pixels unscored and still finds the change around them', () => {
    const { before, after } = squareOfChange(37);
    const observed = Uint8Array.from({ length: W * H }, (_, i) => (i % W === 25 || Math.floor(i / W) === 5 ? 0 : 1));
    const masked = { ...after, observed };
    const score = pcaKmeans({ blockSizePx: 5 }).measure(before, masked);
    for (let i = 0; i < W * H; i++) expect(Number.isNaN(score[i])).toBe(observed[i] === 0);
    expect(f1Against((i) => score[i] > 0, (i) => inSquare(i) && observed[i] === 1, W * H)).toBeGreaterThan(0.8);
  });

  it('calls the cluster that differs more the change class, whether the change brightens or darkens', () => {
    const before = rasterOf(W, H, [Array.from({ length: W * H }, (_, i) => 1000 + 30 * Math.sin(i))]);
    const darker = rasterOf(W, H, [Array.from(before.bands[0], (v, i) => (inSquare(i) ? v - 600 : v + 20 * Math.cos(3 * i)))]);
    const score = pcaKmeans({ blockSizePx: 3 }).measure(before, darker);
    expect(f1Against((i) => score[i] > 0, inSquare, W * H)).toBeGreaterThan(0.8);
  });

  it('scores a pixel by the model it was given, so a model fitted once scores any window alike', () => {
    const { before, after } = squareOfChange(39);
    const diff = Float32Array.from(before.bands[0], (_, i) => Math.hypot(...before.bands.map((b, k) => after.bands[k][i] - b[i])));
    const model = fitPcaKmeans(diff, W, H, { blockSizePx: 5 });
    expect(model).not.toBeNull();
    expect(model!.explainedShare).toBeGreaterThan(0);
    expect(Array.from(pcaKmeansScores(model, diff, W, H))).toEqual(Array.from(pcaKmeans({ blockSizePx: 5 }).measure(before, after)));
  });
});

describe("eval's ':cluster' cut", () => {
  it('reproduces exactly the pixels PCA-KMeans assigns to the change cluster', () => {
    const { before, after } = squareOfChange(41);
    const pair: LabelledPair = {
      name: 'synthetic/square',
      group: 'synthetic',
      kind: 'multispectral',
      before,
      after,
      truth: Uint8Array.from({ length: W * H }, (_, i) => (inSquare(i) ? 1 : 0)),
      pixelAreaM2: 100,
    };
    const method = parseMethod('pca-kmeans+h5:cluster')(pair);
    const { mask } = detect(pair, method);
    const own = pcaKmeans({ blockSizePx: 5 }).measure(before, after);
    expect(Array.from(mask)).toEqual(Array.from(own, (v) => (v > 0 ? 1 : 0)));
  });
});
