// Rule: a block reader that inflates every block into one reused buffer (the streaming scan's
// decode path) returns exactly the samples a fresh decode does, block after block; a corrupt block
// is TIFF_DECODE_FAILED naming the block and does not poison the blocks read after it; a block
// inflating beyond its declared size is still TIFF_DECOMPRESSION_BOMB.
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../../src/core/errors.js';
import { crsFromEpsg } from '../../../src/core/geo/crs.js';
import { fastBlockFile, FastBlockReader, type FastBlockFile } from '../../../src/io/tiff/fast-blocks.js';
import { preflight } from '../../../src/io/tiff/preflight.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';
import { deflateBombTiff } from './hostile-tiff.js';

const scratch = mkdtempSync(join(tmpdir(), 'bw-block-reuse-'));
const SIZE = 256;
const BLOCK = 64;
const BANDS = 4;

/** Four bands of distinct, non-repeating values so every block's samples differ. */
function bands(): Uint16Array[] {
  return Array.from({ length: BANDS }, (_, b) => Uint16Array.from({ length: SIZE * SIZE }, (_, i) => (i * (37 + b) + b * 1000 + ((i * i) % 97)) % 65536));
}

async function writeTile(name: string, mutate?: (file: Buffer, layout: FastBlockFile) => void): Promise<FastBlockFile> {
  const grid = { width: SIZE, height: SIZE, transform: [500000, 10, 0, 4600000, 0, -10] as const, crs: crsFromEpsg(32642) };
  const file = encodeGeoTiff({ grid, bands: bands(), blockSize: BLOCK });
  const path = join(scratch, name);
  writeFileSync(path, file);
  const fast = fastBlockFile(path, await preflight(path))!;
  if (mutate) {
    mutate(file, fast);
    writeFileSync(path, file);
  }
  return fast;
}

function withReader<T>(file: FastBlockFile, reuseOutput: boolean, use: (r: FastBlockReader) => T): T {
  const fd = openSync(file.path, 'r');
  const reader = new FastBlockReader(file, fd, { reuseOutput });
  try {
    return use(reader);
  } finally {
    reader.close();
    closeSync(fd);
  }
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Each block's pixel values straight from the source bands (interleaved, as the reader returns them). */
function expectedBlock(bx: number, by: number): number[] {
  const src = bands();
  const out: number[] = [];
  for (let r = 0; r < BLOCK; r++) for (let c = 0; c < BLOCK; c++) for (let b = 0; b < BANDS; b++) out.push(src[b]![(by * BLOCK + r) * SIZE + bx * BLOCK + c]!);
  return out;
}

describe('a block reader reusing one output buffer', () => {
  it('returns every block’s source samples, in any order, as a fresh decode does', async () => {
    const file = await writeTile('plain.tif');
    expect(file.predictor).toBe(2);
    const order = [[0, 0], [3, 3], [1, 2], [1, 2], [2, 0], [0, 3]] as const;
    withReader(file, true, (reused) =>
      withReader(file, false, (fresh) => {
        for (const [bx, by] of order) {
          const got = Array.from(reused.read(bx, by));
          expect(got).toEqual(expectedBlock(bx, by));
          expect(got).toEqual(Array.from(fresh.read(bx, by)));
        }
      }),
    );
  });

  it('reports a corrupt block as TIFF_DECODE_FAILED naming it, then reads the next blocks correctly', async () => {
    const file = await writeTile('corrupt.tif', (bytes, layout) => {
      // Break block (1, 0)'s zlib header: the whole stream is then rejected.
      bytes.fill(0xff, layout.offsets[1]!, layout.offsets[1]! + 4);
    });
    withReader(file, true, (reader) => {
      expect(Array.from(reader.read(0, 0))).toEqual(expectedBlock(0, 0));
      const err = errorOf(() => reader.read(1, 0));
      expect(isInputError(err) && err.code).toBe('TIFF_DECODE_FAILED');
      expect((err as Error).message).toContain('block (1, 0)');
      expect(Array.from(reader.read(2, 0))).toEqual(expectedBlock(2, 0));
      expect(Array.from(reader.read(0, 1))).toEqual(expectedBlock(0, 1));
    });
  });

  it('refuses a block that inflates beyond its declared size with TIFF_DECOMPRESSION_BOMB', async () => {
    const path = join(scratch, 'bomb.tif');
    writeFileSync(path, deflateBombTiff(4 * 1024 * 1024));
    const file = fastBlockFile(path, await preflight(path))!;
    withReader(file, true, (reader) => {
      const err = errorOf(() => reader.read(0, 0));
      expect(isInputError(err) && err.code).toBe('TIFF_DECOMPRESSION_BOMB');
    });
  });
});
