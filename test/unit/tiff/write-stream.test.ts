// Rule: the streaming writer writes, tile by tile, the file encodeGeoTiff writes whole — byte for
// byte when tiles arrive in order — and openTile and GDAL read its pixels back exactly, as classic
// TIFF or as BigTIFF; a file it could not finish is never left looking finished.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg } from '../../../src/core/geo/crs.js';
import type { Grid } from '../../../src/core/types.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { geoTiffSpec, encodeGeoTiff, sampleTypeOf, type WritableBand } from '../../../src/io/tiff/write.js';
import { GeoTiffStreamWriter, needsBigTiff } from '../../../src/io/tiff/write-stream.js';
import { makers } from './sample-patterns.js';

const scratch = mkdtempSync(join(tmpdir(), 'bw-tiff-stream-'));

// Not a multiple of either block size: edge tiles carry padding, the last strip is short.
const utm42n: Grid = { width: 700, height: 530, transform: [499980, 10, 0, 4600020, 0, -10], crs: crsFromEpsg(32642) };
const wgs84: Grid = { width: 300, height: 200, transform: [69.5, 0.0001, 0, 42.3, 0, -0.0001], crs: crsFromEpsg(4326) };


const cases = [
  { type: 'uint16', grid: utm42n, blockSize: 512, compression: 'deflate', bands: 4, nodata: 0 },
  { type: 'uint16', grid: utm42n, blockSize: 256, compression: 'none', bands: 2, nodata: null },
  { type: 'uint8', grid: wgs84, blockSize: 256, compression: 'deflate', bands: 3, nodata: 255 },
  { type: 'int16', grid: utm42n, blockSize: 256, compression: 'deflate', bands: 1, nodata: -9999 },
  { type: 'float32', grid: wgs84, blockSize: 512, compression: 'deflate', bands: 1, nodata: Number.NaN },
] as const;

/** Rows [row0, row0 + rows) of each band, as its own array. */
const stripOf = (bands: WritableBand[], width: number, row0: number, rows: number): WritableBand[] =>
  bands.map((b) => b.slice(row0 * width, (row0 + rows) * width));

/** The pixels of tile (tx, ty) inside the image, as wide as the tile's part of the image. */
function blockOf(bands: WritableBand[], grid: Grid, size: number, tx: number, ty: number): WritableBand[] {
  const cols = Math.min(size, grid.width - tx * size);
  const rows = Math.min(size, grid.height - ty * size);
  return bands.map((band) => {
    const out = new (band.constructor as new (n: number) => WritableBand)(cols * rows);
    for (let r = 0; r < rows; r++) {
      const from = (ty * size + r) * grid.width + tx * size;
      out.set(band.subarray(from, from + cols), r * cols);
    }
    return out;
  });
}

/** GDAL's decode of the file: band-sequential samples in the file's own type. */
function gdalPixels(path: string): Buffer {
  const out = `${path}.gdal.bin`;
  execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', path, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(out);
}

const bandSequential = (bands: WritableBand[]): Buffer =>
  Buffer.concat(bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));

