// `borderwatch scan --baselines`: the median of several earlier dates is the baseline, so a
// transient seen on one date only raises no alert, while real change in the current tile still does.
// Data: Bercy (real Sentinel-2, not Kazakhstan) plus two dates derived from it with synthetic
// bright blobs (baseline-dates.ts).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grid } from '../../src/core/types.js';
import { burnFeatures } from '../helpers/alert-pixels.js';
import { pairFile, readFull, runCli, tempDir } from '../helpers/samples.js';
import { BLOB_A, BLOB_B, bercyDates, type BercyDates, type Blob } from './baseline-dates.js';

type Alerts = FeatureCollection<Polygon | MultiPolygon> & { borderwatch: { scans: Record<string, unknown>[] } };

describe('scan against a multi-date median baseline', () => {
  let dir: string;
  let d: BercyDates;
  let grid: Grid;
  let cache: string;

  async function scan(name: string, baselineArgs: string[]): Promise<{ alerts: Alerts; bytes: Buffer; stdout: string }> {
    const out = join(dir, `${name}.geojson`);
    const r = await runCli(['scan', ...baselineArgs, '--current', d.current, '--segments', d.segments, '--out', out, '--baseline-cache', cache].filter((a) => a !== ''));
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    return { alerts: JSON.parse(bytes.toString('utf8')) as Alerts, bytes, stdout: r.stdout };
  }
  const covers = (alerts: Alerts, blob: Blob): boolean => burnFeatures(alerts.features as Feature<Polygon | MultiPolygon>[], grid)[blob.row * grid.width + blob.col] === 1;
  const fingerprints = (alerts: Alerts): string[] => alerts.features.map((f) => String(f.id)).sort();

  beforeAll(async () => {
    dir = tempDir('bw-baseline-scan-');
    cache = join(dir, 'cache');
    d = await bercyDates(join(dir, 'tiles'));
    grid = (await readFull(d.current)).grid;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bright blob on the single baseline date is reported as change where it vanished', async () => {
    const { alerts } = await scan('single-a', ['--baseline', d.earlier[1]]);
    expect(covers(alerts, BLOB_A)).toBe(true);
    const { alerts: b } = await scan('single-b', ['--baseline', d.earlier[2]]);
    expect(covers(b, BLOB_B)).toBe(true);
  });

  it('against the median of three dates, neither one-date blob raises an alert', async () => {
    const { alerts } = await scan('median', ['--baselines', d.earlier.join(',')]);
    expect(covers(alerts, BLOB_A)).toBe(false);
    expect(covers(alerts, BLOB_B)).toBe(false);
  });

  it('still finds the real changes of the current date: the same alerts as against the clean date', async () => {
    const { alerts: median } = await scan('median', ['--baselines', d.earlier.join(',')]);
    const { alerts: clean } = await scan('clean', ['--baseline', d.earlier[0]]);
    expect(median.features.length).toBeGreaterThan(0);
    expect(fingerprints(median)).toEqual(fingerprints(clean));
    // ...and those alerts lie on OSCD's labelled changes, not somewhere else.
    const cm = await readFull(pairFile('oscd-bercy', 'cm.tif'));
    const burnt = burnFeatures(median.features as Feature<Polygon | MultiPolygon>[], grid);
    let onChange = 0;
    for (let i = 0; i < burnt.length; i++) if (burnt[i] === 1 && cm.bands[0]![i]! > 0) onChange++;
    expect(onChange).toBeGreaterThan(0);
  });

  it('says in its report which tiles made the baseline, and reuses the cached median on a second run', async () => {
    const first = await scan('report-1', ['--baselines', [...d.earlier].reverse().join(',')]);
    const report = first.alerts.borderwatch.scans[0]!;
    expect(report['baselines']).toEqual([
      expect.objectContaining({ tileId: '2017-05-01', acquiredAt: '2017-05-01T00:00:00.000Z' }),
      expect.objectContaining({ tileId: '2017-06-15', acquiredAt: '2017-06-15T00:00:00.000Z' }),
      expect.objectContaining({ tileId: '2017-07-20', acquiredAt: '2017-07-20T00:00:00.000Z' }),
    ]);
    expect(report['baselineComposite']).toMatchObject({ method: 'median', reused: true });
    expect(first.stdout).toMatch(/median of 3 tiles: 2017-05-01 \(2017-05-01\), 2017-06-15 \(2017-06-15\), 2017-07-20 \(2017-07-20\); reused/);
  });

  it('one baseline given as --baselines writes byte-identical output to --baseline', async () => {
    const a = await scan('one-a', ['--baseline', d.earlier[1]]);
    const b = await scan('one-b', ['--baselines', d.earlier[1]]);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(a.alerts.borderwatch.scans[0]).not.toHaveProperty('baselines');
  });

  it('refuses baselines on different grids with BASELINE_GRID_MISMATCH', async () => {
    const other = pairFile('oscd-hongkong-crop', 'baseline.tif');
    const r = await runCli(['scan', '--baselines', `${d.earlier[0]},${other}`, '--current', d.current, '--segments', d.segments, '--out', join(dir, 'x.geojson'), '--baseline-cache', cache]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/BASELINE_GRID_MISMATCH/);
  });
});
