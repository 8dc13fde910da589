// Change vector analysis: the Euclidean norm of the per-band differences, the default measure.
// Bands are compared in their own units, so normalise radiometry first (normaliseRadiometry).
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair } from './pair.js';

/**
 * One pass over the pixels with the bands inside (float64 sum of squared differences in band
 * order, sqrt, rounded to float32). NaN where either date did not observe the pixel or any band
 * is not finite: a non-finite band makes the sum of squares non-finite, and finite float32
 * differences cannot overflow it, so that one test is the jointObserved test.
 */
export function changeVectorMagnitudeScores(before: Raster, after: Raster): Float32Array {
  const n = assertAlignedPair(before, after);
  const xs = before.bands;
  const ys = after.bands;
  const bandCount = xs.length;
  const bo = before.observed;
  const ao = after.observed;
  const out = new Float32Array(n);
  if (bandCount === 4) {
    const [x0, x1, x2, x3] = xs as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [y0, y1, y2, y3] = ys as [Float32Array, Float32Array, Float32Array, Float32Array];
    for (let i = 0; i < n; i++) {
      if (bo[i] !== 1 || ao[i] !== 1) {
        out[i] = NaN;
        continue;
      }
      const d0 = y0[i]! - x0[i]!;
      const d1 = y1[i]! - x1[i]!;
      const d2 = y2[i]! - x2[i]!;
      const d3 = y3[i]! - x3[i]!;
      const sumSq = 0 + d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
      out[i] = sumSq - sumSq === 0 ? Math.sqrt(sumSq) : NaN;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    if (bo[i] !== 1 || ao[i] !== 1) {
      out[i] = NaN;
      continue;
    }
    let sumSq = 0;
    for (let b = 0; b < bandCount; b++) {
      const d = ys[b]![i]! - xs[b]![i]!;
      sumSq += d * d;
    }
    out[i] = sumSq - sumSq === 0 ? Math.sqrt(sumSq) : NaN;
  }
  return out;
}

export const changeVectorMagnitude: ChangeMeasure = {
  name: 'cva',
  version: '1',
  params: {},
  measure: changeVectorMagnitudeScores,
};
