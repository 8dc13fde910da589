// Spec: the one-cut threshold found in passes over a stream of scores (streamed-otsu.ts, shared by
// the one-cut and agreement streaming engines) is chooseThreshold's on the whole array, bit for bit:
// the split, the median floor and the low-tail floor, with zeros of both signs at the bottom, a flat
// low tail (median-floor fallback) and all-equal scores (no Otsu range).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/prng.js';
import { StreamedOtsu } from '../../../src/core/detect/stream/streamed-otsu.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';
import { DEFAULT_LOW_TAIL_MULTIPLIER } from '../../../src/core/detect/threshold/low-tail-floor.js';

function streamed(scores: Float32Array, withLowTail: boolean): { result: ReturnType<StreamedOtsu['result']>; passes: number } {
  const otsu = new StreamedOtsu(withLowTail);
  let passes = 0;
  while (!otsu.done) {
    for (const v of scores) otsu.add(v);
    otsu.endPass();
    passes++;
  }
  return { result: otsu.result(), passes };
}

/** Skewed noise plus a change tail; `zeros` leading +0 then −0 values, `flat` an atom at −1 below all of it. */
function scoresOf(seed: number, n: number, zeros: number, flat: number): Float32Array {
  const random = mulberry32(seed);
  const out = Float32Array.from({ length: n }, () => {
    const u = random();
    return u < 0.05 ? 5 + 20 * random() : Math.abs(random() + random() + random() - 1.5);
  });
  for (let i = 0; i < zeros; i++) out[i] = i % 2 === 0 ? 0 : -0;
  for (let i = zeros; i < zeros + flat; i++) out[i] = -1;
  return out;
}

const all = new Uint8Array(20_000).fill(1);

describe('streamed Otsu with the median noise floor', () => {
  const cases: [string, Float32Array, boolean][] = [
    ['noise and a change tail, +0 seen before −0 at the bottom', scoresOf(1, 20_000, 9, 0), false],
    ['a flat low tail (an atom below P25)', scoresOf(2, 20_000, 0, 8_000), true],
    ['all scores equal (no range for Otsu)', new Float32Array(20_000).fill(1.5), true],
  ];
  for (const [name, scores, flatTail] of cases) {
    it(`equals chooseThreshold('otsu') bit for bit: ${name}`, () => {
      const expected = chooseThreshold(scores, all, { method: 'otsu' });
      const { result, passes } = streamed(scores, false);
      expect(passes).toBe(4);
      expect(result.n).toBe(scores.length);
      expect(result.split).toBe(expected.splitThreshold);
      expect(result.medianFloor).toBe(expected.noiseFloor);
      expect(result.lowTail).toBeNull();
    });
    it(`with the low tail, equals chooseThreshold('otsu-low') bit for bit, skipping the MAD unless the tail is flat: ${name}`, () => {
      const expected = chooseThreshold(scores, all, { method: 'otsu-low' });
      const { result, passes } = streamed(scores, true);
      const flat = !(result.lowTail!.sigma > 0);
      expect(flat).toBe(flatTail);
      expect(passes).toBe(flat ? 4 : 3);
      expect(result.split).toBe(expected.splitThreshold);
      const floor = flat ? result.medianFloor : result.lowTail!.location + DEFAULT_LOW_TAIL_MULTIPLIER * result.lowTail!.sigma;
      expect(floor).toBe(expected.noiseFloor);
    });
  }

  it('reports nothing observed after one pass over no scores', () => {
    const { result, passes } = streamed(new Float32Array(0), false);
    expect(passes).toBe(1);
    expect(result.n).toBe(0);
    expect(result.split).toBeNaN();
  });
});
