import { describe, expect, it } from 'vitest';
import { hysteresisMask } from '../../../src/core/detect/threshold/hysteresis.js';

describe('hysteresis cut (seeds above the high cut, regions grown above the low cut)', () => {
  it('keeps a region above the low cut only when it holds a seed above the high cut', () => {
    // Two regions above 4: [5 9 5] holds a seed (9 > 8), [5 5] does not.
    const score = Float32Array.from([0, 5, 9, 5, 0, 5, 5]);
    expect([...hysteresisMask(score, 7, 1, 4, 8)]).toEqual([0, 1, 1, 1, 0, 0, 0]);
  });

  it('grows across diagonal neighbours (8-connected, so a 1 px wide diagonal track stays whole)', () => {
    const score = Float32Array.from([
      9, 0, 0, //
      0, 5, 0, //
      0, 0, 5,
    ]);
    expect([...hysteresisMask(score, 3, 3, 4, 8)]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('does not grow through a pixel at or below the low cut, nor through a not-observed (NaN) pixel', () => {
    const score = Float32Array.from([9, 4, 5, 4, 9, NaN, 5]);
    expect([...hysteresisMask(score, 7, 1, 4, 8)]).toEqual([1, 0, 0, 0, 1, 0, 0]);
  });

  it('equals a plain cut at the low value when the high cut is below it', () => {
    const score = Float32Array.from([1, 3, 6, 2, 7, 0, 5]);
    expect([...hysteresisMask(score, 7, 1, 4, 0)]).toEqual([0, 0, 1, 0, 1, 0, 1]);
  });

  it('rejects a score that does not fit the grid', () => {
    expect(() => hysteresisMask(new Float32Array(5), 2, 2, 0, 1)).toThrow(/2×2/);
  });
});
