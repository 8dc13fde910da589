// Rule: a window read decodes only the internal blocks it touches and that the caller wants;
// pixels of skipped blocks and pixels outside the image are "not observed", never zero-valued data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { crsFromEpsg } from '../../../src/core/geo/crs.js';
import type { Grid } from '../../../src/core/types.js';
import { BoundedDeflateDecoder } from '../../../src/io/tiff/decoders.js';
import { openTile, type OpenTile } from '../../../src/io/tiff/open.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';

// 3 × 2 blocks of 256²: 600 × 400 pixels, UTM 42N, 10 m.
const grid: Grid = { width: 600, height: 400, transform: [500000, 10, 0, 4600000, 0, -10], crs: crsFromEpsg(32642) };
/** Pixel value encodes its position, so any misplaced copy shows. */
const valueAt = (col: number, row: number, band: number) => (row * 600 + col + band * 7) % 65521;

let tile: OpenTile;
beforeAll(async () => {
  const n = grid.width * grid.height;
  const bands = [0, 1].map((b) => Uint16Array.from({ length: n }, (_, i) => valueAt(i % 600, Math.floor(i / 600), b) || 1));
  const path = join(mkdtempSync(join(tmpdir(), 'bw-tiff-window-')), 'pair.tif');
  writeFileSync(path, encodeGeoTiff({ grid, bands, blockSize: 256, nodata: 0 }));
  tile = await openTile(path);
});
afterAll(async () => {
  await tile.close();
});

describe('readWindow', () => {
  it('decodes only the blocks wantBlock accepts (counted at the inflate call)', async () => {
    const inflate = vi.spyOn(BoundedDeflateDecoder.prototype, 'decodeBlock');
    try {
      const wanted = new Set(['1,0', '2,1']);
      const raster = await tile.readWindow({ col0: 0, row0: 0, width: 600, height: 400 }, { wantBlock: (bx, by) => wanted.has(`${bx},${by}`) });
      expect(inflate).toHaveBeenCalledTimes(2);
      // Observed exactly where a wanted block lies.
      for (const [col, row, seen] of [[300, 10, 1], [10, 10, 0], [599, 399, 1], [300, 300, 0], [520, 260, 1]] as const) {
        expect(raster.observed[row * 600 + col]).toBe(seen);
      }
      expect(raster.bands[1]![10 * 600 + 300]).toBe(valueAt(300, 10, 1));
    } finally {
      inflate.mockRestore();
    }
  });

  it('decodes only the blocks a small window touches', async () => {
    const inflate = vi.spyOn(BoundedDeflateDecoder.prototype, 'decodeBlock');
    try {
      // Columns 250..269 straddle blocks 0 and 1 of the top block row.
      const raster = await tile.readWindow({ col0: 250, row0: 5, width: 20, height: 10 });
      expect(inflate).toHaveBeenCalledTimes(2);
      expect(raster.bands[0]![3 * 20 + 8]).toBe(valueAt(258, 8, 0));
      expect(raster.observed.every((o) => o === 1)).toBe(true);
    } finally {
      inflate.mockRestore();
    }
  });

  it('marks pixels outside the image unobserved and shifts the window grid’s origin', async () => {
    const raster = await tile.readWindow({ col0: 590, row0: -5, width: 20, height: 10 });
    expect(raster.grid).toEqual({ width: 20, height: 10, crs: grid.crs, transform: [505900, 10, 0, 4600050, 0, -10] });
    expect(raster.observed[0 * 20 + 0]).toBe(0); // row -5: above the image
    expect(raster.observed[5 * 20 + 9]).toBe(1); // row 0, col 599
    expect(raster.bands[0]![5 * 20 + 9]).toBe(valueAt(599, 0, 0));
    expect(raster.observed[5 * 20 + 10]).toBe(0); // col 600: right of the image
    expect(raster.bands[0]![5 * 20 + 10]).toBe(0);
  });

  it('returns each block as one array per band, full block size', async () => {
    const [b0, b1] = await tile.readBlock(2, 1);
    expect(b0).toBeInstanceOf(Uint16Array);
    expect(b0).toHaveLength(256 * 256);
    expect(b1![0]).toBe(valueAt(512, 256, 1));
    await expect(tile.readBlock(3, 0)).rejects.toThrow(RangeError);
  });
});
