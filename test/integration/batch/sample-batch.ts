// Batch folders built from the bundled sample pairs (data/samples/pairs, real imagery placed under
// real Kazakhstan border shapes — not Kazakhstan): <footprint>/<date>.tif in a temp dir, plus one
// segment file holding all three pairs' segments.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { pairFile, tempDir } from '../../helpers/samples.js';

export interface SampleBatch {
  readonly root: string;
  readonly folder: string;
  readonly segmentsPath: string;
}

function writeSegments(root: string): string {
  const all: FeatureCollection = { type: 'FeatureCollection', features: [] };
  for (const pair of ['oscd-bercy', 'landsat-taizhou', 'oscd-hongkong-crop']) {
    all.features.push(...(JSON.parse(readFileSync(pairFile(pair, 'segments.geojson'), 'utf8')) as FeatureCollection).features);
  }
  const path = join(root, 'segments.geojson');
  writeFileSync(path, JSON.stringify(all));
  return path;
}

function place(folder: string, footprint: string, date: string, pair: string, file: string): void {
  mkdirSync(join(folder, footprint), { recursive: true });
  copyFileSync(pairFile(pair, file), join(folder, footprint, `${date}.tif`));
}

/**
 * The three sample pairs as three footprints, plus two bad tiles in Bercy's footprint: a Landsat
 * tile (6 bands against Bercy's 4: rejected by the scan, PAIR_BAND_MISMATCH) and a truncated copy
 * (rejected at registration by preflight).
 */
export function sampleBatch(): SampleBatch {
  const root = tempDir('bw-batch-');
  const folder = join(root, 'tiles');
  place(folder, 'bercy', '2016-11-30', 'oscd-bercy', 't1.tif');
  place(folder, 'bercy', '2017-08-29', 'oscd-bercy', 't2.tif');
  place(folder, 'bercy', '2018-01-01', 'landsat-taizhou', 't2.tif');
  place(folder, 'taizhou', '2000-03-17', 'landsat-taizhou', 't1.tif');
  place(folder, 'taizhou', '2003-02-06', 'landsat-taizhou', 't2.tif');
  place(folder, 'hongkong', '2016-09-27', 'oscd-hongkong-crop', 'baseline.tif');
  place(folder, 'hongkong', '2018-03-23', 'oscd-hongkong-crop', 'current.tif');
  const whole = readFileSync(pairFile('oscd-bercy', 't2.tif'));
  writeFileSync(join(folder, 'bercy', '2018-06-01.tif'), whole.subarray(0, 4096));
  return { root, folder, segmentsPath: writeSegments(root) };
}

/**
 * `footprints` copies of the Hong Kong crop, each a chain of `tilesEach` acquisitions alternating
 * between its two dates: (tilesEach − 1) scans per footprint, all watching the same segments, so
 * every footprint finds the same alerts again (the dedup case).
 */
export function chainBatch(footprints: number, tilesEach: number): SampleBatch {
  const root = tempDir('bw-chain-');
  const folder = join(root, 'tiles');
  for (let f = 0; f < footprints; f++) {
    for (let k = 0; k < tilesEach; k++) {
      const date = new Date(Date.UTC(2016, 0, 1 + 30 * k)).toISOString().slice(0, 10);
      place(folder, `fp${String(f).padStart(3, '0')}`, date, 'oscd-hongkong-crop', k % 2 === 0 ? 'baseline.tif' : 'current.tif');
    }
  }
  return { root, folder, segmentsPath: writeSegments(root) };
}
