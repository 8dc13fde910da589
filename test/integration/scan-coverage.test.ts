// What is not seen is never change: clouds are screened out of Sentinel-2 pairs, and a segment
// that was mostly not observed gets its change alerts inhibited (recorded as suppressed, with the
// reason) instead of paging an analyst on the few pixels that were seen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSegments } from '../../src/cli/commands/scan.js';
import { transformer, WGS84 } from '../../src/core/geo/crs.js';
import { watchArea } from '../../src/core/raster/watch-area.js';
import type { BorderSegment, Raster } from '../../src/core/types.js';
import { AlertStore } from '../../src/io/store/alert-store.js';
import { encodeGeoTiff } from '../../src/io/tiff/write.js';
import { recordScan } from '../../src/pipeline/record-scan.js';
import { scanPair } from '../../src/pipeline/scan.js';
import { burnFeatures } from '../helpers/alert-pixels.js';
import { pairFile, readFull, tempDir } from '../helpers/samples.js';
import { candidateFeature } from '../../src/pipeline/alerts-geojson.js';

const BANDS = ['B02', 'B03', 'B04', 'B08'];

describe('clouds and unobserved segments', () => {
  let segments: BorderSegment[];
  let t2: Raster;
  beforeAll(async () => {
    segments = await loadSegments(pairFile('oscd-bercy', 'segments.geojson'));
    t2 = await readFull(pairFile('oscd-bercy', 't2.tif'));
  });

  it('screens a cloud out of a Sentinel-2 pair: no alert under it, and the masked pixels are reported', async () => {
    const { grid } = t2;
    // A bright, flat (white) cloud of ~40 px diameter with a soft edge, on the second segment.
    const area = watchArea([segments[1]!], grid, transformer(WGS84, grid.crs));
    const w = area.window!;
    const [cc, cr] = [w.col0 + w.width / 2, w.row0 + w.height / 2];
    const cloud = new Uint8Array(grid.width * grid.height);
    const bands = t2.bands.map((b) => Uint16Array.from(b, (v, i) => {
      const c = i % grid.width, r = (i - c) / grid.width;
      const d = Math.hypot(c - cc, r - cr);
      if (d > 22) return v;
      cloud[i] = 1;
      const a = Math.min(1, (22 - d) / 5);
      return Math.round(v * (1 - a) + 7000 * a);
    }));
    const path = join(tempDir(), '2017-08-29-cloudy.tif');
    writeFileSync(path, encodeGeoTiff({ grid, bands, blockSize: 256 }));
    const underCloud = async (bandNames?: string[]) => {
      const r = await scanPair({ baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: path, segments, ...(bandNames ? { bandNames } : {}) });
      const burnt = burnFeatures(r.candidates.map(candidateFeature), grid);
      let n = 0;
      burnt.forEach((v, i) => { n += v & cloud[i]!; });
      return { n, r };
    };
    const unscreened = await underCloud();
    expect(unscreened.n).toBeGreaterThan(500); // without screening the cloud is "change"
    const screened = await underCloud(BANDS);
    expect(screened.n).toBe(0);
    expect(screened.r.report.cloudMaskedPixels).toBeGreaterThan(1000);
  });

  it('inhibits change alerts in a segment seen less than half, and the store records them suppressed with the reason', async () => {
    const { grid } = t2;
    const target = segments[2]!;
    const area = watchArea([target], grid, transformer(WGS84, grid.crs));
    const w = area.window!;
    // Blank out (nodata) 70 % of the segment's corridor rows.
    const rows = Math.floor(w.height * 0.7);
    const bands = t2.bands.map((b) => Uint16Array.from(b, (v, i) => {
      const c = i % grid.width, r = (i - c) / grid.width;
      return c >= w.col0 && c < w.col0 + w.width && r >= w.row0 && r < w.row0 + rows ? 0 : v;
    }));
    const path = join(tempDir(), '2017-08-29-gappy.tif');
    writeFileSync(path, encodeGeoTiff({ grid, bands, nodata: 0, blockSize: 256 }));
    const r = await scanPair({ baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: path, segments });
    const share = r.report.coverage.find((c) => c.segmentId === target.id)!.observedShare;
    expect(share).toBeLessThan(0.5);
    const inTarget = r.candidates.filter((c) => c.segmentId === target.id);
    expect(inTarget.length).toBeGreaterThan(0);
    expect(inTarget.every((c) => c.inhibition !== undefined)).toBe(true);
    // Segments that were seen are not inhibited.
    const seen = new Set(r.report.coverage.filter((k) => k.observedShare >= 0.5).map((k) => k.segmentId));
    expect(r.candidates.filter((c) => seen.has(c.segmentId) && c.inhibition)).toEqual([]);
    const store = AlertStore.open(join(mkdtempSync(join(tmpdir(), 'bw-inhibit-')), 'bw.db'));
    const applied = recordScan(store, { footprint: 'bercy', segments, result: r, baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: path, now: '2024-05-01T00:00:00.000Z', actor: 'test' });
    expect(applied.suppressed).toBeGreaterThanOrEqual(inTarget.length);
    const stored = store.getAlert(inTarget[0]!.fingerprint)!;
    expect(stored.alert.state).toBe('suppressed');
    expect(JSON.stringify(stored.observations[0])).toContain('inhibition');
    store.close();
  });
});
