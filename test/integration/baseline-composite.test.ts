// The median baseline GeoTIFF: the per-pixel median of the dates that saw each pixel, on the inputs'
// grid with their bands and nodata, cached by the inputs' content and rebuilt when one changes.
// Data: Bercy dates 1 and 2 (real Sentinel-2, not Kazakhstan) with nodata holes and a synthetic blob
// painted in by the test (baseline-dates.ts). However the inputs are read (fast block reader for
// local files, geotiff.js for URLs) and however they are tiled, the composite is the same.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medianBaseline } from '../../src/core/quality/median-baseline.js';
import type { Raster } from '../../src/core/types.js';
import { openTile } from '../../src/io/tiff/open.js';
import { encodeGeoTiff } from '../../src/io/tiff/write.js';
import { buildBaselineComposite, type CompositeSidecar } from '../../src/pipeline/baseline-composite.js';
import { pairFile, readFull, tempDir } from '../helpers/samples.js';
import { startRangeServer } from '../unit/tiff/url-range-server.js';
import { BLOB_A, withBlob } from './baseline-dates.js';

/** Samples and mask bits in which two GeoTIFFs differ, as openTile reads them. */
async function differences(a: string, b: string): Promise<number> {
  const [ra, rb] = [await readFull(a), await readFull(b)];
  let n = 0;
  for (let i = 0; i < ra.observed.length; i++) if (ra.observed[i] !== rb.observed[i]) n++;
  ra.bands.forEach((band, k) => band.forEach((v, i) => { if (v !== rb.bands[k]![i]) n++; }));
  return n;
}

