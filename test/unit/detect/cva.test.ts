import { describe, expect, it } from 'vitest';
import { changeVectorMagnitude } from '../../../src/core/detect/change/cva.js';
import { rasterOf } from './synthetic.js';

describe('change vector magnitude', () => {
  it('is the Euclidean norm of the band differences', () => {
    const before = rasterOf(3, 1, [[0, 10, 5], [0, 20, 5]]);
    const after = rasterOf(3, 1, [[3, 10, 5], [4, 20, 6]]);
    expect(Array.from(changeVectorMagnitude.measure(before, after))).toEqual([5, 0, 1]);
  });

  it('is NaN (never change) where either date is not observed or a value is not finite', () => {
    const before = rasterOf(4, 1, [[0, 0, 0, NaN]], [1, 0, 1, 1]);
    const after = rasterOf(4, 1, [[9, 9, 9, 9]], [1, 1, 0, 1]);
    const score = changeVectorMagnitude.measure(before, after);
    expect(score[0]).toBe(9);
    expect([score[1], score[2], score[3]].every(Number.isNaN)).toBe(true);
  });

  it('refuses rasters that are not on one grid', () => {
    const before = rasterOf(2, 1, [[0, 0]]);
    const after = rasterOf(3, 1, [[0, 0, 0]]);
    expect(() => changeVectorMagnitude.measure(before, after)).toThrow(/one grid/);
  });
});
