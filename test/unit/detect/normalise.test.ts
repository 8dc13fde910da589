import { describe, expect, it } from 'vitest';
import { normaliseRadiometry } from '../../../src/core/raster/normalise.js';
import { gaussianSource, scene, withGainOffsetNoise } from './synthetic.js';

describe('relative radiometric normalisation', () => {
  it('recovers a known per-band gain/offset exactly with 20% of the pixels changed', () => {
    const before = scene(100, 100, 3, 1);
    const gains = [2, 0.5, 1.25];
    const offsets = [-300, 80, 10];
    // after = (before - offset) / gain, so the fit after → before must return gain and offset.
    const after = withGainOffsetNoise(before, gains.map((g) => 1 / g), offsets.map((o, b) => -o / gains[b]), 0, 0);
    const g = gaussianSource(2);
    for (let i = 0; i < 2000; i++) {
      const p = (i * 4999) % 10000; // 2000 distinct pixels spread over the tile
      after.bands[i % 3][p] += 400 + 300 * Math.abs(g());
    }
    const { fits } = normaliseRadiometry(before, after);
    fits.forEach((fit, b) => {
      expect(fit.gain).toBeCloseTo(gains[b], 4);
      expect(fit.offset).toBeCloseTo(offsets[b], 1);
    });
  });

  it('recovers gain/offset closely under sensor noise on both dates', () => {
    const before = scene(150, 150, 2, 4);
    const after = withGainOffsetNoise(before, [0.7, 1.4], [100, -50], 15, 9);
    const { fits, after: normalised } = normaliseRadiometry(before, after);
    expect(fits[0].gain).toBeCloseTo(1 / 0.7, 1);
    expect(fits[1].gain).toBeCloseTo(1 / 1.4, 1);
    let sumDiff = 0;
    for (let i = 0; i < 150 * 150; i++) sumDiff += normalised.bands[0][i] - before.bands[0][i];
    expect(Math.abs(sumDiff / (150 * 150))).toBeLessThan(2);
  });

  it('leaves not-observed pixels out of the fit', () => {
    const before = scene(50, 50, 1, 8);
    const after = withGainOffsetNoise(before, [1], [50], 0, 0);
    const observed = new Uint8Array(2500).fill(1);
    for (let i = 0; i < 1500; i++) {
      observed[i] = 0;
      after.bands[0][i] = 65535; // nodata fill value, 60% of the tile
    }
    const { fits } = normaliseRadiometry(before, { ...after, observed });
    expect(fits[0].gain).toBeCloseTo(1, 5);
    expect(fits[0].offset).toBeCloseTo(-50, 3);
  });
});
