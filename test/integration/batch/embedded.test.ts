// Embedded batch (no BW_REDIS_URL): a folder of sample tiles, scanned on worker threads, alerts in
// the SQLite store. The batch must find exactly what scanning each pair on its own finds.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSegmentSet } from '../../../src/batch/segment-set.js';
import { runBatchCommand } from './run-command.js';
import { scanPair } from '../../../src/pipeline/scan.js';
import { sampleBatch, type SampleBatch } from './sample-batch.js';
import { snapshot } from './store-snapshot.js';

describe('embedded batch over a folder of tiles', () => {
  let s: SampleBatch;
  let db: string;
  let first: Awaited<ReturnType<typeof runBatchCommand>>;
  beforeAll(async () => {
    s = sampleBatch();
    db = join(s.root, 'borderwatch.db');
    first = await runBatchCommand([s.folder, '--segments', s.segmentsPath], { BW_DB: db, BW_WORKERS: '2' });
  });
  afterAll(() => rmSync(s.root, { recursive: true, force: true }));

  it('ends every catalog tile done or rejected with its code', () => {
    const tiles = snapshot(db).tiles;
    expect(first.code).toBe(0);
    expect(Object.keys(tiles).sort()).toEqual([
      'bercy/2016-11-30', 'bercy/2017-08-29', 'bercy/2018-01-01', 'bercy/2018-06-01',
      'hongkong/2016-09-27', 'hongkong/2018-03-23', 'taizhou/2000-03-17', 'taizhou/2003-02-06',
    ]);
    expect(tiles['bercy/2018-01-01']).toEqual({ status: 'rejected', code: 'PAIR_BAND_MISMATCH' });
    expect(tiles['bercy/2018-06-01']).toEqual({ status: 'rejected', code: 'TIFF_TRUNCATED' });
    const others = Object.entries(tiles).filter(([id]) => id !== 'bercy/2018-01-01' && id !== 'bercy/2018-06-01');
    expect(others.every(([, t]) => t.status === 'done')).toBe(true);
    expect(first.summary).toMatchObject({ tiles: 8, scanned: 4, baselines: 3, done: 6, rejected: 2, pending: 0 });
  });

  it('creates exactly the alerts that scanning each pair on its own finds', async () => {
    const set = await loadSegmentSet(s.segmentsPath, undefined);
    const pairs = [['bercy/2016-11-30', 'bercy/2017-08-29'], ['taizhou/2000-03-17', 'taizhou/2003-02-06'], ['hongkong/2016-09-27', 'hongkong/2018-03-23']];
    const expected = new Set<string>();
    for (const [b, c] of pairs) {
      const r = await scanPair({ baselinePath: join(s.folder, `${b}.tif`), currentPath: join(s.folder, `${c}.tif`), segments: set.segments });
      for (const cand of r.candidates) expected.add(cand.fingerprint);
    }
    const stored = snapshot(db).alerts.map((a) => a.split('|')[0]);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(stored)).toEqual(expected);
    expect(first.summary.alerts.new).toBe(expected.size);
  });

  it('run again, changes nothing: no scan, no new alert, no new observation', async () => {
    const before = snapshot(db);
    const again = await runBatchCommand([s.folder, '--segments', s.segmentsPath], { BW_DB: db, BW_WORKERS: '2' });
    expect(again.summary).toMatchObject({ scanned: 0, baselines: 0, alreadyTerminal: 8, alerts: { new: 0, updated: 0, reopened: 0 } });
    expect(snapshot(db)).toEqual(before);
  });
});
