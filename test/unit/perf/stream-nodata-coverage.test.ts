// The peers'-rule stream counts each segment's coverage block by block from the observed bits its
// threads hand back, and marks watched pixels from per-block spans: with nodata punched across
// block and strip seams and several corridors (some partly unobserved), its candidates and report
// — coverage per segment included — must be the in-memory scan's, on threads and inline.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesisePair } from '../../../src/bench/synthetic-scene.js';
import { syntheticGrid } from '../../../src/bench/generate.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';
import { scanPair, type ScanParams, type ScanResult } from '../../../src/pipeline/scan.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { tempDir } from '../../helpers/samples.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const SIZE = 600;
const BLOCK = 128;
const PEER: Partial<ScanParams> = { threshold: 600, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: 400 };
const NODATA = 0;

const comparable = (r: ScanResult): unknown => ({ candidates: r.candidates, report: r.report });

describe('streamed peers\' rule with nodata and several corridors', () => {
  let baselinePath: string;
  let currentPath: string;
  let corridors: BorderSegment[];
  beforeAll(() => {
    const dir = tempDir('bw-stream-nodata-');
    const pair = synthesisePair(SIZE, 5);
    // Unobserved: a band of rows in the current date (across a strip seam at row 256) and a
    // column band in the baseline (across the block seam at column 384).
    const blank = (bands: Uint16Array[], inside: (c: number, r: number) => boolean): Uint16Array[] =>
      bands.map((b) => Uint16Array.from(b, (v, i) => (inside(i % SIZE, Math.floor(i / SIZE)) ? NODATA : v)));
    const after = blank(pair.after, (c, r) => r >= 230 && r < 300 && c < 420);
    const before = blank(pair.before, (c) => c >= 370 && c < 400);
    const grid = syntheticGrid(SIZE);
    baselinePath = join(dir, 'before.tif');
    currentPath = join(dir, 'after.tif');
    writeFileSync(baselinePath, encodeGeoTiff({ grid, bands: before, blockSize: BLOCK, nodata: NODATA }));
    writeFileSync(currentPath, encodeGeoTiff({ grid, bands: after, blockSize: BLOCK, nodata: NODATA }));
    const { px, segment } = pixelSegments(grid);
    corridors = [
      segment('slant', [px(5, 150), px(5, 330), px(595, 420), px(595, 250), px(5, 150)]),
      segment('diamond', [px(300, 10), px(150, 160), px(300, 310), px(450, 160), px(300, 10)]),
      segment('column', [px(360, 0), px(360, 600), px(410, 600), px(410, 0), px(360, 0)]),
      segment('corner', [px(470, 470), px(470, 600), px(600, 600), px(600, 470), px(470, 470)]),
    ];
  });

  it('gives the in-memory candidates and per-segment coverage, on threads and inline', async () => {
    const streamed = await scanPair({ baselinePath, currentPath, segments: corridors, params: PEER, engine: { threads: 2, maxMemoryMb: 1 } });
    const inline = await scanPair({ baselinePath, currentPath, segments: corridors, params: PEER, engine: { threads: 0 } });
    const inMemory = await scanPair({ baselinePath, currentPath, segments: corridors, params: PEER, engine: { streaming: 'never' } });
    expect(streamed.timingsMs['raster']).toBeDefined(); // it did stream
    expect(inMemory.timingsMs['raster']).toBeUndefined();
    // The data can tell: some segments partly unobserved, one fully seen, and change found.
    const shares = inMemory.report.coverage.map((c) => c.observedShare);
    expect(shares.some((s) => s > 0 && s < 0.95)).toBe(true);
    expect(shares).toContain(1);
    expect(inMemory.report.observedPixels).toBeLessThan(inMemory.report.watchedPixels);
    expect(inMemory.candidates.length).toBeGreaterThan(3);
    expect(comparable(streamed)).toEqual(comparable(inMemory));
    expect(comparable(inline)).toEqual(comparable(inMemory));
  }, 120_000);
});