describe('GeoTiffStreamWriter', () => {
  for (const c of cases) {
    it(`writes ${c.bands}-band ${c.type} ${c.blockSize}² ${c.compression} strip by strip as the very bytes encodeGeoTiff writes`, async () => {
      const { grid, blockSize } = c;
      const bands: WritableBand[] = Array.from({ length: c.bands }, (_, k) => makers[c.type](grid.width * grid.height, k + 1));
      const whole = encodeGeoTiff({ grid, bands, nodata: c.nodata, blockSize, compression: c.compression });

      const path = join(scratch, `${c.type}-${c.blockSize}-${c.compression}.tif`);
      const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: c.bands, sampleType: c.type, nodata: c.nodata, blockSize, compression: c.compression });
      for (let ty = 0; ty * blockSize < grid.height; ty++) {
        await writer.writeStrip(ty, stripOf(bands, grid.width, ty * blockSize, Math.min(blockSize, grid.height - ty * blockSize)));
      }
      await writer.close();
      expect(readFileSync(path).equals(whole)).toBe(true);
    });
  }

  it('writes block by block the same bytes, which openTile and GDAL decode to the samples given', async () => {
    const grid = utm42n;
    const bands = Array.from({ length: 4 }, (_, k) => makers.uint16(grid.width * grid.height, k + 7));
    const path = join(scratch, 'blocks.tif');
    const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: 4, sampleType: 'uint16', nodata: 0, blockSize: 256 });
    for (let ty = 0; ty < writer.spec.blocksDown; ty++) {
      for (let tx = 0; tx < writer.spec.blocksAcross; tx++) await writer.writeBlock(tx, ty, blockOf(bands, grid, 256, tx, ty));
    }
    await writer.close();
    expect(readFileSync(path).equals(encodeGeoTiff({ grid, bands, nodata: 0, blockSize: 256 }))).toBe(true);

    const tile = await openTile(path, { identityCacheDir: null });
    try {
      expect(tile.grid).toEqual(grid);
      const raster = await tile.readWindow({ col0: 0, row0: 0, width: grid.width, height: grid.height });
      raster.bands.forEach((band, k) => expect(Buffer.from(Uint16Array.from(band).buffer).equals(Buffer.from(bands[k]!.buffer))).toBe(true));
    } finally {
      await tile.close();
    }
    expect(gdalPixels(path).equals(bandSequential(bands))).toBe(true);
  });

  it('writes a BigTIFF, tiles in any order, that openTile and GDAL read as the same image', async () => {
    const grid = utm42n;
    const bands = Array.from({ length: 3 }, (_, k) => makers.uint16(grid.width * grid.height, k + 20));
    const path = join(scratch, 'big.tif');
    const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: 3, sampleType: 'uint16', nodata: 0, blockSize: 256, bigTiff: true });
    const order: [number, number][] = [];
    for (let ty = 0; ty < writer.spec.blocksDown; ty++) for (let tx = 0; tx < writer.spec.blocksAcross; tx++) order.push([tx, ty]);
    for (const [tx, ty] of order.reverse()) await writer.writeBlock(tx, ty, blockOf(bands, grid, 256, tx, ty));
    await writer.close();
    expect(readFileSync(path).readUInt16LE(2)).toBe(43);

    const tile = await openTile(path, { identityCacheDir: null });
    try {
      expect(tile.layout.bigTiff).toBe(true);
      expect([tile.grid, tile.nodata, tile.blockWidth]).toEqual([grid, 0, 256]);
      const raster = await tile.readWindow({ col0: 0, row0: 0, width: grid.width, height: grid.height });
      raster.bands.forEach((band, k) => expect(Buffer.from(Uint16Array.from(band).buffer).equals(Buffer.from(bands[k]!.buffer))).toBe(true));
    } finally {
      await tile.close();
    }
    expect(gdalPixels(path).equals(bandSequential(bands))).toBe(true);
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8' })) as { geoTransform: number[]; bands: { noDataValue?: number }[] };
    expect(info.geoTransform).toEqual([...grid.transform]);
    expect(info.bands.map((b) => b.noDataValue)).toEqual([0, 0, 0]);
  });

  it('writes at a faster DEFLATE level a file GDAL decodes to the pixels of encodeGeoTiff\'s', async () => {
    const grid = wgs84;
    const bands = Array.from({ length: 2 }, (_, k) => makers.int16(grid.width * grid.height, k + 40));
    const whole = join(scratch, 'level6.tif');
    writeFileSync(whole, encodeGeoTiff({ grid, bands, nodata: -1, blockSize: 256 }));
    const path = join(scratch, 'level1.tif');
    const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: 2, sampleType: 'int16', nodata: -1, blockSize: 256, deflateLevel: 1 });
    await writer.writeStrip(0, bands);
    await writer.close();
    expect(readFileSync(path).equals(readFileSync(whole))).toBe(false);
    expect(gdalPixels(path).equals(gdalPixels(whole))).toBe(true);
    expect(gdalPixels(path).equals(bandSequential(bands))).toBe(true);
  });

  it('chooses BigTIFF only for images that could pass 4 GiB (a 40,000² 4-band uint16 tile, not a 10,980² one)', () => {
    const tile = (size: number): Grid => ({ ...utm42n, width: size, height: size });
    expect(needsBigTiff(geoTiffSpec(tile(10980), 4, 'uint16', { blockSize: 512 }))).toBe(false);
    expect(needsBigTiff(geoTiffSpec(tile(40000), 4, 'uint16', { blockSize: 512 }))).toBe(true);
    // Uncompressed, tiles padded: 23,000² is 45² tiles of 2 MiB (3.96 GiB), 23,100² is 46² (4.13 GiB).
    expect(needsBigTiff(geoTiffSpec(tile(23000), 4, 'uint16', { blockSize: 512, compression: 'none' }))).toBe(false);
    expect(needsBigTiff(geoTiffSpec(tile(23100), 4, 'uint16', { blockSize: 512, compression: 'none' }))).toBe(true);
  });

  it('refuses to finish a file with a tile missing, and deletes it', async () => {
    const grid = wgs84;
    const bands = [makers.uint8(grid.width * grid.height, 3)];
    const path = join(scratch, 'unfinished.tif');
    const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: 1, sampleType: sampleTypeOf(bands[0]!), blockSize: 256 });
    await writer.writeBlock(0, 0, blockOf(bands, grid, 256, 0, 0));
    await expect(writer.writeBlock(0, 0, blockOf(bands, grid, 256, 0, 0))).rejects.toThrow(/already written/);
    await expect(writer.close()).rejects.toThrow(/1 of 2 tiles were never written/);
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a finished file when a caller aborts after close (a cleanup path must not delete good output)', async () => {
    const grid = wgs84;
    const bands = [makers.uint8(grid.width * grid.height, 4)];
    const path = join(scratch, 'finished.tif');
    const writer = await GeoTiffStreamWriter.create(path, { grid, bandCount: 1, sampleType: sampleTypeOf(bands[0]!), blockSize: 256 });
    await writer.writeStrip(0, bands);
    await writer.close();
    await writer.abort();
    expect(existsSync(path)).toBe(true);
    const tile = await openTile(path);
    expect(tile.grid.width).toBe(grid.width);
    await tile.close();
  });
});
