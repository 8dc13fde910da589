// Shared checks and helpers for change measures over an aligned pair of rasters.
import type { Raster } from '../../types.js';

/** Throws unless the two rasters share a pixel count and band count (a bug upstream if not). */
export function assertAlignedPair(before: Raster, after: Raster, minBands = 1): number {
  const n = before.grid.width * before.grid.height;
  if (after.grid.width * after.grid.height !== n || before.observed.length !== n || after.observed.length !== n) {
    throw new Error(`change measure: rasters are not on one grid (${before.grid.width}×${before.grid.height} vs ${after.grid.width}×${after.grid.height})`);
  }
  if (before.bands.length !== after.bands.length) {
    throw new Error(`change measure: band counts differ (${before.bands.length} vs ${after.bands.length})`);
  }
  if (before.bands.length < minBands) {
    throw new Error(`change measure: needs at least ${minBands} band(s), got ${before.bands.length}`);
  }
  return n;
}

/** 1 where both dates observed the pixel and every band value is finite; 0 otherwise. */
export function jointObserved(before: Raster, after: Raster): Uint8Array {
  const n = before.observed.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = before.observed[i] === 1 && after.observed[i] === 1 ? 1 : 0;
  for (const bands of [before.bands, after.bands]) {
    for (const band of bands) {
      for (let i = 0; i < n; i++) if (out[i] === 1 && !Number.isFinite(band[i])) out[i] = 0;
    }
  }
  return out;
}