describe('median baseline composite', () => {
  let dir: string;
  let inputs: { path: string; tileId: string; acquiredAt: string }[];
  let cacheDir: string;

  beforeAll(async () => {
    dir = tempDir('bw-composite-');
    cacheDir = join(dir, 'cache');
    const t1 = await readFull(pairFile('oscd-bercy', 't1.tif'));
    const t2 = await readFull(pairFile('oscd-bercy', 't2.tif'));
    // Three nodata holes that overlap only in the top-left corner (rows < 20, cols < 30).
    const files: [string, Buffer][] = [
      ['2017-03-01', withBlob(t1, null, (_c, r) => r < 40)],
      ['2017-04-01', withBlob(t1, BLOB_A, (c) => c < 30)],
      ['2017-05-01', withBlob(t2, null, (c, r) => r < 20 && c < 60)],
    ];
    inputs = files.map(([date, bytes]) => {
      const path = join(dir, `${date}.tif`);
      writeFileSync(path, bytes);
      return { path, tileId: `bercy/${date}`, acquiredAt: `${date}T00:00:00.000Z` };
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds, pixel by pixel, the median of the dates that observed it, on their grid, bands and nodata', async () => {
    const built = await buildBaselineComposite(inputs, { cacheDir });
    const dates: Raster[] = [];
    for (const i of inputs) dates.push(await readFull(i.path));
    const expected = medianBaseline(dates).baseline;
    const tile = await openTile(built.path);
    expect(tile.grid).toEqual(dates[0]!.grid);
    expect(tile.bandCount).toBe(4);
    expect(tile.nodata).toBe(0);
    expect(tile.layout.bitsPerSample).toBe(16);
    await tile.close();
    const got = await readFull(built.path);
    let mismatches = 0;
    let fromTwoDates = 0;
    for (let i = 0; i < got.observed.length; i++) {
      if (got.observed[i] !== expected.observed[i]) mismatches++;
      if (got.observed[i] !== 1) continue;
      for (let b = 0; b < 4; b++) if (got.bands[b]![i] !== Math.round(expected.bands[b]![i]!)) mismatches++;
      if (dates.filter((d) => d.observed[i] === 1).length === 2) fromTwoDates++;
    }
    expect(mismatches).toBe(0);
    expect(fromTwoDates).toBeGreaterThan(0);
    // Nodata only where all three dates are nodata: the 20 × 30 corner.
    expect(got.observed.reduce((n, v) => n + (v === 0 ? 1 : 0), 0)).toBe(20 * 30);
  });

  it('records which tiles and dates made it, oldest first', async () => {
    const built = await buildBaselineComposite([...inputs].reverse(), { cacheDir });
    const sidecar = JSON.parse(readFileSync(built.sidecarPath, 'utf8')) as CompositeSidecar;
    expect(sidecar.inputs.map((i) => [i.tileId, i.acquiredAt])).toEqual(inputs.map((i) => [i.tileId, i.acquiredAt]));
    expect(sidecar.observationHistogram[0]).toBe(20 * 30);
    expect(built.acquiredAt).toBe('2017-05-01T00:00:00.000Z');
  });

  it('is reused from the cache, whatever the order of its tiles, and rebuilt when one of them changes', async () => {
    const first = await buildBaselineComposite(inputs, { cacheDir });
    const writtenAt = statSync(first.path).mtimeMs;
    const again = await buildBaselineComposite([inputs[2]!, inputs[0]!, inputs[1]!], { cacheDir });
    expect(again).toMatchObject({ reused: true, path: first.path, key: first.key });
    expect(statSync(first.path).mtimeMs).toBe(writtenAt);

    const t1 = await readFull(pairFile('oscd-bercy', 't1.tif'));
    writeFileSync(inputs[0]!.path, withBlob(t1, { col: 100, row: 300 }, (_c, r) => r < 40));
    const rebuilt = await buildBaselineComposite(inputs, { cacheDir });
    expect(rebuilt.reused).toBe(false);
    expect(rebuilt.key).not.toBe(first.key);
    expect(rebuilt.inputs[0]!.sha256).not.toBe(first.inputs[0]!.sha256);
  });

  it('is the same image when its dates are read from http(s) URLs through geotiff.js instead of the local fast reader', async () => {
    const local = await buildBaselineComposite(inputs, { cacheDir: join(dir, 'cache-local') });
    const server = await startRangeServer(Object.fromEntries(inputs.map((i, k) => [`/d${k}.tif`, readFileSync(i.path)])));
    try {
      const remote = await buildBaselineComposite(inputs.map((i, k) => ({ ...i, path: server.url(`/d${k}.tif`) })), { cacheDir: join(dir, 'cache-remote') });
      expect(remote.reused).toBe(false);
      expect(await differences(remote.path, local.path)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is the same image whatever the tiling of its dates: blocks smaller than, or not fitting, the output tiles', async () => {
    const reference = (await buildBaselineComposite(inputs, { cacheDir: join(dir, 'cache-256') })).path;
    /** The same samples re-tiled at `blockSize`. */
    const retiled = async (path: string, blockSize: 256 | 512, name: string): Promise<string> => {
      const r = await readFull(path);
      const out = join(dir, name);
      writeFileSync(out, encodeGeoTiff({ grid: r.grid, bands: r.bands.map((b) => Uint16Array.from(b)), nodata: 0, blockSize }));
      return out;
    };
    // Newest date 512² (so the output is 512², filled from 256² blocks); then the newest 256² with older 512² dates.
    const smallerBlocks = [inputs[0]!, inputs[1]!, { ...inputs[2]!, path: await retiled(inputs[2]!.path, 512, 'newest-512.tif') }];
    const largerBlocks = [
      { ...inputs[0]!, path: await retiled(inputs[0]!.path, 512, 'oldest-512.tif') },
      { ...inputs[1]!, path: await retiled(inputs[1]!.path, 512, 'middle-512.tif') },
      inputs[2]!,
    ];
    for (const set of [smallerBlocks, largerBlocks]) {
      const built = await buildBaselineComposite(set, { cacheDir: join(dir, 'cache-retiled') });
      const tile = await openTile(built.path);
      expect(tile.blockWidth).toBe(set === smallerBlocks ? 512 : 256);
      await tile.close();
      expect(await differences(built.path, reference)).toBe(0);
    }
  });

  it('refuses tiles whose nodata differs with BASELINE_FORMAT_MISMATCH', async () => {
    await expect(buildBaselineComposite([inputs[1]!, { path: pairFile('oscd-bercy', 't2.tif') }], { cacheDir }))
      .rejects.toMatchObject({ code: 'BASELINE_FORMAT_MISMATCH' });
  });
});
