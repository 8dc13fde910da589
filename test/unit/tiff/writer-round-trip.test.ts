// Rule: what encodeGeoTiff writes, openTile and geotiff.js read back bit for bit, with the same grid,
// CRS and nodata — for every sample type, block size and compression the writer offers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg } from '../../../src/core/geo/crs.js';
import type { Grid } from '../../../src/core/types.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { encodeGeoTiff, type WritableBand } from '../../../src/io/tiff/write.js';
import { makers } from './sample-patterns.js';

const scratch = mkdtempSync(join(tmpdir(), 'bw-tiff-write-'));

// 300 × 200 is not a multiple of either block size: edge tiles carry padding.
const utm42n: Grid = { width: 300, height: 200, transform: [499980, 10, 0, 4600020, 0, -10], crs: crsFromEpsg(32642) };
const wgs84: Grid = { width: 300, height: 200, transform: [69.5, 0.0001, 0, 42.3, 0, -0.0001], crs: crsFromEpsg(4326) };


const cases = [
  { type: 'uint16', grid: utm42n, blockSize: 256, compression: 'deflate', bands: 4 },
  { type: 'uint16', grid: utm42n, blockSize: 512, compression: 'none', bands: 2 },
  { type: 'uint8', grid: wgs84, blockSize: 256, compression: 'deflate', bands: 3 },
  { type: 'int16', grid: utm42n, blockSize: 256, compression: 'deflate', bands: 1 },
  { type: 'float32', grid: wgs84, blockSize: 512, compression: 'deflate', bands: 1 },
] as const;

describe('encodeGeoTiff → openTile / geotiff.js', () => {
  for (const c of cases) {
    it(`round-trips ${c.bands}-band ${c.type}, ${c.blockSize}² ${c.compression} tiles in ${c.grid.crs} bit-exactly`, async () => {
      const n = c.grid.width * c.grid.height;
      const bands: WritableBand[] = Array.from({ length: c.bands }, (_, k) => makers[c.type](n, k + 1));
      const path = join(scratch, `${c.type}-${c.blockSize}-${c.compression}.tif`);
      writeFileSync(path, encodeGeoTiff({ grid: c.grid, bands, blockSize: c.blockSize, compression: c.compression }));

      const tile = await openTile(path);
      try {
        expect(tile.grid).toEqual(c.grid);
        expect([tile.blockWidth, tile.blockHeight, tile.bandCount]).toEqual([c.blockSize, c.blockSize, c.bands]);
        expect(tile.layout.predictor).toBe(c.compression === 'deflate' && c.type !== 'float32' ? 2 : 1);
        const raster = await tile.readWindow({ col0: 0, row0: 0, width: c.grid.width, height: c.grid.height });
        raster.bands.forEach((band, k) => expect(Array.from(band)).toEqual(Array.from(bands[k]!, (v) => Math.fround(v))));
        expect(raster.observed.every((o) => o === 1)).toBe(true);
      } finally {
        await tile.close();
      }

      const tiff = await fromFile(path);
      try {
        const theirs = (await (await tiff.getImage(0)).readRasters()) as unknown as ArrayLike<number>[];
        theirs.forEach((band, k) => expect(Array.from(band)).toEqual(Array.from(bands[k]!)));
      } finally {
        await tiff.close();
      }
    });
  }

  it('writes GDAL_NODATA so nodata pixels come back unobserved (and NaN for float bands)', async () => {
    const n = utm42n.width * utm42n.height;
    const a = Uint16Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 100 + (i % 50)));
    const b = Uint16Array.from({ length: n }, () => 500);
    const path = join(scratch, 'nodata.tif');
    writeFileSync(path, encodeGeoTiff({ grid: utm42n, bands: [a, b], nodata: 0 }));
    const tile = await openTile(path);
    const raster = await tile.readWindow({ col0: 0, row0: 0, width: utm42n.width, height: utm42n.height });
    await tile.close();
    expect(tile.nodata).toBe(0);
    expect(Array.from(raster.observed)).toEqual(Array.from(raster.observed, (_, i) => (i % 7 === 0 ? 0 : 1)));

    const f = Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? Number.NaN : i));
    const fpath = join(scratch, 'nan.tif');
    writeFileSync(fpath, encodeGeoTiff({ grid: wgs84, bands: [f], nodata: Number.NaN }));
    const ftile = await openTile(fpath);
    const fr = await ftile.readWindow({ col0: 0, row0: 0, width: 10, height: 1 });
    await ftile.close();
    expect(Number.isNaN(ftile.nodata)).toBe(true);
    expect(Array.from(fr.observed)).toEqual([0, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('refuses rotated or south-up grids rather than writing a wrong georeference', () => {
    const band = new Uint8Array(4);
    const grid = (transform: Grid['transform']): Grid => ({ width: 2, height: 2, transform, crs: crsFromEpsg(4326) });
    expect(() => encodeGeoTiff({ grid: grid([0, 1, 0.1, 0, 0, -1]), bands: [band] })).toThrow(RangeError);
    expect(() => encodeGeoTiff({ grid: grid([0, 1, 0, 0, 0, 1]), bands: [band] })).toThrow(RangeError);
  });
});
