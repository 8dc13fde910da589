// Multi-temporal baseline: the per-pixel, per-band median of N earlier co-registered rasters of the
// same footprint, using only the dates that observed each pixel. One cloudy or flooded or
// snow-covered baseline date then no longer turns into a change alert (DIST-ALERT, GLAD-L, GEE
// median composites all compare against history, not against one image).
import type { Raster } from '../types.js';

export interface MedianBaselineOptions {
  /** A pixel needs at least this many observed dates to be observed in the baseline. */
  readonly minObservations?: number;
}

export interface MedianBaseline {
  readonly baseline: Raster;
  /** How many dates observed each pixel (0..N). */
  readonly observationCount: Uint8Array;
}

export function medianBaseline(rasters: readonly Raster[], opts: MedianBaselineOptions = {}): MedianBaseline {
  if (rasters.length === 0) throw new Error('medianBaseline: needs at least one raster');
  if (rasters.length > 255) throw new Error('medianBaseline: at most 255 dates');
  const first = rasters[0];
  const n = first.grid.width * first.grid.height;
  const bandCount = first.bands.length;
  for (const r of rasters) {
    if (r.grid.width !== first.grid.width || r.grid.height !== first.grid.height || r.bands.length !== bandCount) {
      throw new Error('medianBaseline: rasters must be co-registered on one grid with the same bands');
    }
  }
  const minObservations = Math.max(1, opts.minObservations ?? 1);
  const bands = Array.from({ length: bandCount }, () => new Float32Array(n).fill(NaN));
  const observed = new Uint8Array(n);
  const observationCount = new Uint8Array(n);
  const values = new Float64Array(rasters.length);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (const r of rasters) if (r.observed[i] === 1) count++;
    observationCount[i] = count;
    if (count < minObservations) continue;
    observed[i] = 1;
    for (let b = 0; b < bandCount; b++) {
      let k = 0;
      for (const r of rasters) if (r.observed[i] === 1) values[k++] = r.bands[b][i];
      bands[b][i] = medianOfFirst(values, k);
    }
  }
  return { baseline: { grid: first.grid, bands, observed }, observationCount };
}

/** Median of values[0..k) (mean of the middle two for even k); sorts that prefix in place. */
function medianOfFirst(values: Float64Array, k: number): number {
  const part = values.subarray(0, k);
  part.sort();
  return k % 2 === 1 ? part[(k - 1) >> 1] : (part[k / 2 - 1] + part[k / 2]) / 2;
}

/*
 * Which earlier acquisitions belong in the baseline of a target date: those within ±windowDays of
 * the target's day of year, in the `years` years before it (DIST-ALERT: 31-day window, 3 prior
 * years), so the baseline shows the same season: bare fields in spring are not compared with
 * crops in summer, nor snow with no snow.
 */
export interface SeasonWindow {
  readonly windowDays?: number;
  readonly years?: number;
}

const DAY_MS = 86_400_000;

/** Indices (into `candidates`, ISO 8601 dates) of the same-season earlier acquisitions. */
export function sameSeasonDates(target: string, candidates: readonly string[], opts: SeasonWindow = {}): number[] {
  const windowDays = opts.windowDays ?? 15;
  const years = opts.years ?? 3;
  const t = Date.parse(target);
  if (Number.isNaN(t)) throw new Error(`sameSeasonDates: target is not an ISO 8601 date: '${target}'`);
  const targetYear = new Date(t).getUTCFullYear();
  const out: number[] = [];
  candidates.forEach((text, index) => {
    const c = Date.parse(text);
    if (Number.isNaN(c) || c >= t) return;
    // Compare with the target's anniversary in each prior year (handles year ends: Dec ↔ Jan).
    for (let y = 1; y <= years; y++) {
      const anniversary = Date.UTC(targetYear - y, new Date(t).getUTCMonth(), new Date(t).getUTCDate());
      if (Math.abs(c - anniversary) <= windowDays * DAY_MS) {
        out.push(index);
        return;
      }
    }
  });
  return out;
}
