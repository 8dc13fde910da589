import { describe, expect, it } from 'vitest';
import { detailChange } from '../../../src/core/detect/change/detail-change.js';
import { applyUnits, robustUnits } from '../../../src/core/detect/change/noise-units.js';
import { changeVectorMagnitude } from '../../../src/core/detect/change/cva.js';
import { smoothedMeasure } from '../../../src/core/detect/change/smooth.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';
import type { Raster } from '../../../src/core/types.js';
import { scene, withGainOffsetNoise } from './synthetic.js';

const W = 80;
const H = 80;
const at = (r: number, c: number): number => r * W + c;

/** Noisy re-observation with the same spectral shift in a 30×30 field (rows/cols 5–34) and a 3×3 building at (60, 60). */
function fieldAndBuilding(): { before: Raster; after: Raster } {
  const before = scene(W, H, 3, 51);
  const after = withGainOffsetNoise(before, [1, 1, 1], [0, 0, 0], 40, 52);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const field = r >= 5 && r < 35 && c >= 5 && c < 35;
      const building = r >= 59 && r <= 61 && c >= 59 && c <= 61;
      if (field || building) for (const band of after.bands) band[at(r, c)] += 400;
    }
  }
  return { before, after };
}

describe('magnitude + detail change (cva-detail)', () => {
  it('lifts a building-sized change, relative to a field that changed the same way, above where smoothed CVA puts it', () => {
    const { before, after } = fieldAndBuilding();
    // Relative standing of the building: (building − background) / (field centre − background).
    const standing = (s: Float32Array): number => (s[at(60, 60)] - s[at(70, 20)]) / (s[at(20, 20)] - s[at(70, 20)]);
    const cva = smoothedMeasure(changeVectorMagnitude, 2).measure(before, after);
    const score = detailChange().measure(before, after);
    // Averaged over the same 5×5 window, CVA dilutes the 3×3 building to about 9/25 of the field.
    expect(standing(cva)).toBeLessThan(0.45);
    expect(standing(score)).toBeGreaterThan(standing(cva) + 0.2);
    // The field is still change: well above the unchanged background.
    expect(score[at(20, 20)]).toBeGreaterThan(score[at(70, 20)] + 5);
  });

  it('gives the same scores when both dates get the same gain and offset', () => {
    const { before, after } = fieldAndBuilding();
    const recal = (r: Raster): Raster => withGainOffsetNoise(r, [2, 2, 2], [300, 300, 300], 0, 0);
    const plain = detailChange().measure(before, after);
    const scaled = detailChange().measure(recal(before), recal(after));
    let maxDiff = 0;
    for (let i = 0; i < plain.length; i++) maxDiff = Math.max(maxDiff, Math.abs(plain[i] - scaled[i]));
    expect(maxDiff).toBeLessThan(1e-2);
  });

  it('finds no change between identical dates, and leaves unobserved pixels unscored', () => {
    const before = scene(W, H, 3, 53);
    const observed = Uint8Array.from({ length: W * H }, (_, i) => (i % 7 === 0 ? 0 : 1));
    const score = detailChange().measure(before, { ...before, observed });
    for (let i = 0; i < score.length; i++) expect(Number.isNaN(score[i])).toBe(observed[i] === 0);
    expect(chooseThreshold(score, observed, { method: 'otsu' }).noChange).toBe(true);
  });
});

describe('robust z-score', () => {
  it('centres on the median in units of the MAD-based σ, untouched by an outlier', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, NaN, 1000]);
    const z = applyUnits(values, robustUnits(values));
    // median 3.5 of the six finite values' lower middle (3), MAD 1 → σ 1.4826
    expect(z[2]).toBeCloseTo(0, 6);
    expect(z[4]).toBeCloseTo(2 / 1.4826, 5);
    expect(Number.isNaN(z[5])).toBe(true);
  });
});
