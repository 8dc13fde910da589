// A generated Sentinel-2-like pair written as tiled GeoTIFFs in a fresh temp folder, for specs that
// need real files on disk (streamed scans, decode threads) without a bundled sample of that size.
import { join } from 'node:path';
import { synthesisePair } from '../../src/bench/synthetic-scene.js';
import { syntheticGrid, writePairTiffs } from '../../src/bench/generate.js';
import type { Grid } from '../../src/core/types.js';
import type { TileSizePx } from '../../src/io/tiff/write.js';
import { tempDir } from './samples.js';

export interface SyntheticPairFiles {
  readonly baselinePath: string;
  readonly currentPath: string;
  readonly grid: Grid;
}

/** `size`² pair of scene `seed` with `blockSize`² internal tiles, as before.tif / after.tif. */
export function writeSyntheticPair(prefix: string, size: number, seed: number, blockSize: TileSizePx): SyntheticPairFiles {
  const dir = tempDir(prefix);
  const grid = syntheticGrid(size);
  const baselinePath = join(dir, 'before.tif');
  const currentPath = join(dir, 'after.tif');
  writePairTiffs(synthesisePair(size, seed), grid, blockSize, baselinePath, currentPath);
  return { baselinePath, currentPath, grid };
}
