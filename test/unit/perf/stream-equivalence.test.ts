// The streaming scan (strips, worker threads, run labelling across seams) must find exactly what
// the in-memory scan and a straightforward whole-array reference find: the peers' rule — CVA
// magnitude > 600 DN, 8-connected blobs of at least 4 px — on a generated pair whose 256² blocks
// put many blobs across strip and block seams.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesisePair } from '../../../src/bench/synthetic-scene.js';
import { syntheticGrid, writePairTiffs } from '../../../src/bench/generate.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { pixelAreaM2, scanPair, type ScanParams, type ScanResult } from '../../../src/pipeline/scan.js';
import { streamableFiles, streamChanges } from '../../../src/pipeline/stream-scan.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { tempDir } from '../../helpers/samples.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const SIZE = 900;
const PEER: Partial<ScanParams> = { threshold: 600, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: 400 };

/** Whole-array reference: CVA > T, 8-connected flood fill, blobs ≥ minPx; sizes sorted. */
function referenceBlobSizes(before: Float32Array[], after: Float32Array[], width: number, height: number, t: number, minPx: number): number[] {
  const changed = new Uint8Array(width * height);
  for (let i = 0; i < changed.length; i++) {
    let s = 0;
    for (let b = 0; b < before.length; b++) s += (after[b]![i]! - before[b]![i]!) ** 2;
    changed[i] = Math.sqrt(s) > t ? 1 : 0;
  }
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < changed.length; start++) {
    if (changed[start] !== 1) continue;
    changed[start] = 2;
    stack.push(start);
    let n = 0;
    while (stack.length) {
      const i = stack.pop()!;
      n++;
      const r = Math.floor(i / width), c = i % width;
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
        const j = rr * width + cc;
        if (changed[j] === 1) { changed[j] = 2; stack.push(j); }
      }
    }
    if (n >= minPx) sizes.push(n);
  }
  return sizes.sort((a, b) => a - b);
}

const comparable = (r: ScanResult): unknown => ({ candidates: r.candidates, report: r.report });

describe('streaming scan equals the whole-window scan', () => {
  let dir: string;
  let baselinePath: string;
  let currentPath: string;
  let whole: BorderSegment[];
  let corridor: BorderSegment[];
  beforeAll(() => {
    dir = tempDir('bw-stream-');
    const pair = synthesisePair(SIZE, 7);
    const grid = syntheticGrid(SIZE);
    baselinePath = join(dir, 'before.tif');
    currentPath = join(dir, 'after.tif');
    writePairTiffs(pair, grid, 256, baselinePath, currentPath);
    // The same scene in 64-px blocks: 15 strips, so strip buffers are recycled many times over.
    writePairTiffs(pair, grid, 64, join(dir, 'before64.tif'), join(dir, 'after64.tif'));
    const { px, segment, wholeTile } = pixelSegments(grid);
    whole = wholeTile();
    // A slanted corridor and a diamond: straddling blobs, partly watched blocks, skipped blocks.
    corridor = [
      segment('a', [px(10, 300), px(10, 520), px(890, 700), px(890, 420), px(10, 300)]),
      segment('b', [px(450, 20), px(250, 200), px(450, 380), px(650, 200), px(450, 20)]),
    ];
  });

  it('finds the same blobs as a brute-force whole-array CVA > 600 DN, 8-connected, ≥ 4 px', async () => {
    const b = await openTile(baselinePath);
    const a = await openTile(currentPath);
    try {
      const files = streamableFiles(b, a)!;
      expect(files).not.toBeNull();
      const out = await streamChanges(b, files, whole, { threshold: 600, speckleMinNeighbours: 0, minAreaM2: 400, pixelAreaM2 }, { threads: 2, maxMemoryMb: 64 });
      const win = { col0: 0, row0: 0, width: SIZE, height: SIZE };
      const sizes = referenceBlobSizes((await b.readWindow(win)).bands, (await a.readWindow(win)).bands, SIZE, SIZE, 600, 4);
      expect(sizes.length).toBeGreaterThan(20);
      expect(out.blobs.map((blob) => blob.pixelCount).sort((p, q) => p - q)).toEqual(sizes);
      expect(out.decodedBlocks).toBe(16);
      expect(out.watchedPixels).toBe(SIZE * SIZE);
    } finally {
      await b.close();
      await a.close();
    }
  });

  for (const [name, speckle] of [['without speckle cleaning', 0], ['with speckle cleaning', 1]] as const) {
    it(`gives the in-memory path's candidates and report, whole tile and corridors, ${name}`, async () => {
      for (const segments of [whole, corridor]) {
        const params = { ...PEER, speckleMinNeighbours: speckle };
        const streamed = await scanPair({ baselinePath, currentPath, segments, params, engine: { threads: 2 } });
        const inline = await scanPair({ baselinePath, currentPath, segments, params, engine: { threads: 0 } });
        const inMemory = await scanPair({ baselinePath, currentPath, segments, params, engine: { streaming: 'never' } });
        expect(streamed.timingsMs['raster']).toBeDefined(); // it did stream
        expect(inMemory.timingsMs['raster']).toBeUndefined();
        expect(streamed.candidates.length).toBeGreaterThan(5);
        expect(comparable(streamed)).toEqual(comparable(inMemory));
        expect(comparable(inline)).toEqual(comparable(inMemory));
      }
    }, 120_000);
  }

  it('gives the in-memory result over many strips on a tight budget (64-px blocks)', async () => {
    const baseline64 = join(dir, 'before64.tif');
    const current64 = join(dir, 'after64.tif');
    for (const segments of [corridor, whole]) {
      const streamed = await scanPair({ baselinePath: baseline64, currentPath: current64, segments, params: PEER, engine: { threads: 2, maxMemoryMb: 1 } });
      const inMemory = await scanPair({ baselinePath: baseline64, currentPath: current64, segments, params: PEER, engine: { streaming: 'never' } });
      expect(streamed.timingsMs['raster']).toBeDefined();
      expect(streamed.candidates.length).toBeGreaterThan(5);
      expect(comparable(streamed)).toEqual(comparable(inMemory));
    }
  }, 120_000);
});
