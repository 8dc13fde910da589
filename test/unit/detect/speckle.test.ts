// Rule: speckle cleaning keeps a changed pixel when at least k of its eight neighbours changed —
// any of the eight, edges and corners of the window included — and the streamed engines' row-wise
// count (setNeighbours) is the same count.
import { describe, expect, it } from 'vitest';
import { removeSpeckle, setNeighbours } from '../../../src/core/detect/clean.js';
import { mulberry32 } from '../../../src/core/prng.js';

describe('speckle cleaning', () => {
  it('keeps a pair of changed pixels touching in any of the eight directions, and drops a lone one', () => {
    for (const [dr, dc] of [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1]] as const) {
      const mask = new Uint8Array(25);
      mask[2 * 5 + 2] = 1;
      mask[(2 + dr) * 5 + 2 + dc] = 1;
      expect(Array.from(removeSpeckle(mask, 5, 5, 1))).toEqual(Array.from(mask));
      expect(removeSpeckle(mask, 5, 5, 2).every((v) => v === 0)).toBe(true);
    }
    const lone = new Uint8Array(25);
    lone[0] = 1;
    expect(removeSpeckle(lone, 5, 5, 1).every((v) => v === 0)).toBe(true);
  });

  it('counts what a direct scan of the 3×3 neighbourhood counts, at every pixel of a random mask', () => {
    const random = mulberry32(9);
    const [w, h] = [13, 7];
    const mask = Uint8Array.from({ length: w * h }, () => (random() < 0.4 ? 1 : 0));
    for (let r = 0; r < h; r++) {
      const row = (k: number): Uint8Array | null => (k < 0 || k >= h ? null : mask.subarray(k * w, (k + 1) * w));
      for (let c = 0; c < w; c++) {
        let direct = 0;
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc;
          if ((dr || dc) && rr >= 0 && rr < h && cc >= 0 && cc < w) direct += mask[rr * w + cc]!;
        }
        expect(setNeighbours(row(r)!, row(r - 1), row(r + 1), c, w)).toBe(direct);
      }
    }
  });
});
