import { describe, expect, it } from 'vitest';
import { agreement } from '../../../src/core/detect/change/agreement.js';
import { applyUnits, lowTailUnits } from '../../../src/core/detect/change/noise-units.js';
import { measureReachPx, type ChangeMeasure } from '../../../src/core/detect/change/types.js';
import { AGREE_MEASURE } from '../../../src/core/detect/find-changes.js';
import { rasterOf, scene, withGainOffsetNoise } from './synthetic.js';

/** A measure that ignores the images and returns fixed scores (gain·s + offset). */
function fixed(scores: number[], gain = 1, offset = 0): ChangeMeasure {
  return { name: 'fixed', version: '1', params: {}, measure: () => Float32Array.from(scores, (s) => gain * s + offset) };
}

// 21 noise pixels 0..20 (P5 = 1, P25 = 5) then two test pixels.
const noise = Array.from({ length: 21 }, (_, i) => i);
const grid = rasterOf(23, 1, [new Float32Array(23)]);

describe('agreement of two change measures (the weaker of the two, in noise units)', () => {
  it('puts a score in units of its low-tail noise: (x − P25) / ((P25 − P5) / 0.9704)', () => {
    const values = Float32Array.from([...noise, NaN]);
    const z = applyUnits(values, lowTailUnits(values));
    const sigma = (5 - 1) / (1.6448536269514722 - 0.6744897501960817);
    expect(z[5]).toBeCloseTo(0, 6);
    expect(z[20]).toBeCloseTo(15 / sigma, 5);
    expect(Number.isNaN(z[21])).toBe(true);
  });

  it('scores high only where both measures are high: change one measure alone sees stays low', () => {
    // Pixel 21: only the first measure fires; pixel 22: both fire.
    const a = fixed([...noise, 200, 200]);
    const b = fixed([...noise, 3, 200]);
    const s = agreement(a, b).measure(grid, grid);
    expect(s[21]).toBeLessThan(0);
    expect(s[22]).toBeGreaterThan(40);
  });

  it('is unchanged when either measure is rescaled or shifted (neither term dominates by its units)', () => {
    const raw = [...noise, 60, 90];
    const other = [...noise.map((v) => 20 - v), 80, 30];
    const s = agreement(fixed(raw), fixed(other)).measure(grid, grid);
    const scaled = agreement(fixed(raw, 1000, -7), fixed(other, 0.01, 3)).measure(grid, grid);
    for (let i = 0; i < s.length; i++) expect(scaled[i]).toBeCloseTo(s[i]!, 3);
  });

  it('leaves a pixel not observed (NaN) in either measure not observed', () => {
    const s = agreement(fixed([...noise, NaN, 50]), fixed([...noise, 50, NaN])).measure(grid, grid);
    expect(Number.isNaN(s[21])).toBe(true);
    expect(Number.isNaN(s[22])).toBe(true);
  });
});

describe('the product default (CVA 3×3 agreeing with fine texture) scored in a larger window\'s units', () => {
  // 60×50 textured scene, a 12×8 block changed in the after date; a 24×20 crop around it.
  const W = 60, H = 50;
  const before = scene(W, H, 4, 3);
  const after = withGainOffsetNoise(before, [1, 1, 1, 1], [0, 0, 0, 0], 20, 4);
  for (let r = 20; r < 28; r++) for (let c = 25; c < 37; c++) for (const band of after.bands) band[r * W + c]! += 400;
  const crop = (x: typeof before, c0: number, r0: number, w: number, h: number): typeof before => rasterOf(w, h,
    x.bands.map((band) => Array.from({ length: w * h }, (_, i) => band[(r0 + Math.floor(i / w)) * W + c0 + (i % w)]!)));
  const C0 = 18, R0 = 14, CW = 24, CH = 20;

  it('states how far it looks (11×11 detail, then 5×5 means: 7 px) so a sub-window can be padded enough', () => {
    expect(measureReachPx(AGREE_MEASURE)).toBe(7);
  });

  it('gives a crop the whole window\'s scores at every pixel the crop holds the full reach of', () => {
    const whole = AGREE_MEASURE.calibrate!(before, after);
    expect(whole.score).toEqual(AGREE_MEASURE.measure(before, after));
    const part = AGREE_MEASURE.measureIn!(crop(before, C0, R0, CW, CH), crop(after, C0, R0, CW, CH), whole.units);
    const reach = measureReachPx(AGREE_MEASURE);
    let compared = 0;
    for (let r = reach; r < CH - reach; r++) for (let c = reach; c < CW - reach; c++) {
      expect(part[r * CW + c]).toBe(whole.score[(R0 + r) * W + C0 + c]);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
    // Scored in its own units instead, the crop (a third of it changed) reads differently.
    const own = AGREE_MEASURE.measure(crop(before, C0, R0, CW, CH), crop(after, C0, R0, CW, CH));
    expect(own[10 * CW + 12]).not.toBeCloseTo(whole.score[(R0 + 10) * W + C0 + 12]!, 1);
  });
});
