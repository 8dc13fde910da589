// Normalised-difference index change, e.g. NDVI: |ND(after) − ND(before)| with
// ND = (a − b) / (a + b) on two chosen bands. Insensitive to a common gain on both bands.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { assertAlignedPair, jointObserved } from './pair.js';

/** For NDVI pass the NIR band index as `plusBand` and red as `minusBand` (0-based). */
export function indexDifference(plusBand: number, minusBand: number, name = 'ndvi-difference'): ChangeMeasure {
  return {
    name,
    version: '1',
    params: { plusBand, minusBand },
    measure(before: Raster, after: Raster): Float32Array {
      const n = assertAlignedPair(before, after, Math.max(plusBand, minusBand) + 1);
      const seen = jointObserved(before, after);
      const out = new Float32Array(n);
      const nd = (r: Raster, i: number): number => {
        const a = r.bands[plusBand][i];
        const b = r.bands[minusBand][i];
        return a + b === 0 ? 0 : (a - b) / (a + b);
      };
      for (let i = 0; i < n; i++) out[i] = seen[i] === 1 ? Math.abs(nd(after, i) - nd(before, i)) : NaN;
      return out;
    },
  };
}
