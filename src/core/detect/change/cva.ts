// Change vector analysis: the Euclidean norm of the per-band differences, the default measure.
// Bands are compared in their own units, so normalise radiometry first (normaliseRadiometry).
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair, jointObserved } from './pair.js';

export function changeVectorMagnitudeScores(before: Raster, after: Raster): Float32Array {
  const n = assertAlignedPair(before, after);
  const seen = jointObserved(before, after);
  const sumSq = new Float64Array(n);
  for (let b = 0; b < before.bands.length; b++) {
    const x = before.bands[b];
    const y = after.bands[b];
    for (let i = 0; i < n; i++) {
      const d = y[i] - x[i];
      sumSq[i] += d * d;
    }
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = seen[i] === 1 ? Math.sqrt(sumSq[i]) : NaN;
  return out;
}

export const changeVectorMagnitude: ChangeMeasure = {
  name: 'cva',
  version: '1',
  params: {},
  measure: changeVectorMagnitudeScores,
};
