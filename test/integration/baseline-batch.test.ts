// `borderwatch batch --baseline-depth 3` (and BW_BASELINE_DEPTH on Redis workers): each tile is
// scanned against the median of the earlier tiles of its footprint, built once per set and cached.
// Data: Bercy (real Sentinel-2, not Kazakhstan) with two earlier dates carrying synthetic one-date
// blobs (baseline-dates.ts): 2017-05-01 clean, 2017-06-15 blob A, 2017-07-20 blob B, 2017-08-29 real.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startAlertWorker } from '../../src/batch/distributed/alert-worker.js';
import { startScanWorker, type RunningWorker } from '../../src/batch/distributed/scan-worker.js';
import { AlertStore } from '../../src/io/store/alert-store.js';
import { fileSha256 } from '../../src/io/tiff/tile-identity.js';
import { scanPair } from '../../src/pipeline/scan.js';
import { loadSegments } from '../../src/cli/commands/scan.js';
import { tempDir } from '../helpers/samples.js';
import { startRedis, type TestRedis } from './batch/redis-server.js';
import { runBatchCommand } from './batch/run-command.js';
import { bercyDates, type BercyDates } from './baseline-dates.js';

const CURRENT = 'bercy/2017-08-29';

interface Observation { fingerprint: string; baseline: string; baselineSha: string }

function observationsOf(db: string, tileId: string): Observation[] {
  const store = AlertStore.open(db, { mustExist: true });
  try {
    return store.db.prepare('SELECT fingerprint, baseline_tile_id AS baseline, baseline_sha256 AS baselineSha FROM alert_observations WHERE current_tile_id = ? ORDER BY fingerprint')
      .all(tileId) as Observation[];
  } finally {
    store.close();
  }
}

const composites = (dir: string): string[] => readdirSync(dir).filter((f) => /^median-.*\.tif$/.test(f)).sort();

describe('batch with multi-date baselines', () => {
  let root: string;
  let folder: string;
  let d: BercyDates;
  let againstClean: string[];
  let againstBlobB: string[];

  beforeAll(async () => {
    root = tempDir('bw-baseline-batch-');
    folder = join(root, 'tiles');
    d = await bercyDates(join(folder, 'bercy'));
    const segments = await loadSegments(d.segments);
    const fingerprints = async (baselinePath: string) => (await scanPair({ baselinePath, currentPath: d.current, segments })).candidates.map((c) => c.fingerprint).sort();
    againstClean = await fingerprints(d.earlier[0]);
    againstBlobB = await fingerprints(d.earlier[2]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('depth 1 scans the last tile against the one before, blob and all', async () => {
    const db = join(root, 'depth1.db');
    const r = await runBatchCommand([folder, '--segments', d.segments], { BW_DB: db, BW_WORKERS: '2', BW_BASELINE_CACHE: join(root, 'cache1') });
    expect(r.summary).toMatchObject({ scanned: 3, done: 4, rejected: 0 });
    const obs = observationsOf(db, CURRENT);
    expect(obs.map((o) => o.fingerprint)).toEqual([...new Set(againstBlobB)]);
    expect(new Set(obs.map((o) => o.baseline))).toEqual(new Set(['bercy/2017-07-20']));
  });

  it('depth 3 scans it against the median of all three: the real changes, none of the blob, one cached median per set', async () => {
    const db = join(root, 'depth3.db');
    const cache = join(root, 'cache3');
    const r = await runBatchCommand([folder, '--segments', d.segments, '--baseline-depth', '3'], { BW_DB: db, BW_WORKERS: '2', BW_BASELINE_CACHE: cache });
    expect(r.summary).toMatchObject({ scanned: 3, done: 4, rejected: 0 });
    expect(againstBlobB).not.toEqual(againstClean);
    const obs = observationsOf(db, CURRENT);
    expect(obs.length).toBeGreaterThan(0);
    expect(obs.map((o) => o.fingerprint)).toEqual([...new Set(againstClean)]);
    // Alerts cite the newest tile of the set, by catalog id and its own bytes, as their "before".
    expect(new Set(obs.map((o) => `${o.baseline}@${o.baselineSha}`))).toEqual(new Set([`bercy/2017-07-20@${await fileSha256(d.earlier[2])}`]));
    // 06-15 had one earlier tile (a plain pair); 07-20 the median of two; 08-29 the median of three.
    expect(composites(cache)).toHaveLength(2);

    // A new batch (fresh store) over the same tiles finds every median in the cache: nothing rewritten.
    const written = composites(cache).map((f) => statSync(join(cache, f)).mtimeMs);
    const again = await runBatchCommand([folder, '--segments', d.segments, '--baseline-depth', '3'], { BW_DB: join(root, 'depth3-again.db'), BW_WORKERS: '2', BW_BASELINE_CACHE: cache });
    expect(again.summary).toMatchObject({ scanned: 3, done: 4 });
    expect(composites(cache).map((f) => statSync(join(cache, f)).mtimeMs)).toEqual(written);
    expect(observationsOf(join(root, 'depth3-again.db'), CURRENT).map((o) => o.fingerprint)).toEqual(obs.map((o) => o.fingerprint));
  });

  describe('on Redis workers (BW_BASELINE_DEPTH)', () => {
    let redis: TestRedis;
    let workers: RunningWorker[];
    let store: AlertStore;
    let env: Record<string, string>;

    beforeAll(async () => {
      redis = await startRedis();
      env = {
        BW_DB: join(root, 'redis.db'), BW_REDIS_URL: redis.url, BW_QUEUE_PREFIX: `b${Date.now()}`, BW_WORKERS: '1',
        BW_RECONCILE_MS: '1000', BW_BACKOFF_MS: '100', BW_BASELINE_DEPTH: '3', BW_BASELINE_CACHE: join(root, 'cache-redis'),
      };
      const config = loadConfig(env);
      store = AlertStore.open(config.dbPath);
      const quiet = () => undefined;
      workers = [await startAlertWorker(config, store, () => new Date().toISOString(), quiet), await startScanWorker(config, quiet)];
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.close(1000)));
      store.close();
      await redis.stop();
    });

    it('finds the same alerts for the last tile as the embedded depth-3 run', async () => {
      const r = await runBatchCommand([folder, '--segments', d.segments], env);
      expect(r.summary).toMatchObject({ scanned: 3, done: 4, rejected: 0, pending: 0 });
      expect(observationsOf(env.BW_DB!, CURRENT).map((o) => o.fingerprint)).toEqual([...new Set(againstClean)]);
      expect(composites(env.BW_BASELINE_CACHE!)).toHaveLength(2);
    });
  });
});
