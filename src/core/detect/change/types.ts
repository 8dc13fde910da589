// The one interface every per-pixel change measure implements, so scan and eval can swap them.
import type { Raster } from '../../types.js';

/** Parameter values recorded with every alert (detector name/version/parameters). */
export type MeasureParams = Readonly<Record<string, number | string | boolean>>;

/**
 * Statistics of the window a standardised measure divides by (e.g. 'second.magnitude.scale'), as
 * flat named numbers so a scan can report them and score a sub-window in the same units.
 */
export type ScoreUnits = Readonly<Record<string, number>>;

export interface ChangeMeasure {
  /** Stable detector id, e.g. 'cva'. Part of the alert fingerprint: never rename. */
  readonly name: string;
  /** Bumped whenever the same inputs would give different scores. */
  readonly version: string;
  readonly params: MeasureParams;
  /**
   * Per-pixel change score on the shared grid (row-major, width × height), larger = more change.
   * NaN where either date is not observed. Both rasters are already aligned onto one grid.
   */
  measure(before: Raster, after: Raster): Float32Array;
  /** Measures that standardise by window statistics: the scores and the units they were put in. */
  calibrate?(before: Raster, after: Raster): { readonly score: Float32Array; readonly units: ScoreUnits };
  /** The scores in given units (from `calibrate` on a larger window), so a cut means the same. */
  measureIn?(before: Raster, after: Raster, units: ScoreUnits): Float32Array;
}

/**
 * How far from a pixel the measure looks (px): its score depends on the rasters within this many
 * pixels. `reachPx` when the measure states it, else its smoothing radius, else 0.
 */
export function measureReachPx(measure: ChangeMeasure): number {
  const reach = measure.params['reachPx'] ?? measure.params['smoothRadiusPx'];
  return typeof reach === 'number' ? reach : 0;
}
