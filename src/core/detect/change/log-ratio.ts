// Log-ratio: |ln((after + c) / (before + c))|, root-mean-square over bands. SAR speckle is
// multiplicative, so a ratio (not a difference) makes the noise the same in dark and bright areas.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair, jointObserved } from './pair.js';

export function logRatio(offset = 1): ChangeMeasure {
  return {
    name: 'log-ratio',
    version: '1',
    params: { offset },
    measure(before: Raster, after: Raster): Float32Array {
      const n = assertAlignedPair(before, after);
      const seen = jointObserved(before, after);
      const sumSq = new Float64Array(n);
      for (let b = 0; b < before.bands.length; b++) {
        const x = before.bands[b];
        const y = after.bands[b];
        for (let i = 0; i < n; i++) {
          // Negative values (calibrated data below the offset) are clamped: a ratio needs positives.
          const r = Math.log(Math.max(y[i] + offset, 1e-6) / Math.max(x[i] + offset, 1e-6));
          sumSq[i] += r * r;
        }
      }
      const out = new Float32Array(n);
      const bands = before.bands.length;
      for (let i = 0; i < n; i++) out[i] = seen[i] === 1 ? Math.sqrt(sumSq[i] / bands) : NaN;
      return out;
    },
  };
}
