// Extra acquisition dates derived in the test from the Bercy sample (real Sentinel-2, Paris — not
// Kazakhstan; the border line is a real Kazakhstan shape translated over it, see PROVENANCE.md):
// copies of date 1 with a synthetic bright blob painted in (a transient: a parked convoy, a fleck of
// cloud), each blob inside a watched corridor and away from every real change in the OSCD mask.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGeoTiff } from '../../src/io/tiff/write.js';
import type { Raster } from '../../src/core/types.js';
import { pairFile, readFull } from '../helpers/samples.js';

export interface Blob { readonly col: number; readonly row: number }
/** Pixel centres (col, row) of the two transients on the Bercy grid, 7 px (~70 m) in radius. */
export const BLOB_A: Blob = { col: 300, row: 118 };
export const BLOB_B: Blob = { col: 230, row: 138 };
export const BLOB_RADIUS_PX = 7;
/** Far above Bercy's reflectances (~500-3000): bright roofs or cloud. */
const BLOB_VALUE = 9000;

/** Date 1 of Bercy with `blob` painted into every band, as a uint16 GeoTIFF on the same grid. */
export function withBlob(t1: Raster, blob: Blob | null, nodataWhere?: (col: number, row: number) => boolean): Buffer {
  const { width, height } = t1.grid;
  const bands = t1.bands.map((b) => Uint16Array.from(b));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const inBlob = blob !== null && (col - blob.col) ** 2 + (row - blob.row) ** 2 <= BLOB_RADIUS_PX ** 2;
      const hole = nodataWhere?.(col, row) ?? false;
      if (!inBlob && !hole) continue;
      for (const band of bands) band[row * width + col] = hole ? 0 : BLOB_VALUE;
    }
  }
  return encodeGeoTiff({ grid: t1.grid, bands, ...(nodataWhere ? { nodata: 0 } : {}) });
}

export interface BercyDates {
  /** Earlier dates, oldest first: date 1 as is, date 1 + blob A, date 1 + blob B. */
  readonly earlier: readonly [string, string, string];
  /** Bercy's real date 2 (2017-08-29), with the real changes of the OSCD mask. */
  readonly current: string;
  readonly segments: string;
}

/** Writes `<folder>/<date>.tif` for three earlier dates and the real current date. */
export async function bercyDates(folder: string, dates: readonly [string, string, string] = ['2017-05-01', '2017-06-15', '2017-07-20']): Promise<BercyDates> {
  mkdirSync(folder, { recursive: true });
  const t1 = await readFull(pairFile('oscd-bercy', 't1.tif'));
  const earlier = dates.map((d) => join(folder, `${d}.tif`)) as [string, string, string];
  copyFileSync(pairFile('oscd-bercy', 't1.tif'), earlier[0]);
  writeFileSync(earlier[1], withBlob(t1, BLOB_A));
  writeFileSync(earlier[2], withBlob(t1, BLOB_B));
  const current = join(folder, '2017-08-29.tif');
  copyFileSync(pairFile('oscd-bercy', 't2.tif'), current);
  return { earlier, current, segments: pairFile('oscd-bercy', 'segments.geojson') };
}
