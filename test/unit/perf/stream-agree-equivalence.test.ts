// The agreement + hysteresis rule streamed in bounded memory must give exactly what findChanges
// gives on the whole window: same units and cuts to the last bit, same blobs with the same
// statistics — with the terms kept between passes and recomputed every pass (strips decoded per
// pass), inline and on threads, on a generated pair with a radiometric shift, nodata holes and
// changes straddling strip seams, and on a mostly unchanged pair whose score has a flat low tail.
import { mulberry32, normal } from '../../../src/core/prng.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesisePair } from '../../../src/bench/synthetic-scene.js';
import { syntheticGrid } from '../../../src/bench/generate.js';
import { encodeGeoTiff } from '../../../src/io/tiff/write.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { streamableFiles } from '../../../src/pipeline/stream-scan.js';
import { pixelAreaM2, scanPair, type ScanResult } from '../../../src/pipeline/scan.js';
import { loadSegments } from '../../../src/cli/commands/scan.js';
import { streamAgreeChanges, type AgreeStreamOutcome } from '../../../src/pipeline/stream-agree.js';
import { AGREE_MEASURE, findChanges, type ChangeResult } from '../../../src/core/detect/find-changes.js';
import { watchArea } from '../../../src/core/raster/watch-area.js';
import { transformer, WGS84 } from '../../../src/core/geo/crs.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { pairFile, tempDir } from '../../helpers/samples.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';
import { labelComponents } from '../../../src/core/detect/components.js';

const SIZE = 700;
const BLOCK = 256;
const NODATA = 0;
const LOW_K = 6.5;
const HIGH_K = 16;
const PARAMS = { normalise: true, speckleMinNeighbours: 1, minAreaM2: 400 };

/**
 * Engine settings: no strip kept and no spill (every pass decodes and recomputes), first strip only,
 * all kept in memory; inline and threads; and no room in memory but a spill file for the terms.
 */
const ENGINES: readonly { cacheMb: number; threads: number; spill: boolean }[] = [
  { cacheMb: 0, threads: 0, spill: false },
  { cacheMb: 3, threads: 2, spill: false },
  { cacheMb: 512, threads: 0, spill: false },
  { cacheMb: 512, threads: 2, spill: false },
  { cacheMb: 0, threads: 0, spill: true },
];

async function streamedAndWhole(baselinePath: string, currentPath: string, segments: BorderSegment[]): Promise<{ outs: AgreeStreamOutcome[]; whole: ChangeResult }> {
  const b = await openTile(baselinePath);
  const a = await openTile(currentPath);
  try {
    const files = streamableFiles(b, a)!;
    const outs: AgreeStreamOutcome[] = [];
    for (const { cacheMb, threads, spill } of ENGINES) {
      const spillDir = spill ? tempDir('bw-spill-') : null;
      outs.push(await streamAgreeChanges(b, files, segments, { ...PARAMS, pixelAreaM2, cacheMb, threads, lowK: LOW_K, highK: HIGH_K, spillDir }));
      // The spill file is the scan's own: gone once it returns.
      if (spillDir) expect(readdirSync(spillDir)).toEqual([]);
    }
    const area = watchArea(segments, b.grid, transformer(WGS84, b.grid.crs));
    const win = area.window!;
    const before = await b.readWindow(win);
    const after = await a.readWindow(win);
    const observed = area.mask.map((m, i) => (m === 1 && before.observed[i] === 1 && after.observed[i] === 1 ? 1 : 0));
    const whole = findChanges(before, after, observed, {
      ...PARAMS, measure: AGREE_MEASURE, threshold: { method: 'hysteresis', lowK: LOW_K, highK: HIGH_K }, pixelAreaM2: pixelAreaM2(outs[0]!.grid),
    });
    return { outs, whole };
  } finally {
    await b.close();
    await a.close();
  }
}

function expectSameAsWhole(outs: AgreeStreamOutcome[], whole: ChangeResult): void {
  const out = outs[0]!;
  // No strip cache at all: the terms did not fit, so every pass decoded and recomputed them.
  expect(out.keptTerms).toBe('none');
  expect(outs[2]!.keptTerms).toBe('memory');
  expect(outs[4]!.keptTerms).toBe('file');
  const { cuts: _cuts, keptTerms: _kept, ...rest } = out;
  for (const other of outs.slice(1)) {
    const { cuts: _c, keptTerms: _k, ...same } = other;
    expect(same).toEqual(rest);
    expect(other.cuts).toEqual(out.cuts);
  }
  expect(out.fits).toEqual(whole.fits);
  expect(out.threshold).toEqual(whole.threshold);
  expect(out.seedThreshold).toEqual(whole.seedThreshold);
  expect(out.observedPixels).toBe(whole.observedPixels);
  expect(out.blobs).toEqual(whole.blobs); // toEqual on numbers is Object.is: every bit
}

