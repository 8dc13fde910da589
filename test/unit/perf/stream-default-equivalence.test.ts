// The previous product default, still selectable (--measure cva+mean3 --threshold otsu: normalised
// CVA, 3×3 mean, Otsu + noise floor, speckle, 400 m² blobs) streamed
// in bounded memory must give exactly the in-memory scan's candidates and report: same threshold to
// the last bit, same blobs, same statistics, same coverage — on the bundled real pairs and on a
// generated pair with a radiometric shift (normalisation matters), nodata holes and blobs on seams.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesisePair } from '../../../src/bench/synthetic-scene.js';
import { syntheticGrid } from '../../../src/bench/generate.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { scanPair, type ScanResult } from '../../../src/pipeline/scan.js';
import { streamableFiles } from '../../../src/pipeline/stream-scan.js';
import { loadSegments } from '../../../src/cli/commands/scan.js';
import { transformer, WGS84 } from '../../../src/core/geo/crs.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { pairFile, tempDir } from '../../helpers/samples.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';
import { streamDefaultChanges } from '../../../src/pipeline/stream-default.js';
import { pixelAreaM2 } from '../../../src/pipeline/scan.js';
import { findChanges } from '../../../src/core/detect/find-changes.js';
import { watchArea } from '../../../src/core/raster/watch-area.js';

const SIZE = 700;
const NODATA = 0;

const comparable = (r: ScanResult): unknown => ({ candidates: r.candidates, report: r.report });

async function isStreamable(baselinePath: string, currentPath: string): Promise<boolean> {
  const b = await openTile(baselinePath);
  const a = await openTile(currentPath);
  try {
    return streamableFiles(b, a) !== null;
  } finally {
    await b.close();
    await a.close();
  }
}

/** The one-cut detector this engine streams (the default before the agreement rule). */
const oneCut = { measure: 'cva+mean3', threshold: 'otsu' } as const;

async function bothEngines(baselinePath: string, currentPath: string, segments: BorderSegment[]): Promise<{ streamed: ScanResult; inMemory: ScanResult }> {
  const streamed = await scanPair({ baselinePath, currentPath, segments, params: oneCut });
  const inMemory = await scanPair({ baselinePath, currentPath, segments, params: oneCut, engine: { streaming: 'never' } });
  return { streamed, inMemory };
}

