// A tile whose block in the middle is corrupt must be rejected with its stable code by every
// streaming engine — while strips behind it are still decoding on worker threads and strips
// ahead are being fetched — and never take the process down with an unhandled rejection.
import { openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticPair } from '../../helpers/synthetic-pair.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { PairBlockPool } from '../../../src/io/tiff/pair-pool.js';
import { preflight } from '../../../src/io/tiff/preflight.js';
import { streamableFiles } from '../../../src/pipeline/stream-scan.js';
import { scanPair, type ScanParams } from '../../../src/pipeline/scan.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { tempDir } from '../../helpers/samples.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const SIZE = 640;
const PEER: Partial<ScanParams> = { threshold: 600, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: 400 };

let baselinePath = '';
let currentPath = '';
let whole: BorderSegment[] = [];

beforeAll(async () => {
  const written = writeSyntheticPair('bw-bad-block-', SIZE, 3, 64);
  ({ baselinePath, currentPath } = written);
  const grid = written.grid;
  // Garbage over the compressed bytes of a block half-way down the current tile.
  const layout = await preflight(currentPath);
  const index = 5 * layout.blocksAcross + 4;
  const fd = openSync(currentPath, 'r+');
  writeSync(fd, Buffer.alloc(Math.min(64, layout.blockByteCounts[index]!), 0xa5), 0, undefined, layout.blockOffsets[index]!);
  closeSync(fd);
  whole = pixelSegments(grid).wholeTile();
});

describe('a corrupt block in a streamed scan', () => {
  it.each([
    ['peers\' rule, 2 threads', PEER, 2],
    ['product defaults, 2 threads', undefined, 2],
    ['product defaults, inline', undefined, 0],
  ] as const)('is rejected with TIFF_DECODE_FAILED (%s)', async (_name, params, threads) => {
    const scan = scanPair({ baselinePath, currentPath, segments: whole, ...(params ? { params } : {}), engine: { threads, maxMemoryMb: 1 } });
    await expect(scan).rejects.toMatchObject({ code: 'TIFF_DECODE_FAILED' });
  });
});

describe('a decode thread that dies at start-up', () => {
  it('fails the tasks given to it, and closing its pool returns instead of waiting for it', async () => {
    // The pool starts before the stream works out its watch area: a thread that cannot open its
    // file (deleted, out of descriptors) is gone before anyone asks it to close.
    const tile = await openTile(baselinePath);
    const files = streamableFiles(tile, tile)!;
    await tile.close();
    const pool = new PairBlockPool({ before: { ...files.before, path: join(tempDir('bw-gone-'), 'gone.tif') }, after: files.after }, 1);
    const task = pool.run({ id: 0, bx: 0, by: 0, watchSpans: Int32Array.of(0, 64), threshold: 600, windowRow: 0, windowCol: 0,
      region: { bands: files.before.bands, blockWidth: 64, col0: 0, row0: 0, width: 64, height: 64, stateOffset: 0, stateStride: 64 } });
    await expect(task).rejects.toThrow();
    // Its 'error' comes before its exit: give the exit time to happen before closing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const closed = await Promise.race([pool.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))]);
    expect(closed).toBe('closed');
  }, 15_000);
});
