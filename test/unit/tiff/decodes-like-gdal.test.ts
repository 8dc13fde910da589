// Rule: every file we accept decodes to exactly the pixels GDAL decodes, whatever its compression,
// predictor, byte order, interleave or tiling; and its grid is the one GDAL reports.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTile, type OpenTile } from '../../../src/io/tiff/open.js';

const zoo = new URL('../../fixtures/tiff/zoo/', import.meta.url).pathname;

// From geotiff-zoo/gdal-reencoded/BASE_PIXEL_SHA256.txt (GDAL 3.6.2): SHA-256 of the base crops'
// pixels, band-sequential little-endian, in the base's own dtype.
const GDAL_UINT16_CROP_SHA256 = '57c75842c89663e39c4dc2da64ae00cc6e0a3e4ec2d08a9be5658ddb4bdb1081';
const GDAL_BYTE_RGB_CROP_SHA256 = '67432afd0fa44cf2ab5198fc9d5342a7a0c6729692f8ec144365bf61fdf2d403';
// Geotransforms from geotiff-zoo/MANIFEST.csv (GDAL order).
const OSCD_CROP_TRANSFORM = [2.370948792, 0.0001163482666, 0, 48.85266584, 0, -0.0001164052038];
const LANDSAT_CROP_TRANSFORM = [191996.378, 300.0379267, 0, 2736902.465, 0, -300.0417827];

/** All pixels, band-sequential, through readBlock only, written little-endian as `dtype`. */
async function bandSequentialBytes(tile: OpenTile, dtype: 'uint8' | 'uint16'): Promise<Buffer> {
  const { width, height } = tile.grid;
  const bytesPer = dtype === 'uint16' ? 2 : 1;
  const out = Buffer.alloc(width * height * tile.bandCount * bytesPer);
  for (let by = 0; by < tile.blocksDown; by++) {
    for (let bx = 0; bx < tile.blocksAcross; bx++) {
      const bands = await tile.readBlock(bx, by);
      for (let b = 0; b < tile.bandCount; b++) {
        for (let r = 0; r < tile.blockHeight && by * tile.blockHeight + r < height; r++) {
          for (let c = 0; c < tile.blockWidth && bx * tile.blockWidth + c < width; c++) {
            const v = bands[b]![r * tile.blockWidth + c]!;
            const at = (b * width * height + (by * tile.blockHeight + r) * width + bx * tile.blockWidth + c) * bytesPer;
            if (dtype === 'uint16') out.writeUInt16LE(v, at);
            else out.writeUInt8(v, at);
          }
        }
      }
    }
  }
  return out;
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** The manifest prints 10 significant digits: agree to within a millionth of a pixel. */
function expectTransform(actual: readonly number[], expected: number[]): void {
  const pixel = Math.abs(expected[1]!);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(pixel * 1e-6 + Math.abs(expected[i]!) * 1e-9));
}

describe('decoded pixels equal GDAL’s', () => {
  const uint16Variants = [
    ['u16_deflate_pred2_tiled64.tif', 'uint16, DEFLATE + horizontal predictor, 64² tiles'],
    ['u16_bigendian_deflate_pred2.tif', 'big-endian uint16, DEFLATE + predictor (geotiff.js alone gets this wrong)'],
    ['f32_deflate_pred3.tif', 'float32, DEFLATE + floating-point predictor'],
  ] as const;
  for (const [file, what] of uint16Variants) {
    it(`decodes ${what} to GDAL’s pixels and grid`, async () => {
      const tile = await openTile(join(zoo, file));
      try {
        expect(sha256(await bandSequentialBytes(tile, 'uint16'))).toBe(GDAL_UINT16_CROP_SHA256);
        expect(tile.grid.crs).toBe('EPSG:4326');
        expect([tile.grid.width, tile.grid.height, tile.bandCount]).toEqual([160, 160, 4]);
        expectTransform(tile.grid.transform, OSCD_CROP_TRANSFORM);
      } finally {
        await tile.close();
      }
    });
  }

  it('decodes uncompressed pixel-interleaved strips (byte RGB, UTM 18N, nodata 0) to GDAL’s pixels', async () => {
    const tile = await openTile(join(zoo, 'byte_rgb_stripped_none.tif'));
    try {
      expect(tile.layout.tiled).toBe(false);
      expect(sha256(await bandSequentialBytes(tile, 'uint8'))).toBe(GDAL_BYTE_RGB_CROP_SHA256);
      expect(tile.grid.crs).toBe('EPSG:32618');
      expect(tile.nodata).toBe(0);
      expectTransform(tile.grid.transform, LANDSAT_CROP_TRANSFORM);
    } finally {
      await tile.close();
    }
  });

  it('reads a planar (band-separate) LZW + predictor tiled file whose every pixel is nodata as all unobserved', async () => {
    const tile = await openTile(join(zoo, 'all-nodata.tif'));
    try {
      expect(tile.layout.planarConfiguration).toBe(2);
      expect(tile.grid.crs).toBe('EPSG:32628');
      const raster = await tile.readWindow({ col0: 0, row0: 0, width: 71, height: 2475 });
      expect(raster.bands).toHaveLength(4);
      expect(raster.bands.every((band) => band.every((v) => v === 0))).toBe(true);
      expect(raster.observed.every((o) => o === 0)).toBe(true);
    } finally {
      await tile.close();
    }
  });

  it('names the tile after its file and hashes its content', async () => {
    const path = join(zoo, 'byte_rgb_stripped_none.tif');
    const tile = await openTile(path);
    await tile.close();
    expect(tile.tileId).toBe('byte_rgb_stripped_none');
    // Zoo MANIFEST.csv sha256 of this file.
    expect(tile.sha256).toBe('514f967f47625d6f40131cc4c3d2ea0e26b3bea1e8db4ec8725d114681140027');
    const named = await openTile(path, { tileId: 'T42TUM-2024' });
    await named.close();
    expect(named.tileId).toBe('T42TUM-2024');
  });
});
