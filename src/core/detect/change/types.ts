// The one interface every per-pixel change measure implements, so scan and eval can swap them.
import type { Raster } from '../../types.js';

/** Parameter values recorded with every alert (detector name/version/parameters). */
export type MeasureParams = Readonly<Record<string, number | string | boolean>>;

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
}
