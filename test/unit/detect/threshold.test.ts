import { describe, expect, it } from 'vitest';
import { otsuThresholdOfSorted } from '../../../src/core/detect/threshold/otsu.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';
import { changeVectorMagnitude } from '../../../src/core/detect/change/cva.js';
import { normaliseRadiometry } from '../../../src/core/raster/normalise.js';
import { removeSpeckle } from '../../../src/core/detect/clean.js';

/** Changed pixels left after the speckle cleaning scan applies (≥ 1 changed 8-neighbour). */
function changedAfterCleaning(score: Float32Array, threshold: number, width: number, height: number): number {
  const mask = Uint8Array.from(score, (v) => (v > threshold ? 1 : 0));
  return removeSpeckle(mask, width, height, 1).reduce((a, v) => a + v, 0);
}
import { gaussianSource, rasterOf, scene, withGainOffsetNoise } from './synthetic.js';

function bimodal(): Float32Array {
  const g = gaussianSource(7);
  const low = Array.from({ length: 900 }, () => 10 + 2 * g());
  const high = Array.from({ length: 100 }, () => 50 + 2 * g());
  return Float32Array.from([...low, ...high]);
}

describe('Otsu threshold', () => {
  it('cuts a bimodal histogram between the two modes', () => {
    const t = otsuThresholdOfSorted(bimodal().sort());
    expect(t).toBeGreaterThan(20);
    expect(t).toBeLessThan(40);
  });

  it('puts nothing above the cut when every value is equal', () => {
    const t = otsuThresholdOfSorted(new Float32Array(50).fill(3));
    expect(t).toBe(3);
  });
});

describe('chooseThreshold', () => {
  it('keeps the cut between change and background when a few extreme pixels sit far out in the tail', () => {
    // 10,000 background, 300 changed, 5 saturated pixels at 100× the change level.
    const g = gaussianSource(11);
    const values = [...Array.from({ length: 10_000 }, () => 10 + 2 * g()), ...Array.from({ length: 300 }, () => 50 + 2 * g()), ...Array(5).fill(5000)];
    const score = Float32Array.from(values);
    const choice = chooseThreshold(score, new Uint8Array(score.length).fill(1), { method: 'otsu' });
    expect(choice.threshold).toBeLessThan(40);
    expect(choice.changedCount).toBe(305);
  });

  it('separates a clear change mode from its background', () => {
    const score = bimodal();
    const choice = chooseThreshold(score, new Uint8Array(score.length).fill(1), { method: 'otsu' });
    expect(choice.changedCount).toBe(100);
    expect(choice.noChange).toBe(false);
  });

  it('leaves no change on pure Gaussian noise once isolated pixels are cleaned, where plain Otsu calls a third of them', () => {
    const g = gaussianSource(11);
    const n = 300 * 300;
    const bands = Array.from({ length: 4 }, () => Float32Array.from({ length: n }, () => 30 * g()));
    const zeros = Array.from({ length: 4 }, () => new Float32Array(n));
    const score = changeVectorMagnitude.measure(rasterOf(300, 300, zeros), rasterOf(300, 300, bands));
    const observed = new Uint8Array(n).fill(1);
    const choice = chooseThreshold(score, observed, { method: 'otsu' });
    expect(choice.changedCount).toBeLessThan(n / 1000);
    expect(changedAfterCleaning(score, choice.threshold, 300, 300)).toBe(0);
    const plainOtsu = chooseThreshold(score, observed, { method: 'otsu', noiseFloorK: 0 });
    expect(plainOtsu.changedCount).toBeGreaterThan(n / 10);
  });

  it('finds no change between a tile and itself', () => {
    const tile = scene(64, 64, 4, 3);
    const score = changeVectorMagnitude.measure(tile, tile);
    expect(chooseThreshold(score, tile.observed, { method: 'otsu' }).changedCount).toBe(0);
  });

  it('finds no change against a copy with a global gain/offset and sensor-level noise', () => {
    const before = scene(200, 200, 4, 5);
    const after = withGainOffsetNoise(before, [1.3, 0.8, 1.1, 0.95], [-200, 150, 40, 0], 20, 6);
    const normalised = normaliseRadiometry(before, after).after;
    const score = changeVectorMagnitude.measure(before, normalised);
    const choice = chooseThreshold(score, before.observed, { method: 'otsu' });
    expect(choice.changedCount).toBeLessThan(40);
    expect(changedAfterCleaning(score, choice.threshold, 200, 200)).toBe(0);
  });

  it('finds a real changed block in that same noisy, re-gained copy', () => {
    const w = 200;
    const before = scene(w, w, 4, 5);
    const after = withGainOffsetNoise(before, [1.3, 0.8, 1.1, 0.95], [-200, 150, 40, 0], 20, 6);
    const truth = new Uint8Array(w * w);
    for (let r = 50; r < 80; r++) for (let c = 120; c < 160; c++) {
      truth[r * w + c] = 1;
      after.bands[1][r * w + c] += 600; // a new bright roof in one band
    }
    const score = changeVectorMagnitude.measure(before, normaliseRadiometry(before, after).after);
    const choice = chooseThreshold(score, before.observed, { method: 'otsu' });
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < score.length; i++) if (score[i] > choice.threshold) truth[i] ? tp++ : fp++;
    expect(tp).toBeGreaterThan(0.99 * 1200);
    expect(fp).toBe(0);
  });

  it('uses a fixed threshold as given, without the noise guard', () => {
    const score = Float32Array.from([1, 2, 3, NaN]);
    const choice = chooseThreshold(score, Uint8Array.from([1, 1, 0, 1]), { method: 'fixed', fixed: 1.5 });
    expect(choice.threshold).toBe(1.5);
    expect(choice.changedCount).toBe(1);
  });
});
