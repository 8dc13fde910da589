// Write a synthetic pair (GeoTIFFs + segments) for benchmarks and tests. UTM 42N near Shymkent,
// 10 m, 512² tiles, DEFLATE + predictor 2 — the same shape as the peer benchmark's
// Python generator (gen_tiles.py), which stays the reference for peer comparisons.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, LineString } from 'geojson';
import { buildSegments } from '../core/geo/build-segments.js';
import { segmentsToGeoJSON } from '../core/geo/segments-geojson.js';
import { crsFromEpsg, transformer, WGS84 } from '../core/geo/crs.js';
import type { Grid } from '../core/types.js';
import { encodeGeoTiff, type TileSizePx } from '../io/tiff/write.js';
import { synthesisePair, type SyntheticPair } from './synthetic-scene.js';

export interface GeneratedPair {
  readonly baseline: string;
  readonly current: string;
  readonly truth: string;
  /** 1-km segments with ±750 m corridors along the synthetic border. */
  readonly segments: string;
  /** One plain watch area covering the whole tile (worst case: everything watched). */
  readonly wholeTile: string;
}

export function syntheticGrid(size: number): Grid {
  return { width: size, height: size, crs: crsFromEpsg(32642), transform: [600_000, 10, 0, 4_700_000, 0, -10] };
}

export function generatedPairPaths(dir: string, size: number, seed: number): GeneratedPair {
  const stem = join(dir, `bw_${size}_s${seed}`);
  return { baseline: `${stem}_before.tif`, current: `${stem}_after.tif`, truth: `${stem}_truth.tif`, segments: `${stem}_segments.geojson`, wholeTile: `${stem}_whole.geojson` };
}

/** Both dates of a synthetic pair as tiled GeoTIFFs (DEFLATE + predictor) in blocks of `blockSize` px. */
export function writePairTiffs(pair: SyntheticPair, grid: Grid, blockSize: TileSizePx, beforePath: string, afterPath: string): void {
  writeFileSync(beforePath, encodeGeoTiff({ grid, bands: pair.before, blockSize }));
  writeFileSync(afterPath, encodeGeoTiff({ grid, bands: pair.after, blockSize }));
}

export function generatePair(dir: string, size: number, seed = 1): GeneratedPair {
  const paths = generatedPairPaths(dir, size, seed);
  if ([paths.baseline, paths.current, paths.truth, paths.segments, paths.wholeTile].every((p) => existsSync(p))) return paths;
  mkdirSync(dir, { recursive: true });
  const pair = synthesisePair(size, seed);
  const grid = syntheticGrid(size);
  writePairTiffs(pair, grid, 512, paths.baseline, paths.current);
  writeFileSync(paths.truth, encodeGeoTiff({ grid, bands: [pair.truth], blockSize: 512 }));
  const toWgs = transformer(grid.crs, WGS84);
  const px = (c: number, r: number): [number, number] => toWgs(grid.transform[0] + c * 10, grid.transform[3] - r * 10);
  const line: FeatureCollection<LineString> = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { segment: 'SYN', a_name: 'north', b_name: 'south' }, geometry: { type: 'LineString', coordinates: pair.borderLinePx.map(([c, r]) => px(c, r)) } }],
  };
  writeFileSync(paths.segments, JSON.stringify(segmentsToGeoJSON(buildSegments(line, { lengthM: 1000, corridorHalfWidthM: 750 }))));
  const ring = [px(0, 0), px(0, size), px(size, size), px(size, 0), px(0, 0)];
  writeFileSync(paths.wholeTile, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { segment_id: 'whole-tile' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  return paths;
}
