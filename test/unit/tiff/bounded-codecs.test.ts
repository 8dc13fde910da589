// Rule: our LZW and PackBits decoders reproduce the TIFF codecs exactly and refuse to write past the
// block's declared size — geotiff.js's own versions grow JS arrays until V8 aborts the process.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../../src/core/errors.js';
import { decodeLzw, decodePackBits } from '../../../src/io/tiff/bounded-codecs.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { buildTiff, stripImageTags } from './hostile-tiff.js';

const zoo = new URL('../../fixtures/tiff/zoo/', import.meta.url).pathname;

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    return isInputError(err) ? err.code : `other: ${String(err)}`;
  }
}

/** An LZW stream of codes 0, 258, 259, … : each code repeats the last string plus one byte. */
function lzwBombStream(codes: number): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number, width: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  // The decoder's width rule: after each table entry, widen when next ≥ 2^width − 1.
  let width = 9;
  let next = 258;
  put(256, width);
  put(0, width);
  for (let k = 0; k < codes; k++) {
    put(next, width);
    next++;
    if (next >= (1 << width) - 1 && width < 12) width++;
  }
  put(257, width);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

describe('PackBits', () => {
  it('decodes the TIFF 6.0 specification’s example', () => {
    const packed = Uint8Array.from([0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa]);
    const expected = [0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0x22, ...Array(10).fill(0xaa)];
    expect(Array.from(decodePackBits(packed, 1024))).toEqual(expected);
  });

  it('refuses runs that overflow the declared block size', () => {
    const runs = new Uint8Array(200).fill(0x81); // each pair: repeat next byte 128 times
    expect(codeOf(() => decodePackBits(runs, 1000))).toBe('TIFF_DECOMPRESSION_BOMB');
  });
});

describe('LZW', () => {
  it('decodes a real LZW GeoTIFF to GDAL’s pixels', async () => {
    const tile = await openTile(join(zoo, 'wind_direction.tif'));
    try {
      expect(tile.layout.compression).toBe(5);
      const raster = await tile.readWindow({ col0: 0, row0: 0, width: tile.grid.width, height: tile.grid.height });
      const bytes = Buffer.from(raster.bands[0]!.buffer);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe('d9938c000b0fc865419872f1cfa0280f8f83f0b1943f74e4c0cc600a39185b55');
    } finally {
      await tile.close();
    }
  });

  it('decodes the growing-string stream exactly (1 + 2 + … + n bytes of zeros)', () => {
    const out = decodeLzw(lzwBombStream(100), 1 << 20);
    expect(out.length).toBe(1 + (101 * 102) / 2 - 1);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('refuses a 6 KB stream that would expand to megabytes, in a file and on its own', async () => {
    const stream = lzwBombStream(3800);
    expect(codeOf(() => decodeLzw(stream, 256 * 256))).toBe('TIFF_DECOMPRESSION_BOMB');
    const path = join(mkdtempSync(join(tmpdir(), 'bw-lzw-')), 'lzw-bomb.tif');
    writeFileSync(path, buildTiff({ tags: stripImageTags(256, 256, 5, stream.byteLength), payload: stream, payloadOffsetTag: 273 }));
    const tile = await openTile(path);
    try {
      await expect(tile.readBlock(0, 0)).rejects.toMatchObject({ code: 'TIFF_DECOMPRESSION_BOMB' });
    } finally {
      await tile.close();
    }
  });
});
