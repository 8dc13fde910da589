// Hand-built rasters for detection tests: a seeded noise source and a raster builder.
import type { CrsCode, Raster } from '../../../src/core/types.js';

/** Deterministic standard-normal generator (LCG + Box–Muller), so tests never flake. */
export function gaussianSource(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function rasterOf(width: number, height: number, bands: ArrayLike<number>[], observed?: ArrayLike<number>): Raster {
  return {
    grid: { width, height, transform: [500000, 10, 0, 4600000, 0, -10], crs: 'EPSG:32642' as CrsCode },
    bands: bands.map((b) => Float32Array.from(b)),
    observed: observed ? Uint8Array.from(observed) : new Uint8Array(width * height).fill(1),
  };
}

/** A textured multi-band scene: per-band smooth field plus pixel texture, values ~100–3000. */
export function scene(width: number, height: number, bandCount: number, seed: number): Raster {
  const g = gaussianSource(seed);
  const bands: Float32Array[] = [];
  for (let b = 0; b < bandCount; b++) {
    const band = new Float32Array(width * height);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        band[r * width + c] = 1200 + 500 * b + 600 * Math.sin(c / 7 + b) * Math.cos(r / 11) + 150 * g();
      }
    }
    bands.push(band);
  }
  return rasterOf(width, height, bands);
}

/** band ← gain·band + offset + noiseSigma·N(0,1), per band. */
export function withGainOffsetNoise(r: Raster, gain: number[], offset: number[], noiseSigma: number, seed: number): Raster {
  const g = gaussianSource(seed);
  return {
    grid: r.grid,
    observed: r.observed,
    bands: r.bands.map((band, b) => Float32Array.from(band, (v) => gain[b] * v + offset[b] + noiseSigma * g())),
  };
}
