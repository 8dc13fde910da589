// Agreement of two change measures: a pixel scores as high as the *weaker* of the two says, each
// first put in units of its own no-change noise (low-tail location and spread), so neither dominates.
import type { Raster } from '../../types.js';
import { measureReachPx, type ChangeMeasure, type ScoreUnits } from './types.js';
import { applyUnits, lowTailUnits, prefixUnits, unitsAt, unitsEntries, unitsUnder, type NoiseUnits } from './noise-units.js';

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
  const reachPx = Math.max(measureReachPx(first), measureReachPx(second));
  const calibrate = (before: Raster, after: Raster): { score: Float32Array; units: ScoreUnits } => {
    const one = calibrated(first, before, after);
    const two = calibrated(second, before, after);
    const u1 = lowTailUnits(one.score);
    const u2 = lowTailUnits(two.score);
    return {
      score: weakerInUnits(one.score, u1, two.score, u2),
      units: agreementUnits(one.units, u1, two.units, u2),
    };
  };
  return {
    name: `agree(${first.name},${second.name})`,
    version: `1/${first.version}/${second.version}`,
    params: { first: first.name, second: second.name, reachPx },
    measure: (before, after) => calibrate(before, after).score,
    calibrate,
    measureIn(before: Raster, after: Raster, units: ScoreUnits): Float32Array {
      const one = inUnitsOf(first, before, after, unitsUnder(units, 'first'));
      const two = inUnitsOf(second, before, after, unitsUnder(units, 'second'));
      return weakerInUnits(one, unitsAt(units, 'first'), two, unitsAt(units, 'second'));
    },
  };
}

/**
 * The agreement's units as calibrate names them: each measure's own units under 'first.' /
 * 'second.', then the low-tail units its score was put in. The streamed engine builds the same.
 */
export function agreementUnits(firstOwn: ScoreUnits, first: NoiseUnits, secondOwn: ScoreUnits, second: NoiseUnits): ScoreUnits {
  return { ...prefixUnits('first', firstOwn), ...unitsEntries('first', first), ...prefixUnits('second', secondOwn), ...unitsEntries('second', second) };
}

/** A measure's scores and own units (none for a measure that does not standardise). */
function calibrated(m: ChangeMeasure, before: Raster, after: Raster): { score: Float32Array; units: ScoreUnits } {
  return m.calibrate ? m.calibrate(before, after) : { score: m.measure(before, after), units: {} };
}

function inUnitsOf(m: ChangeMeasure, before: Raster, after: Raster, units: ScoreUnits): Float32Array {
  return m.measureIn ? m.measureIn(before, after, units) : m.measure(before, after);
}

/** min of the two scores, each in its units (in place in `a`); NaN in either stays NaN. */
function weakerInUnits(a: Float32Array, ua: NoiseUnits, b: Float32Array, ub: NoiseUnits): Float32Array {
  applyUnits(a, ua);
  applyUnits(b, ub);
  for (let i = 0; i < a.length; i++) a[i] = Math.min(a[i]!, b[i]!);
  return a;
}

