// Spatial context for any measure: the mean score over a (2r+1)² neighbourhood of observed pixels.
// Speckle (SAR) and sub-pixel misregistration make single-pixel scores noisy; real change is
// usually several pixels wide, so averaging raises it above the noise more than it blurs it.
import type { Raster } from '../../types.js';
import type { ChangeMeasure } from './types.js';

export function smoothedMeasure(inner: ChangeMeasure, radiusPx: number): ChangeMeasure {
  return {
    name: `${inner.name}+mean${2 * radiusPx + 1}`,
    version: `${inner.version}.1`,
    params: { ...inner.params, smoothRadiusPx: radiusPx },
    measure(before: Raster, after: Raster): Float32Array {
      return boxMeanIgnoringNaN(inner.measure(before, after), before.grid.width, before.grid.height, radiusPx);
    },
  };
}

/** Separable box mean over finite values; a NaN (not observed) pixel stays NaN. */
export function boxMeanIgnoringNaN(score: Float32Array, width: number, height: number, radiusPx: number): Float32Array {
  if (radiusPx <= 0) return Float32Array.from(score);
  const rowSum = new Float64Array(score.length);
  const rowCount = new Float64Array(score.length);
  for (let r = 0; r < height; r++) {
    const base = r * width;
    for (let c = 0; c < width; c++) {
      let s = 0;
      let k = 0;
      for (let d = Math.max(0, c - radiusPx); d <= Math.min(width - 1, c + radiusPx); d++) {
        const v = score[base + d];
        if (Number.isFinite(v)) {
          s += v;
          k++;
        }
      }
      rowSum[base + c] = s;
      rowCount[base + c] = k;
    }
  }
  const out = new Float32Array(score.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (!Number.isFinite(score[i])) {
        out[i] = NaN;
        continue;
      }
      let s = 0;
      let k = 0;
      for (let d = Math.max(0, r - radiusPx); d <= Math.min(height - 1, r + radiusPx); d++) {
        s += rowSum[d * width + c];
        k += rowCount[d * width + c];
      }
      out[i] = s / k;
    }
  }
  return out;
}
