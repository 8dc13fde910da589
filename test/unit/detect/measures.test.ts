import { describe, expect, it } from 'vitest';
import { fitIrMad, irMadChiSquare } from '../../../src/core/detect/change/ir-mad.js';
import { chiSquareCdf } from '../../../src/core/detect/change/chi-square.js';
import { logRatio } from '../../../src/core/detect/change/log-ratio.js';
import { indexDifference } from '../../../src/core/detect/change/index-difference.js';
import { kmeansThresholdOfSorted } from '../../../src/core/detect/threshold/kmeans.js';
import { changeProbability, fitTwoClassMixture } from '../../../src/core/detect/threshold/gaussian-mixture.js';
import { gaussianSource, rasterOf, scene, withGainOffsetNoise } from './synthetic.js';

describe('log-ratio', () => {
  it('scores a doubling the same in dark and bright areas (multiplicative speckle)', () => {
    const score = logRatio(0).measure(rasterOf(2, 1, [[10, 1000]]), rasterOf(2, 1, [[20, 2000]]));
    expect(score[0]).toBeCloseTo(Math.LN2, 6);
    expect(score[1]).toBeCloseTo(Math.LN2, 6);
  });
});

describe('index difference (NDVI)', () => {
  it('is |ΔNDVI| and ignores a gain common to both bands', () => {
    const before = rasterOf(2, 1, [[100, 100], [300, 300]]); // red, NIR: NDVI 0.5
    const after = rasterOf(2, 1, [[200, 300], [600, 100]]); // NDVI 0.5 (both ×2), then −0.5
    const score = indexDifference(1, 0).measure(before, after);
    expect(score[0]).toBeCloseTo(0, 6);
    expect(score[1]).toBeCloseTo(1, 6);
  });
});

describe('IR-MAD', () => {
  it('gives the same change statistic after any per-band gain/offset of the after date', () => {
    const before = scene(80, 80, 3, 21);
    const after = withGainOffsetNoise(before, [1, 1, 1], [0, 0, 0], 40, 22);
    for (let i = 1000; i < 1400; i++) after.bands[i % 3][i] += 900;
    const regained = withGainOffsetNoise(after, [2.5, 0.4, 1.7], [-100, 300, 7], 0, 0);
    const z1 = irMadChiSquare(fitIrMad(before, after), before, after);
    const z2 = irMadChiSquare(fitIrMad(before, regained), before, regained);
    let maxRel = 0;
    for (let i = 0; i < z1.length; i++) maxRel = Math.max(maxRel, Math.abs(z1[i] - z2[i]) / (1 + z1[i]));
    expect(maxRel).toBeLessThan(1e-3);
  });

  it('scores changed pixels far beyond the χ² no-change range', () => {
    const before = scene(80, 80, 3, 23);
    const after = withGainOffsetNoise(before, [1.2, 0.9, 1], [10, 0, -5], 40, 24);
    for (let i = 2000; i < 2100; i++) after.bands[1][i] += 1500;
    const z = irMadChiSquare(fitIrMad(before, after), before, after);
    let changedBelow = 0;
    for (let i = 2000; i < 2100; i++) if (chiSquareCdf(z[i], 3) < 0.999) changedBelow++;
    expect(changedBelow).toBe(0);
  });
});

describe('chi-square distribution', () => {
  it('matches known quantiles', () => {
    expect(chiSquareCdf(3.841459, 1)).toBeCloseTo(0.95, 5);
    expect(chiSquareCdf(9.487729, 4)).toBeCloseTo(0.95, 5);
    expect(chiSquareCdf(2, 2)).toBeCloseTo(1 - Math.exp(-1), 10);
  });
});

describe('k-means and Gaussian-mixture thresholds', () => {
  const g = gaussianSource(31);
  const values = Float32Array.from([...Array.from({ length: 800 }, () => 10 + g()), ...Array.from({ length: 200 }, () => 30 + 2 * g())]).sort();

  it('k-means cuts between the two modes', () => {
    const t = kmeansThresholdOfSorted(values);
    expect(t).toBeGreaterThan(14);
    expect(t).toBeLessThan(26);
  });

  it('the mixture recovers both populations and gives a change probability per score', () => {
    const m = fitTwoClassMixture(values)!;
    expect(m.noChange.mean).toBeCloseTo(10, 0);
    expect(m.change.mean).toBeCloseTo(30, 0);
    expect(m.change.weight).toBeCloseTo(0.2, 1);
    expect(changeProbability(m, 10)).toBeLessThan(0.01);
    expect(changeProbability(m, 30)).toBeGreaterThan(0.99);
  });
});
