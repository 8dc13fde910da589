// Image difference: the summed absolute per-band difference (for one band, |after − before|).
// The plainest measure, kept as the reference the others are judged against.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair, jointObserved } from './pair.js';

function absoluteDifference(before: Raster, after: Raster): Float32Array {
  const n = assertAlignedPair(before, after);
  const seen = jointObserved(before, after);
  const out = new Float32Array(n);
  for (let b = 0; b < before.bands.length; b++) {
    const x = before.bands[b];
    const y = after.bands[b];
    for (let i = 0; i < n; i++) out[i] += Math.abs(y[i] - x[i]);
  }
  for (let i = 0; i < n; i++) if (seen[i] !== 1) out[i] = NaN;
  return out;
}

export const imageDifference: ChangeMeasure = { name: 'difference', version: '1', params: {}, measure: absoluteDifference };
