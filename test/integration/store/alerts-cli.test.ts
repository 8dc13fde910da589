import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { run } from '../../../src/cli/commands/alerts.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const HAS_OGR = existsSync('/usr/bin/ogrinfo');

describe('borderwatch alerts export / list', () => {
  let path: string;
  let cleanup: () => void;
  let dir: string;
  beforeEach(() => {
    ({ path, cleanup } = tempDbPath());
    dir = dirname(path);
    vi.stubEnv('BW_DB', path);
    const store = AlertStore.open(path);
    store.applyCandidates([
      makeCandidate({ fingerprint: 'fp-a' }),
      makeCandidate({ fingerprint: 'fp-b', kind: 'aerial', score: 0.9, sideName: 'Kazakhstan, "North" region' }),
    ], { now: '2021-06-02T00:00:00Z', actor: 'scan:1' });
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: 'kz-r042/2021-07-01', observedAt: '2021-07-01T06:10:00Z' })],
      { now: '2021-07-02T00:00:00Z', actor: 'scan:2' });
    store.transition('fp-b', { type: 'dismiss', reason: 'other', note: 'balloon, line\nbreak' }, 'analyst-1', '2021-06-03T00:00:00Z');
    store.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    cleanup();
  });

  it('exports every alert as an RFC 7946 FeatureCollection with state, first/last seen and observation count', async () => {
    const out = join(dir, 'alerts.geojson');
    expect(await run(['export', '--format', 'geojson', '--out', out])).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
    expect(fc.type).toBe('FeatureCollection');
    const byId = Object.fromEntries(fc.features.map((f) => [f.id, f.properties]));
    expect(byId['fp-a']).toMatchObject({ state: 'new', first_seen: '2021-06-01T06:10:00.000Z', last_seen: '2021-07-01T06:10:00.000Z', observation_count: 2 });
    expect(byId['fp-b']).toMatchObject({ state: 'dismissed', dismiss_reason: 'other', observation_count: 1 });
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it.skipIf(!HAS_OGR)('GDAL reads both exports: 2 features from GeoJSON, 2 polygons from the CSV WKT column', async () => {
    const gj = join(dir, 'alerts.geojson');
    const csv = join(dir, 'alerts.csv');
    await run(['export', '--format', 'geojson', '--out', gj]);
    await run(['export', '--format', 'csv', '--out', csv]);
    const gjInfo = execFileSync('ogrinfo', ['-ro', '-so', '-al', gj], { encoding: 'utf8' });
    expect(gjInfo).toMatch(/Feature Count: 2/);
    expect(gjInfo).toMatch(/Geometry: Polygon/);
    const csvInfo = execFileSync('ogrinfo', ['-ro', '-al', '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', csv], { encoding: 'utf8' });
    expect(csvInfo).toMatch(/Feature Count: 2/);
    expect(csvInfo.match(/POLYGON \(\(68\.9 54\.9/g)).toHaveLength(2);
    expect(csvInfo).toContain('side_name (String) = Kazakhstan, "North" region');
  });

  it('lists the queue as a table filtered by state', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
    try {
      expect(await run(['list', '--state', 'dismissed'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toMatch(/^fingerprint\s+state/);
    expect(text).toContain('dismissed (other)');
    expect(text).not.toContain('fp-a');
  });

  it('refuses an unknown format or state, and a missing store, instead of writing nothing silently', async () => {
    await expect(run(['export', '--format', 'shp'])).rejects.toMatchObject({ code: 'ARGS_INVALID' });
    await expect(run(['list', '--state', 'open'])).rejects.toMatchObject({ code: 'ARGS_INVALID' });
    vi.stubEnv('BW_DB', join(dir, 'missing.db'));
    await expect(run(['list'])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });
});
