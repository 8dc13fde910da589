// Agreement of two change measures: a pixel scores as high as the *weaker* of the two says, each
// first put in units of its own no-change noise (low-tail location and spread), so neither dominates.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';
import { lowTailNoiseFloor } from '../threshold/low-tail-floor.js';
import { finiteValues } from '../threshold/robust-stats.js';

/*
 * Why the minimum: CVA of the bands fires on every real change, including crops and water that
 * OSCD does not label; the detail measure (cva-detail) fires on fine texture, including
 * misregistered edges. Asking both to agree keeps what each sees that the other also sees —
 * the "independent evidence agrees" rung of the confidence ladder, applied per pixel.
 * Evidence (`borderwatch eval`, shared data, low-tail floor P25 + m·σ, one cut): OSCD 8 cities
 * pooled F1 / Taizhou κ at m 9: min 0.330 / 0.923, CVA alone 0.221 / 0.948, cva-detail alone
 * 0.319 / 0.868; the sum of the same two z-scores 0.267 / 0.929 and their maximum 0.222 / 0.926.
 * Standardising from the low tail (P25, σ from P5..P25) keeps the units fixed when a fifth of a
 * scene changed (Taizhou), where a median/MAD scale would shrink the changed term.
 */
export function agreement(first: ChangeMeasure, second: ChangeMeasure): ChangeMeasure {
  return {
    name: `agree(${first.name},${second.name})`,
    version: `1/${first.version}/${second.version}`,
    params: { first: first.name, second: second.name },
    measure(before: Raster, after: Raster): Float32Array {
      const a = inNoiseUnits(first.measure(before, after));
      const b = inNoiseUnits(second.measure(before, after));
      for (let i = 0; i < a.length; i++) a[i] = Math.min(a[i]!, b[i]!);
      return a;
    },
  };
}

/**
 * (x − P25) / σ_low over the finite values, in place; NaN stays NaN (Math.min then keeps it NaN).
 * A term whose low tail is flat (σ_low 0: identical dates, or an atom of zeros) is only shifted.
 */
export function inNoiseUnits(values: Float32Array): Float32Array {
  const finite = finiteValues(values);
  const count = finite.length;
  if (count === 0) return values;
  const { location, sigma } = lowTailNoiseFloor(finite, 0);
  const scale = sigma > 0 ? sigma : 1;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) values[i] = (values[i]! - location) / scale;
  return values;
}