/** Both dates as 4-band uint16 GeoTIFFs in BLOCK-px blocks, nodata 0. */
function writePair(dir: string, before: Uint16Array[], after: Uint16Array[]): { baselinePath: string; currentPath: string } {
  const grid = syntheticGrid(SIZE);
  const baselinePath = join(dir, 'before.tif');
  const currentPath = join(dir, 'after.tif');
  writeFileSync(baselinePath, encodeGeoTiff({ grid, bands: before, blockSize: BLOCK, nodata: NODATA }));
  writeFileSync(currentPath, encodeGeoTiff({ grid, bands: after, blockSize: BLOCK, nodata: NODATA }));
  return { baselinePath, currentPath };
}

/** Adds a textured square (a built structure: brighter rim, darker core) to every band. */
function structure(bands: Uint16Array[], r0: number, c0: number, size: number, amplitude: number): void {
  for (let r = r0; r < r0 + size; r++) {
    for (let c = c0; c < c0 + size; c++) {
      const core = Math.abs(r - r0 - size / 2) < size / 4 && Math.abs(c - c0 - size / 2) < size / 4;
      for (const band of bands) band[r * SIZE + c] = Math.max(1, band[r * SIZE + c]! + (core ? -amplitude / 2 : amplitude));
    }
  }
}

/** What a user gets from a scan, and what the per-segment pass re-scores in. */
const comparable = (r: ScanResult): unknown => ({ candidates: r.candidates, report: r.report, scoreUnits: r.scoreUnits, fits: r.normalisationFits });

describe('the default scan streams and equals the in-memory scan', () => {
  for (const pair of ['oscd-bercy', 'landsat-taizhou']) {
    it(`gives the same candidates, report and score units on the ${pair} sample pair`, async () => {
      const meta = JSON.parse(readFileSync(pairFile(pair, 'pair.json'), 'utf8')) as { baseline: string; current: string; segments: string };
      const input = { baselinePath: pairFile(pair, meta.baseline), currentPath: pairFile(pair, meta.current), segments: await loadSegments(pairFile(pair, meta.segments)) };
      const streamed = await scanPair(input);
      // A budget too small to keep the terms: they go to a spill file, or without one every pass
      // decodes the pair and computes them again.
      const tight = await scanPair({ ...input, engine: { maxMemoryMb: 1 } });
      const recomputed = await scanPair({ ...input, engine: { maxMemoryMb: 1, spillDir: null } });
      const inMemory = await scanPair({ ...input, engine: { streaming: 'never' } });
      expect(streamed.timingsMs['raster']).toBeDefined(); // it did stream
      expect(inMemory.timingsMs['raster']).toBeUndefined();
      expect(streamed.report.thresholdMethod).toBe('hysteresis');
      expect(streamed.report.seedThreshold).toBeGreaterThan(streamed.report.threshold);
      expect(streamed.candidates.length).toBeGreaterThan(0);
      expect(comparable(streamed)).toEqual(comparable(inMemory));
      expect(comparable(tight)).toEqual(comparable(inMemory));
      expect(comparable(recomputed)).toEqual(comparable(inMemory));
    }, 240_000);
  }
});

