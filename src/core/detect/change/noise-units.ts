// The units a standardised measure puts a score in — a location and a scale read off the window's
// own no-change pixels — kept apart from applying them, so a sub-window (one segment's corridor)
// can be scored in the units the whole window was, and a threshold means the same number there.
import { orderStatistics } from '../threshold/order-stats.js';
import { lowTailNoiseFloor } from '../threshold/low-tail-floor.js';
import { finiteValues } from '../threshold/robust-stats.js';
import type { ScoreUnits } from './types.js';

export interface NoiseUnits {
  readonly location: number;
  readonly scale: number;
}

/** (x − location) / scale of one value, in float64 (a caller storing float32 rounds it). */
export function inUnits(x: number, units: NoiseUnits): number {
  return (x - units.location) / units.scale;
}

/** (x − location) / scale over the finite values, in place (float32); NaN stays NaN. */
export function applyUnits(values: Float32Array, units: NoiseUnits): Float32Array {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) values[i] = inUnits(values[i]!, units);
  return values;
}

/**
 * The robust units of `count` values from their median, their MAD and the sum of their absolute
 * deviations from the median: 1.4826·MAD, else the mean absolute deviation, else 1 (a flat term).
 * Shared with the streamed path, which finds the same three numbers in passes.
 */
export function robustUnitsOf(median: number, mad: number, absSum: number, count: number): NoiseUnits {
  return { location: median, scale: mad > 0 ? 1.4826 * mad : absSum > 0 ? absSum / count : 1 };
}

/** The low-tail units from P25 and σ_low: a flat low tail (σ_low 0 or NaN) is only shifted. */
export function lowTailUnitsOf(location: number, sigma: number): NoiseUnits {
  return { location, scale: sigma > 0 ? sigma : 1 };
}

/**
 * Median and 1.4826·MAD of the finite values. A flat term (MAD 0, e.g. identical dates) is scaled
 * by its mean absolute deviation, or by 1 when that is 0 too; no finite value: identity units.
 */
export function robustUnits(values: Float32Array): NoiseUnits {
  const finite = finiteValues(values);
  const count = finite.length;
  if (count === 0) return { location: 0, scale: 1 };
  const [median] = orderStatistics(finite, [(count - 1) >> 1]) as [number];
  let absSum = 0;
  for (let k = 0; k < count; k++) {
    finite[k] = Math.abs(finite[k]! - median);
    absSum += finite[k]!;
  }
  const [mad] = orderStatistics(finite, [(count - 1) >> 1]) as [number];
  return robustUnitsOf(median, mad, absSum, count);
}

/**
 * P25 and σ_low (from P5..P25, low-tail-floor.ts) of the finite values. A flat low tail (σ_low 0:
 * identical dates, an atom of zeros) is only shifted; no finite value: identity units.
 */
export function lowTailUnits(values: Float32Array): NoiseUnits {
  const finite = finiteValues(values);
  if (finite.length === 0) return { location: 0, scale: 1 };
  const { location, sigma } = lowTailNoiseFloor(finite, 0);
  return lowTailUnitsOf(location, sigma);
}

/** `units` as flat named numbers under `prefix` (ScoreUnits are reported and passed as one record). */
export function unitsEntries(prefix: string, units: NoiseUnits): ScoreUnits {
  return { [`${prefix}.location`]: units.location, [`${prefix}.scale`]: units.scale };
}

/** The NoiseUnits stored under `prefix`; a missing entry is a caller's bug, not data. */
export function unitsAt(units: ScoreUnits, prefix: string): NoiseUnits {
  const location = units[`${prefix}.location`];
  const scale = units[`${prefix}.scale`];
  if (location === undefined || scale === undefined) throw new Error(`score units have no '${prefix}' entry`);
  return { location, scale };
}

/** The entries under `prefix.` with the prefix removed (a nested measure's own units). */
export function unitsUnder(units: ScoreUnits, prefix: string): ScoreUnits {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(units)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}

/** Entries of `inner` under `prefix.`. */
export function prefixUnits(prefix: string, inner: ScoreUnits): ScoreUnits {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(inner)) out[`${prefix}.${k}`] = v;
  return out;
}
