// Which pixels both dates observed with every band finite, in one pass over the pixels (the band
// loop inside): what change/pair.ts jointObserved computes, at a fraction of its passes.
import type { Raster } from '../types.js';

/**
 * 1 where both rasters observed the pixel and every band of both is finite, else 0.
 * Finiteness by one sum: float32 values cannot overflow a float64 sum of a few hundred bands,
 * so the sum is finite exactly when every term is.
 */
export function jointlyObservedFinite(before: Raster, after: Raster): Uint8Array {
  const n = before.observed.length;
  const out = new Uint8Array(n);
  const bands = [...before.bands, ...after.bands];
  const bo = before.observed;
  const ao = after.observed;
  for (let i = 0; i < n; i++) {
    if (bo[i] !== 1 || ao[i] !== 1) continue;
    let s = 0;
    for (let b = 0; b < bands.length; b++) s += bands[b]![i]!;
    out[i] = s - s === 0 ? 1 : 0;
  }
  return out;
}
