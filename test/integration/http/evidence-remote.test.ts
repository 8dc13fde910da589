// Evidence for alerts whose tiles live in an object store: chips are rendered from range reads of
// the http(s) tiles recorded in the catalog, the same as from local files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSegments } from '../../../src/cli/commands/scan.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { createToken } from '../../../src/io/store/token-repo.js';
import { recordScan } from '../../../src/pipeline/record-scan.js';
import { scanPair } from '../../../src/pipeline/scan.js';
import { pairFile } from '../../helpers/samples.js';
import { startRangeServer, type RangeServer } from '../../unit/tiff/url-range-server.js';
import { call, listen } from './harness.js';

describe('evidence from remote tiles', () => {
  let tiles: RangeServer;
  let store: AlertStore;
  let api: Awaited<ReturnType<typeof listen>>;
  let token: string;
  beforeAll(async () => {
    tiles = await startRangeServer({ '/bercy/t1.tif': readFileSync(pairFile('oscd-bercy', 't1.tif')), '/bercy/t2.tif': readFileSync(pairFile('oscd-bercy', 't2.tif')) });
    store = AlertStore.open(join(mkdtempSync(join(tmpdir(), 'bw-remote-')), 'bw.db'));
    const segments = await loadSegments(pairFile('oscd-bercy', 'segments.geojson'));
    const [baselinePath, currentPath] = [tiles.url('/bercy/t1.tif'), tiles.url('/bercy/t2.tif')];
    const result = await scanPair({ baselinePath, currentPath, segments });
    recordScan(store, { footprint: 'bercy', segments, result, baselinePath, currentPath, now: '2024-05-01T00:00:00.000Z', actor: 'test' });
    token = createToken(store.db, 'analyst', 'ana', '2024-05-01T00:00:00.000Z').token;
    api = await listen(store);
  });
  afterAll(async () => {
    await api.close();
    store.close();
    await tiles.close();
  });

  it('keeps the URL in the catalog and serves before/after chips read over http', async () => {
    expect(store.getTile('bercy/t2')!.location).toBe(tiles.url('/bercy/t2.tif'));
    const fp = store.listAlerts({ limit: 1 }).items[0]!.fingerprint;
    const detail = (await call(api.port, 'GET', `/api/alerts/${fp}`, { token })).json();
    expect(detail.evidence).toEqual({ available: true });
    const served = tiles.bytesServed;
    const after = await call(api.port, 'GET', `/api/alerts/${fp}/chips/after.png`, { token });
    expect(after.status).toBe(200);
    const png = await sharp(after.body).metadata();
    expect(png.format).toBe('png');
    expect(tiles.bytesServed).toBeGreaterThan(served);
  });
});
