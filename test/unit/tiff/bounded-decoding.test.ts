// Rule: a block that inflates beyond its declared size is refused (TIFF_DECOMPRESSION_BOMB) instead
// of being allocated, on our block reads and on geotiff.js's own reads alike; any other decoder
// failure during a block read is TIFF_DECODE_FAILED, whatever the error type thrown inside.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg } from '../../../src/core/geo/crs.js';
import { isInputError } from '../../../src/core/errors.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';
import { deflateBombTiff } from './hostile-tiff.js';

const scratch = mkdtempSync(join(tmpdir(), 'bw-tiff-bomb-'));

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('decompression bombs', () => {
  // 256 × 256 uint8 = 64 KiB declared; the strip inflates to 32 MiB (a ~32 KiB file).
  const bombPath = join(scratch, 'bomb.tif');
  writeFileSync(bombPath, deflateBombTiff(32 * 1024 * 1024));

  it('passes preflight (sizes look fine) but refuses the block with TIFF_DECOMPRESSION_BOMB', async () => {
    const tile = await openTile(bombPath);
    try {
      const err = await errorOf(tile.readBlock(0, 0));
      expect(isInputError(err) && err.code).toBe('TIFF_DECOMPRESSION_BOMB');
    } finally {
      await tile.close();
    }
  });

  it('also stops geotiff.js’s own readRasters once openTile has registered the bounded decoder', async () => {
    const tiff = await fromFile(bombPath);
    try {
      const image = await tiff.getImage(0);
      const err = await errorOf(image.readRasters());
      expect(isInputError(err) && err.code).toBe('TIFF_DECOMPRESSION_BOMB');
    } finally {
      await tiff.close();
    }
  });

  it('accepts an honest block of exactly the declared size', async () => {
    const path = join(scratch, 'honest.tif');
    writeFileSync(path, deflateBombTiff(256 * 256));
    const tile = await openTile(path);
    try {
      const [band] = await tile.readBlock(0, 0);
      expect(band).toHaveLength(256 * 256);
    } finally {
      await tile.close();
    }
  });
});

describe('decoder failures', () => {
  it('classifies a corrupt DEFLATE stream as TIFF_DECODE_FAILED, naming the block', async () => {
    const grid = { width: 64, height: 64, transform: [500000, 10, 0, 4600000, 0, -10] as const, crs: crsFromEpsg(32642) };
    const band = Uint16Array.from({ length: 64 * 64 }, (_, i) => (i * 37) % 4000);
    const file = encodeGeoTiff({ grid, bands: [band], blockSize: 256 });
    // The one tile's zlib stream sits at the end of the file: break its header bytes.
    const tileBytes = readTileByteCount(file);
    file.fill(0xff, file.length - tileBytes, file.length - tileBytes + 4);
    const path = join(scratch, 'corrupt.tif');
    writeFileSync(path, file);
    const tile = await openTile(path);
    try {
      const err = await errorOf(tile.readBlock(0, 0));
      expect(isInputError(err) && err.code).toBe('TIFF_DECODE_FAILED');
      expect((err as Error).message).toContain('block (0, 0)');
    } finally {
      await tile.close();
    }
  });
});

/** TileByteCounts of a single-tile file written by encodeGeoTiff (tag 325, one LONG inline). */
function readTileByteCount(file: Buffer): number {
  const entries = file.readUInt16LE(8);
  for (let i = 0; i < entries; i++) {
    const p = 10 + 12 * i;
    if (file.readUInt16LE(p) === 325) return file.readUInt32LE(p + 8);
  }
  throw new Error('no TileByteCounts');
}

