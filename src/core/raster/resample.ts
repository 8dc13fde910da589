// Align the current date onto the baseline grid. The caller supplies where each target pixel
// centre falls in the source raster (an affine map, or a CRS transform composed with both
// geotransforms), so this file knows nothing of projections.
import type { Grid, Raster } from '../types.js';

/** Maps a target pixel centre (col+0.5,row+0.5) to source pixel-space coordinates. */
export type PixelMap = (col: number, row: number) => [number, number];

/**
 * Bilinear resampling with the validity mask carried along: a target pixel is observed only when
 * the source pixels it draws from are; at the edge of the observed area it falls back to the
 * nearest observed source pixel rather than mixing in nodata.
 */
export function resampleBilinear(src: Raster, target: Grid, map: PixelMap): Raster {
  const sw = src.grid.width;
  const sh = src.grid.height;
  const n = target.width * target.height;
  const bands = src.bands.map(() => new Float32Array(n));
  const observed = new Uint8Array(n);
  const ok = (c: number, r: number): boolean => c >= 0 && r >= 0 && c < sw && r < sh && src.observed[r * sw + c] === 1;
  for (let row = 0; row < target.height; row++) {
    for (let col = 0; col < target.width; col++) {
      const [sx, sy] = map(col + 0.5, row + 0.5);
      // Source pixel centres are at integer + 0.5.
      const fx = sx - 0.5;
      const fy = sy - 0.5;
      const c0 = Math.floor(fx);
      const r0 = Math.floor(fy);
      const ax = fx - c0;
      const ay = fy - r0;
      const i = row * target.width + col;
      if (ok(c0, r0) && ok(c0 + 1, r0) && ok(c0, r0 + 1) && ok(c0 + 1, r0 + 1)) {
        const k00 = r0 * sw + c0;
        const w00 = (1 - ax) * (1 - ay);
        const w10 = ax * (1 - ay);
        const w01 = (1 - ax) * ay;
        const w11 = ax * ay;
        for (let b = 0; b < bands.length; b++) {
          const s = src.bands[b]!;
          bands[b]![i] = s[k00]! * w00 + s[k00 + 1]! * w10 + s[k00 + sw]! * w01 + s[k00 + sw + 1]! * w11;
        }
        observed[i] = 1;
        continue;
      }
      const nc = Math.floor(sx);
      const nr = Math.floor(sy);
      if (ok(nc, nr)) {
        const k = nr * sw + nc;
        for (let b = 0; b < bands.length; b++) bands[b]![i] = src.bands[b]![k]!;
        observed[i] = 1;
      }
    }
  }
  return { grid: target, bands, observed };
}
