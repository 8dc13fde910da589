// Rule: a STAC ItemCollection whose assets are http(s) URLs registers and scans like a folder of the
// same files (embedded mode): same alerts, bad objects rejected with their codes, a re-run changes
// nothing — so a URL tile's identity is stable across reads of an unchanged object.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSegmentSet } from '../../src/batch/segment-set.js';
import { scanPair } from '../../src/pipeline/scan.js';
import { runBatchCommand } from './batch/run-command.js';
import { snapshot } from './batch/store-snapshot.js';
import { pairFile, tempDir } from '../helpers/samples.js';
import { startRangeServer, type RangeServer } from '../unit/tiff/url-range-server.js';

interface Placed {
  readonly id: string;
  readonly footprint: string;
  readonly datetime: string;
  readonly path: string;
}

const TILES: Placed[] = [
  { id: 'bercy-2016-11-30', footprint: 'bercy', datetime: '2016-11-30T10:43:00Z', path: '/cogs/bercy/2016-11-30.tif' },
  { id: 'bercy-2017-08-29', footprint: 'bercy', datetime: '2017-08-29T10:50:00Z', path: '/cogs/bercy/2017-08-29.tif' },
  { id: 'bercy-2018-06-01', footprint: 'bercy', datetime: '2018-06-01T10:50:00Z', path: '/cogs/bercy/2018-06-01.tif' },
  { id: 'bercy-2018-07-01', footprint: 'bercy', datetime: '2018-07-01T10:50:00Z', path: '/cogs/bercy/gone.tif' },
  { id: 'hongkong-2016-09-27', footprint: 'hongkong', datetime: '2016-09-27T03:00:00Z', path: '/cogs/hongkong/2016-09-27.tif' },
  { id: 'hongkong-2018-03-23', footprint: 'hongkong', datetime: '2018-03-23T03:00:00Z', path: '/cogs/hongkong/2018-03-23.tif' },
];

describe('embedded batch over a STAC catalog of http(s) tiles', () => {
  let root: string;
  let server: RangeServer;
  let catalogPath: string;
  let segmentsPath: string;
  let db: string;
  let first: Awaited<ReturnType<typeof runBatchCommand>>;
  let objectBytes: number;

  beforeAll(async () => {
    root = tempDir('bw-url-batch-');
    const bercyT2 = readFileSync(pairFile('oscd-bercy', 't2.tif'));
    const objects = {
      '/cogs/bercy/2016-11-30.tif': readFileSync(pairFile('oscd-bercy', 't1.tif')),
      '/cogs/bercy/2017-08-29.tif': bercyT2,
      // Cut short: preflight finds block offsets past the end, as it does on disk.
      '/cogs/bercy/2018-06-01.tif': bercyT2.subarray(0, 4096),
      '/cogs/hongkong/2016-09-27.tif': readFileSync(pairFile('oscd-hongkong-crop', 'baseline.tif')),
      '/cogs/hongkong/2018-03-23.tif': readFileSync(pairFile('oscd-hongkong-crop', 'current.tif')),
    };
    objectBytes = Object.values(objects).reduce((n, b) => n + b.byteLength, 0);
    server = await startRangeServer(objects);
    const catalog = {
      type: 'FeatureCollection',
      features: TILES.map((t) => ({
        type: 'Feature',
        stac_version: '1.0.0',
        id: t.id,
        collection: t.footprint,
        geometry: null,
        properties: { datetime: t.datetime },
        assets: { data: { href: server.url(t.path), type: 'image/tiff; application=geotiff; profile=cloud-optimized', roles: ['data'] } },
      })),
    };
    catalogPath = join(root, 'catalog.json');
    writeFileSync(catalogPath, JSON.stringify(catalog));
    const segments: FeatureCollection = { type: 'FeatureCollection', features: [] };
    for (const pair of ['oscd-bercy', 'oscd-hongkong-crop']) {
      segments.features.push(...(JSON.parse(readFileSync(pairFile(pair, 'segments.geojson'), 'utf8')) as FeatureCollection).features);
    }
    segmentsPath = join(root, 'segments.geojson');
    writeFileSync(segmentsPath, JSON.stringify(segments));
    db = join(root, 'borderwatch.db');
    first = await runBatchCommand([catalogPath, '--segments', segmentsPath], { BW_DB: db, BW_WORKERS: '2' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('ends every item done, or rejected with the code the same bytes get on disk', () => {
    console.info(`url batch: ${server.bytesServed} bytes served for ${objectBytes} bytes of objects, ${server.requests.length} requests`);
    expect(first.code).toBe(0);
    expect(snapshot(db).tiles).toEqual({
      'bercy-2016-11-30': { status: 'done', code: null },
      'bercy-2017-08-29': { status: 'done', code: null },
      'bercy-2018-06-01': { status: 'rejected', code: 'TIFF_TRUNCATED' },
      'bercy-2018-07-01': { status: 'rejected', code: 'FILE_NOT_FOUND' },
      'hongkong-2016-09-27': { status: 'done', code: null },
      'hongkong-2018-03-23': { status: 'done', code: null },
    });
    expect(first.summary).toMatchObject({ tiles: 6, scanned: 2, done: 4, rejected: 2, pending: 0 });
  });

  it('creates exactly the alerts that scanning the same pairs from files finds', async () => {
    const set = await loadSegmentSet(segmentsPath, undefined);
    const expected = new Set<string>();
    for (const [b, c] of [[pairFile('oscd-bercy', 't1.tif'), pairFile('oscd-bercy', 't2.tif')], [pairFile('oscd-hongkong-crop', 'baseline.tif'), pairFile('oscd-hongkong-crop', 'current.tif')]] as const) {
      for (const cand of (await scanPair({ baselinePath: b, currentPath: c, segments: set.segments })).candidates) expected.add(cand.fingerprint);
    }
    const stored = snapshot(db).alerts.map((a) => a.split('|')[0]);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(stored)).toEqual(expected);
    expect(first.summary.alerts.new).toBe(expected.size);
  });

  it('run again over the unchanged objects, changes nothing', async () => {
    const before = snapshot(db);
    const again = await runBatchCommand([catalogPath, '--segments', segmentsPath], { BW_DB: db, BW_WORKERS: '2' });
    expect(again.summary).toMatchObject({ scanned: 0, baselines: 0, alreadyTerminal: 6, alerts: { new: 0, updated: 0, reopened: 0 } });
    expect(snapshot(db)).toEqual(before);
  });
});
