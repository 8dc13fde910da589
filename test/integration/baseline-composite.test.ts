// The median baseline GeoTIFF: the per-pixel median of the dates that saw each pixel, on the inputs'
// grid with their bands and nodata, cached by the inputs' content and rebuilt when one changes.
// Data: Bercy dates 1 and 2 (real Sentinel-2, not Kazakhstan) with nodata holes and a synthetic blob
// painted in by the test (baseline-dates.ts).
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medianBaseline } from '../../src/core/quality/median-baseline.js';
import type { Raster } from '../../src/core/types.js';
import { openTile } from '../../src/io/tiff/open.js';
import { buildBaselineComposite, type CompositeSidecar } from '../../src/pipeline/baseline-composite.js';
import { pairFile, readFull, tempDir } from '../helpers/samples.js';
import { BLOB_A, withBlob } from './baseline-dates.js';

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

  it('refuses tiles whose nodata differs with BASELINE_FORMAT_MISMATCH', async () => {
    await expect(buildBaselineComposite([inputs[1]!, { path: pairFile('oscd-bercy', 't2.tif') }], { cacheDir }))
      .rejects.toMatchObject({ code: 'BASELINE_FORMAT_MISMATCH' });
  });
});