describe('the streamed default scan equals the in-memory default scan', () => {
  for (const pair of ['oscd-bercy', 'landsat-taizhou', 'oscd-hongkong-crop']) {
    it(`gives the same candidates and report on the ${pair} sample pair`, async () => {
      const meta = JSON.parse(readFileSync(pairFile(pair, 'pair.json'), 'utf8')) as { baseline: string; current: string; segments: string };
      const baselinePath = pairFile(pair, meta.baseline);
      const currentPath = pairFile(pair, meta.current);
      const segments = await loadSegments(pairFile(pair, meta.segments));
      const { streamed, inMemory } = await bothEngines(baselinePath, currentPath, segments);
      // Hong Kong's dates lie on different grids: it is resampled, so it stays in memory.
      const streams = await isStreamable(baselinePath, currentPath);
      expect(streams).toBe(pair !== 'oscd-hongkong-crop');
      expect(streamed.timingsMs['raster'] !== undefined).toBe(streams);
      expect(inMemory.timingsMs['raster']).toBeUndefined();
      expect(comparable(streamed)).toEqual(comparable(inMemory));
    }, 120_000);
  }

  describe('on a generated pair with a gain/offset shift and nodata holes', () => {
    let dir: string;
    let baselinePath: string;
    let currentPath: string;
    let whole: BorderSegment[];
    let corridor: BorderSegment[];
    beforeAll(() => {
      dir = tempDir('bw-stream-default-');
      const pair = synthesisePair(SIZE, 11);
      const grid = syntheticGrid(SIZE);
      // A sensor gain and offset on the after date (normalisation must undo it the same way) and
      // nodata squares in each date, some across block seams.
      const after = pair.after.map((band, b) => band.map((v) => Math.min(65535, Math.max(1, Math.round(v * (1.03 + 0.01 * b) + 40)))));
      const before = pair.before.map((band) => band.map((v) => Math.max(1, v)));
      const hole = (bands: Uint16Array[], r0: number, c0: number, size: number, onlyBand?: number): void => {
        for (let r = r0; r < r0 + size; r++) for (let c = c0; c < c0 + size; c++) bands.forEach((band, b) => { if (onlyBand === undefined || onlyBand === b) band[r * SIZE + c] = NODATA; });
      };
      hole(before, 240, 240, 40);
      hole(after, 500, 100, 30, 2);
      baselinePath = join(dir, 'before.tif');
      currentPath = join(dir, 'after.tif');
      writeFileSync(baselinePath, encodeGeoTiff({ grid, bands: before, blockSize: 256, nodata: NODATA }));
      writeFileSync(currentPath, encodeGeoTiff({ grid, bands: after, blockSize: 256, nodata: NODATA }));
      const { px, segment, wholeTile } = pixelSegments(grid);
      whole = wholeTile();
      corridor = [
        segment('a', [px(10, 200), px(10, 420), px(690, 600), px(690, 320), px(10, 200)]),
        segment('b', [px(350, 20), px(150, 200), px(350, 380), px(550, 200), px(350, 20)]),
      ];
    });

    it('gives the same candidates and report, whole tile and two corridors', async () => {
      for (const segments of [whole, corridor]) {
        const { streamed, inMemory } = await bothEngines(baselinePath, currentPath, segments);
        // A budget too small to keep any decoded strip: every pass decodes the pair again.
        const tight = await scanPair({ baselinePath, currentPath, segments, params: oneCut, engine: { maxMemoryMb: 4 } });
        expect(comparable(tight)).toEqual(comparable(inMemory));
        expect(streamed.timingsMs['raster']).toBeDefined(); // it did stream
        expect(streamed.report.thresholdMethod).toBe('otsu');
        expect(streamed.candidates.length).toBeGreaterThan(3);
        expect(streamed.report.observedPixels).toBeLessThan(streamed.report.watchedPixels); // the holes count as unseen
        expect(comparable(streamed)).toEqual(comparable(inMemory));
      }
    }, 120_000);

    it('finds blobs with bit-identical statistics, threshold and fits to findChanges on the whole window', async () => {
      const b = await openTile(baselinePath);
      const a = await openTile(currentPath);
      try {
        const files = streamableFiles(b, a)!;
        const params = { normalise: true, speckleMinNeighbours: 1, minAreaM2: 400, pixelAreaM2 };
        // No strip kept between passes, the first strip kept, every strip kept.
        // No strip kept, the first kept (too little budget for threads: inline), all kept; inline and on two threads.
        const outs = [];
        for (const [cacheMb, threads] of [[0, 0], [3, 2], [512, 0], [512, 2]] as const) outs.push(await streamDefaultChanges(b, files, corridor, { ...params, cacheMb, threads }));
        const out = outs[0]!;
        for (const other of outs.slice(1)) expect(other).toEqual(out);
        const area = watchArea(corridor, b.grid, transformer(WGS84, b.grid.crs));
        const win = area.window!;
        const before = await b.readWindow(win);
        const after = await a.readWindow(win);
        const observed = area.mask.map((m, i) => (m === 1 && before.observed[i] === 1 && after.observed[i] === 1 ? 1 : 0));
        const whole = findChanges(before, after, observed, { ...params, threshold: { method: 'otsu' }, pixelAreaM2: pixelAreaM2(out.grid) });
        expect(out.fits).toEqual(whole.fits);
        expect(out.fits![0]!.gain).not.toBe(1);
        expect(out.threshold).toEqual(whole.threshold);
        expect(out.blobs.length).toBeGreaterThan(3);
        expect(out.blobs).toEqual(whole.blobs); // toEqual on numbers is Object.is: every bit
      } finally {
        await b.close();
        await a.close();
      }
    }, 120_000);
  });
});
