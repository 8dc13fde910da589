// Rule: no input file crashes or hangs the process; every refusal is an InputError with a stable
// code, decided from the header and IFDs before any pixel is decoded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInputError, type InputErrorCode } from '../../../src/core/errors.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { preflight } from '../../../src/io/tiff/preflight.js';
import { buildTiff, stripImageTags } from './hostile-tiff.js';

const fixtures = new URL('../../fixtures/tiff/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'bw-tiff-reject-'));

async function codeOf(promise: Promise<unknown>): Promise<InputErrorCode | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    if (!isInputError(err)) throw err;
    return err.code;
  }
}

function writeScratch(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

// Why each code: JPEG/CCITT are lossy or unsupported codecs; the others are structural faults
// found by our own IFD walk (GDAL also fails on most of them, see the zoo MANIFEST.csv).
const PILLOW_EXPECTED: Record<string, InputErrorCode> = {
  'crash-0c7e0e8e11ce787078f00b5b0ca409a167f070e0.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-0da013a13571cc8eb457a39fee8db18f8a3c7127.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-0e16d3bfb83be87356d026d66919deaefca44dac.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-1152ec2d1a1a71395b6f2ce6721c38924d025bf3.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-1185209cf7655b5aed8ae5e77784dfdd18ab59e9.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-2020-10-test.tif': 'TIFF_BAD_TAG',
  'crash-338516dbd2f0e83caddb8ce256c22db3bd6dc40f.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-4f085cc12ece8cde18758d42608bed6a2a2cfb1c.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-63b1dffefc8c075ddc606c0a2f5fdc15ece78863.tif': 'TIFF_TRUNCATED',
  'crash-74d2a78403a5a59db1fb0a2b8735ac068a75f6e3.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-86214e58da443d2b80820cff9677a38a33dcbbca.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'crash-f46f5b2f43c370fe65706c11449f567ecc345e74.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
  'libtiff_segfault.tif': 'TIFF_TOO_LARGE',
  'oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif': 'TIFF_TRUNCATED',
  'seek_too_large.tif': 'TIFF_TRUNCATED',
  'tiff_overflow_rows_per_strip.tif': 'TIFF_BAD_TAG',
  'tiff_wrong_bits_per_sample.tiff': 'TIFF_TRUNCATED',
  'tiff_wrong_bits_per_sample_2.tiff': 'TIFF_BAD_TAG',
  'total-pages-zero.tif': 'TIFF_UNSUPPORTED_COMPRESSION',
};

describe('fuzzer-found and malformed TIFFs (Pillow regression corpus)', () => {
  for (const [file, code] of Object.entries(PILLOW_EXPECTED)) {
    it(`rejects ${file} with ${code}, without crashing or hanging`, async () => {
      expect(await codeOf(openTile(join(fixtures, 'pillow-bad', file)))).toBe(code);
    });
  }
});

describe('structural hazards', () => {
  it('rejects a self-referencing IFD with TIFF_IFD_LOOP (geotiff.js would loop until the heap is gone)', async () => {
    const path = writeScratch('self-loop.tif', buildTiff({ tags: stripImageTags(4, 4, 1, 16), payload: new Uint8Array(16), payloadOffsetTag: 273, nextIfd: 'self' }));
    expect(await codeOf(openTile(path))).toBe('TIFF_IFD_LOOP');
  });

  it('rejects an IFD chain longer than the budget with TIFF_TOO_MANY_IFDS', async () => {
    // Chain: IFD at 8 points to a second IFD placed after it; a budget of 1 IFD refuses it.
    const one = buildTiff({ tags: stripImageTags(4, 4, 1, 16), payload: new Uint8Array(16), payloadOffsetTag: 273 });
    const second = Buffer.from(one.subarray(8, 8 + 2 + 12 * 12 + 4));
    const file = Buffer.concat([one, second]);
    file.writeUInt32LE(one.length, 8 + 2 + 12 * 12);
    file.writeUInt32LE(0, one.length + 2 + 12 * 12);
    const path = writeScratch('two-ifds.tif', file);
    expect(await codeOf(preflight(path))).toBe('accepted');
    expect(await codeOf(preflight(path, { maxIfds: 1 }))).toBe('TIFF_TOO_MANY_IFDS');
  });

  it('rejects a header declaring 100,000 × 100,000 pixels with TIFF_TOO_LARGE before reading pixels', async () => {
    const tags = stripImageTags(100_000, 100_000, 8, 10);
    const path = writeScratch('huge.tif', buildTiff({ tags, payload: new Uint8Array(10), payloadOffsetTag: 273 }));
    expect(await codeOf(openTile(path))).toBe('TIFF_TOO_LARGE');
  });

  it('rejects one strip that would decode to more bytes than the block budget', async () => {
    // 60,000 × 60,000 fits the pixel budgets but as a single strip it is 3.6 GB in one block.
    const path = writeScratch('one-strip.tif', buildTiff({ tags: stripImageTags(60_000, 60_000, 8, 10), payload: new Uint8Array(10), payloadOffsetTag: 273 }));
    expect(await codeOf(preflight(path))).toBe('TIFF_TOO_LARGE');
  });

  it('rejects BitsPerSample = 0 and a 0 × 0 image, which geotiff.js would accept silently', async () => {
    const zeroBits = stripImageTags(4, 4, 1, 16).map((t) => (t.tag === 258 ? { ...t, values: [0] } : t));
    const a = writeScratch('zero-bits.tif', buildTiff({ tags: zeroBits, payload: new Uint8Array(16), payloadOffsetTag: 273 }));
    const b = writeScratch('zero-size.tif', buildTiff({ tags: stripImageTags(0, 0, 1, 16), payload: new Uint8Array(16), payloadOffsetTag: 273 }));
    expect(await codeOf(openTile(a))).toBe('TIFF_BAD_TAG');
    expect(await codeOf(openTile(b))).toBe('TIFF_BAD_DIMENSIONS');
  });

  it('rejects a strip table whose count does not match the image', async () => {
    const tags = stripImageTags(4, 4, 1, 16).map((t) => (t.tag === 278 ? { ...t, values: [1] } : t));
    const path = writeScratch('strip-count.tif', buildTiff({ tags, payload: new Uint8Array(16), payloadOffsetTag: 273 }));
    expect(await codeOf(openTile(path))).toBe('TIFF_BAD_TAG');
  });

  it('rejects a strip pointing past the end of the file with TIFF_TRUNCATED', async () => {
    const path = writeScratch('short.tif', buildTiff({ tags: stripImageTags(4, 4, 1, 16), payload: new Uint8Array(8), payloadOffsetTag: 273 }));
    expect(await codeOf(openTile(path))).toBe('TIFF_TRUNCATED');
  });

  it('rejects files that are not TIFFs, and missing files, with their own codes', async () => {
    expect(await codeOf(openTile(writeScratch('png.tif', Buffer.from('\x89PNG\r\n\x1a\n0000000000', 'latin1'))))).toBe('TIFF_NOT_TIFF');
    expect(await codeOf(openTile(join(scratch, 'nope.tif')))).toBe('FILE_NOT_FOUND');
  });
});

describe('formats we cannot decode correctly', () => {
  it('rejects LZMA and WebP with TIFF_UNSUPPORTED_COMPRESSION from the header alone', async () => {
    expect(await codeOf(openTile(join(fixtures, 'zoo', 'u16_lzma.header-only.tif')))).toBe('TIFF_UNSUPPORTED_COMPRESSION');
    expect(await codeOf(openTile(join(fixtures, 'zoo', 'byte_rgb_webp_lossless.header-only.tif')))).toBe('TIFF_UNSUPPORTED_COMPRESSION');
  });

  it('rejects ZSTD and LERC, whose geotiff.js decoders cannot bound their output', async () => {
    for (const compression of [50000, 34887]) {
      const path = writeScratch(`c${compression}.tif`, buildTiff({ tags: stripImageTags(4, 4, compression, 16), payload: new Uint8Array(16), payloadOffsetTag: 273 }));
      expect(await codeOf(openTile(path))).toBe('TIFF_UNSUPPORTED_COMPRESSION');
    }
  });

  it('rejects 12-bit and signed 8-bit samples with TIFF_UNSUPPORTED_SAMPLE_FORMAT', async () => {
    const twelve = stripImageTags(4, 4, 1, 24).map((t) => (t.tag === 258 ? { ...t, values: [12] } : t));
    const int8 = [...stripImageTags(4, 4, 1, 16), { tag: 339, type: 3 as const, values: [2] }];
    expect(await codeOf(openTile(writeScratch('u12.tif', buildTiff({ tags: twelve, payload: new Uint8Array(24), payloadOffsetTag: 273 }))))).toBe('TIFF_UNSUPPORTED_SAMPLE_FORMAT');
    expect(await codeOf(openTile(writeScratch('i8.tif', buildTiff({ tags: int8, payload: new Uint8Array(16), payloadOffsetTag: 273 }))))).toBe('TIFF_UNSUPPORTED_SAMPLE_FORMAT');
  });
});