describe('the streamed agreement + hysteresis rule equals findChanges on the window', () => {
  let corridor: BorderSegment[];
  let whole: BorderSegment[];
  beforeAll(() => {
    const { px, segment, wholeTile } = pixelSegments(syntheticGrid(SIZE));
    whole = wholeTile();
    corridor = [
      segment('a', [px(10, 200), px(10, 420), px(690, 600), px(690, 320), px(10, 200)]),
      segment('b', [px(350, 20), px(150, 200), px(350, 380), px(550, 200), px(350, 20)]),
    ];
  });

  describe('on a generated pair with a gain/offset shift, nodata holes and changes across strip seams', () => {
    let paths: { baselinePath: string; currentPath: string };
    beforeAll(() => {
      // The scene's before date, and an after date with a sensor gain/offset and noise: no change
      // but the structures painted below, so Otsu's split falls in the noise and both floors bite.
      const pair = synthesisePair(SIZE, 11);
      const before = pair.before.map((band) => band.map((v) => Math.max(1, v)));
      const noise = normal(mulberry32(12345));
      const after = before.map((band, b) => band.map((v) => Math.min(65535, Math.max(1, Math.round(v * (1.03 + 0.01 * b) + 40 + 30 * noise())))));
      // Strong structures (seeds) and faint ones (above the low cut only), several straddling the
      // strip seams at rows 256 and 512.
      for (const [r0, c0, size] of [[248, 60, 14], [250, 330, 9], [505, 600, 16], [509, 420, 6], [120, 340, 12]] as const) structure(after, r0, c0, size, 150);
      for (const [r0, c0, size] of [[251, 150, 8], [507, 250, 10], [300, 500, 7], [60, 60, 9]] as const) structure(after, r0, c0, size, 60);
      const hole = (bands: Uint16Array[], r0: number, c0: number, size: number, onlyBand?: number): void => {
        for (let r = r0; r < r0 + size; r++) for (let c = c0; c < c0 + size; c++) bands.forEach((band, b) => { if (onlyBand === undefined || onlyBand === b) band[r * SIZE + c] = NODATA; });
      };
      hole(before, 240, 240, 40);
      hole(after, 500, 100, 30, 2);
      hole(before, 252, 64, 3); // inside a straddling structure
      paths = writePair(tempDir('bw-stream-agree-'), before, after);
    });

    for (const which of ['two corridors', 'the whole tile'] as const) {
      it(`gives bit-identical cuts, blobs and fits over ${which}, terms kept or recomputed`, async () => {
        const { outs, whole: inMemory } = await streamedAndWhole(paths.baselinePath, paths.currentPath, which === 'the whole tile' ? whole : corridor);
        expectSameAsWhole(outs, inMemory);
        expect(inMemory.fits![0]!.gain).not.toBe(1);
        expect(inMemory.blobs.length).toBeGreaterThan(3);
        expect(inMemory.threshold.threshold).toBeLessThan(inMemory.seedThreshold!.threshold);
        for (const blob of inMemory.blobs) expect(blob.maxScore).toBeGreaterThan(inMemory.seedThreshold!.threshold);
        if (which === 'the whole tile') {
          // The seed test matters here: some region (≥ the 4 px MMU) clears the low cut but no pixel
          // of it the high one, and is dropped — so equal blobs prove the engines seed alike.
          const grid = outs[0]!.grid;
          const above = Uint8Array.from(inMemory.score, (v) => (v > inMemory.threshold.threshold ? 1 : 0));
          const regions = labelComponents(above, grid.width, grid.height, inMemory.score).components.filter((c) => c.pixelCount >= 4);
          expect(regions.some((c) => !(c.scoreMax > inMemory.seedThreshold!.threshold))).toBe(true);
        }
        expect(outs[0]!.observedPixels).toBeLessThan(outs[0]!.watchedPixels);
      }, 240_000);
    }
  });

  it('falls back like the in-memory rule when most of the window did not change (flat low tail, MAD 0)', async () => {
    const pair = synthesisePair(SIZE, 5);
    // Two bands of rows are one flat colour on both dates (57 % of pixels): the terms there are
    // one value, so P5 = P25 of the score (the median floor guards) and the MAD of M5 is 0.
    const flat = (i: number): boolean => Math.floor(i / SIZE) % 300 >= 100;
    const before = pair.before.map((band, b) => band.map((v, i) => (flat(i) ? 1000 + 100 * b : Math.max(1, v))));
    const after = pair.after.map((band, b) => band.map((v, i) => (flat(i) ? 1000 + 100 * b : Math.max(1, v))));
    for (const [r0, c0] of [[250, 200], [40, 500]] as const) structure(after, r0, c0, 12, 400);
    const paths = writePair(tempDir('bw-stream-agree-flat-'), before, after);
    const { outs, whole: inMemory } = await streamedAndWhole(paths.baselinePath, paths.currentPath, whole);
    expectSameAsWhole(outs, inMemory);
    // The low tail is flat: both cuts are the median floor, so they coincide.
    expect(inMemory.threshold.noiseFloor).toBe(inMemory.seedThreshold!.noiseFloor);
    expect(inMemory.blobs.length).toBeGreaterThan(0);
  }, 240_000);
});
