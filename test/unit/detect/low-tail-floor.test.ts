import { describe, expect, it } from 'vitest';
import { DEFAULT_LOW_TAIL_MULTIPLIER, lowTailNoiseFloor } from '../../../src/core/detect/threshold/low-tail-floor.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';
import { quantileOfSorted, robustLocationScale, sortedObserved } from '../../../src/core/detect/threshold/robust-stats.js';
import { changeVectorMagnitude } from '../../../src/core/detect/change/cva.js';
import { removeSpeckle } from '../../../src/core/detect/clean.js';
import { gaussianSource, rasterOf } from './synthetic.js';

const NOISE_MEAN = 10;
const NOISE_SIGMA = 2;
/** The floor on the noise alone, from the normal quantile: P25 = μ − 0.6745σ, then + 8σ. */
const NOISE_ONLY_FLOOR = NOISE_MEAN - 0.6744897501960817 * NOISE_SIGMA + DEFAULT_LOW_TAIL_MULTIPLIER * NOISE_SIGMA;

/** N(10, 2) noise with the last `changedShare` of the pixels replaced by change at N(changeMean, 3). */
function noiseWithChange(n: number, changedShare: number, changeMean: number, seed: number): { score: Float32Array; changedFrom: number } {
  const g = gaussianSource(seed);
  const changedFrom = n - Math.round(changedShare * n);
  const score = Float32Array.from({ length: n }, (_, i) => (i < changedFrom ? NOISE_MEAN + NOISE_SIGMA * g() : changeMean + 3 * g()));
  return { score, changedFrom };
}

function madFloor(score: Float32Array): number {
  const { median, sigma } = robustLocationScale(sortedObserved(score));
  return median + 4 * sigma;
}

describe('low-tail noise floor', () => {
  it('measures P25 + 8σ of Gaussian noise (to a quarter σ: sampling error of P5 and P25 is multiplied by 8)', () => {
    const { score } = noiseWithChange(40_000, 0, 0, 1);
    const floor = lowTailNoiseFloor(score);
    expect(floor.sigma).toBeCloseTo(NOISE_SIGMA, 1);
    expect(Math.abs(floor.floor - NOISE_ONLY_FLOOR)).toBeLessThan(0.25 * NOISE_SIGMA);
  });

  it.each([
    [0.2, 1],
    [0.35, 2],
  ])('moves by under half as much as median + 4σ_MAD when %s of the pixels changed (and < %s noise σ)', (share, maxShiftSigmas) => {
    const noiseOnly = noiseWithChange(40_000, 0, 0, 2).score;
    const { score } = noiseWithChange(40_000, share, 26, 2);
    const lowShift = lowTailNoiseFloor(score).floor - lowTailNoiseFloor(noiseOnly).floor;
    const madShift = madFloor(score) - madFloor(noiseOnly);
    expect(lowShift).toBeLessThan(maxShiftSigmas * NOISE_SIGMA);
    expect(lowShift).toBeLessThan(madShift / 2);
  });

  it('gives the same quantiles as sorting, exactly, on quantised data with ties and on small inputs', () => {
    const g = gaussianSource(5);
    for (const n of [1, 2, 7, 1000, 50_000]) {
      const values = Float32Array.from({ length: n }, () => Math.round(20 + 6 * g()) / 4);
      const sorted = values.slice().sort();
      const p25 = quantileOfSorted(sorted, 0.25);
      const expectedSigma = (p25 - quantileOfSorted(sorted, 0.05)) / (1.6448536269514722 - 0.6744897501960817);
      const floor = lowTailNoiseFloor(values, 6);
      expect(floor.location).toBe(p25);
      expect(floor.sigma).toBe(expectedSigma);
      expect(floor.floor).toBe(p25 + 6 * expectedSigma);
    }
  });

  it('leaves its input in place (the scores are still needed for the cut)', () => {
    const { score } = noiseWithChange(10_000, 0.2, 26, 9);
    const copy = score.slice();
    lowTailNoiseFloor(score);
    expect(score).toEqual(copy);
  });

  it('is NaN with nothing to measure', () => {
    expect(lowTailNoiseFloor(new Float32Array(0)).floor).toBeNaN();
  });
});

describe("threshold 'otsu-low'", () => {
  it('catches a change covering a third of the scene that the median floor partly misses', () => {
    const { score, changedFrom } = noiseWithChange(40_000, 0.35, 26, 3);
    const observed = new Uint8Array(score.length).fill(1);
    const missed = (t: number): number => score.subarray(changedFrom).filter((v) => v <= t).length;
    const falseAlarms = (t: number): number => score.subarray(0, changedFrom).filter((v) => v > t).length;
    const low = chooseThreshold(score, observed, { method: 'otsu-low', noiseFloorK: 6 });
    const median = chooseThreshold(score, observed, { method: 'otsu' });
    expect(low.method).toBe('otsu-low');
    expect(falseAlarms(low.threshold)).toBe(0);
    expect(missed(low.threshold)).toBeLessThan(missed(median.threshold) / 4);
  });

  it('flags nothing on pure noise CVA once isolated pixels are cleaned', () => {
    const g = gaussianSource(11);
    const n = 300 * 300;
    const bands = Array.from({ length: 4 }, () => Float32Array.from({ length: n }, () => 30 * g()));
    const zeros = Array.from({ length: 4 }, () => new Float32Array(n));
    const score = changeVectorMagnitude.measure(rasterOf(300, 300, zeros), rasterOf(300, 300, bands));
    const choice = chooseThreshold(score, new Uint8Array(n).fill(1), { method: 'otsu-low' });
    expect(choice.changedCount).toBeLessThan(n / 10_000);
    const mask = Uint8Array.from(score, (v) => (v > choice.threshold ? 1 : 0));
    expect(removeSpeckle(mask, 300, 300, 1).reduce((a, v) => a + v, 0)).toBe(0);
  });

  it('still flags almost nothing on pure quantised noise whose low quarter is one value (no spread to measure there)', () => {
    // A quarter of the pixels read exactly 0, like dark water in 8-bit SAR: P5 = P25 = 0.
    const g = gaussianSource(12);
    const n = 40_000;
    const score = Float32Array.from({ length: n }, () => Math.max(0, Math.round(3 + 4 * g())));
    expect(lowTailNoiseFloor(score).sigma).toBe(0);
    const choice = chooseThreshold(score, new Uint8Array(n).fill(1), { method: 'otsu-low' });
    expect(choice.changedCount).toBeLessThan(n / 1000);
  });

  it('ignores NaN scores and unobserved pixels, whatever they hold', () => {
    const { score } = noiseWithChange(20_000, 0.2, 26, 4);
    const clean = chooseThreshold(score, new Uint8Array(score.length).fill(1), { method: 'otsu-low' });
    const padded = new Float32Array(score.length + 6_000);
    padded.set(score);
    const observed = new Uint8Array(padded.length).fill(1);
    for (let i = score.length; i < padded.length; i++) {
      if (i % 2 === 0) padded[i] = NaN;
      else {
        padded[i] = i % 3 === 0 ? -1e6 : 1e6;
        observed[i] = 0;
      }
    }
    const withGaps = chooseThreshold(padded, observed, { method: 'otsu-low' });
    expect(withGaps.threshold).toBe(clean.threshold);
    expect(withGaps.changedCount).toBe(clean.changedCount);
  });
});
