// Distributed batch on a real redis-server: scan and alert workers on BullMQ, the producer waiting
// on the tile catalog. Same results as the embedded run, nothing added by a re-run, input
// rejections never retried, and a producer that fails fast when Redis is down.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { startAlertWorker } from '../../../src/batch/distributed/alert-worker.js';
import { startScanWorker, type RunningWorker } from '../../../src/batch/distributed/scan-worker.js';
import { openProducerConnection, QueueUnavailableError } from '../../../src/io/queue/connection.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { freePort, startRedis, type TestRedis } from './redis-server.js';
import { runBatchCommand } from './run-command.js';
import { sampleBatch, type SampleBatch } from './sample-batch.js';
import { snapshot } from './store-snapshot.js';

describe('distributed batch on BullMQ', () => {
  let redis: TestRedis;
  let s: SampleBatch;
  let env: Record<string, string>;
  let config: Config;
  let store: AlertStore;
  let workers: RunningWorker[];
  let embeddedDb: string;
  let first: Awaited<ReturnType<typeof runBatchCommand>>;

  beforeAll(async () => {
    redis = await startRedis();
    s = sampleBatch();
    embeddedDb = join(s.root, 'embedded.db');
    env = {
      BW_DB: join(s.root, 'distributed.db'), BW_REDIS_URL: redis.url, BW_QUEUE_PREFIX: `t${Date.now()}`, BW_WORKERS: '1',
      BW_RECONCILE_MS: '1000', BW_BACKOFF_MS: '100',
    };
    config = loadConfig(env);
    store = AlertStore.open(config.dbPath);
    const quiet = () => undefined;
    workers = [await startAlertWorker(config, store, () => new Date().toISOString(), quiet), await startScanWorker(config, quiet), await startScanWorker(config, quiet)];
    first = await runBatchCommand([s.folder, '--segments', s.segmentsPath], env);
    await runBatchCommand([s.folder, '--segments', s.segmentsPath], { BW_DB: embeddedDb, BW_WORKERS: '2' });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close(1000)));
    store.close();
    await redis.stop();
    rmSync(s.root, { recursive: true, force: true });
  });

  it('processes every tile and stores the same alerts, observations and tile states as the embedded run', () => {
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ tiles: 8, scanned: 4, done: 6, rejected: 2, pending: 0 });
    const distributed = snapshot(config.dbPath);
    const embedded = snapshot(embeddedDb);
    expect(distributed.alerts.length).toBeGreaterThan(0);
    expect(distributed.alerts).toEqual(embedded.alerts);
    expect(distributed.tiles).toEqual(embedded.tiles);
    expect(distributed.createdEvents).toBe(distributed.alerts.length);
    expect(first.summary.alerts.new).toBe(distributed.alerts.length);
  });

  it('quarantines a tile rejected by the scan with its code after exactly one attempt', async () => {
    expect(snapshot(config.dbPath).tiles['bercy/2018-01-01']).toEqual({ status: 'rejected', code: 'PAIR_BAND_MISMATCH' });
    const scan = new Queue('scan', { connection: { url: redis.url }, prefix: config.queuePrefix });
    const failed = await scan.getFailed();
    await scan.close();
    expect(failed.map((j) => [j.data.current.tileId, j.attemptsMade, j.failedReason.split(':')[0]])).toEqual([
      ['bercy/2018-01-01', 1, 'PAIR_BAND_MISMATCH'],
    ]);
  });

  it('run again: zero new alerts, zero new jobs', async () => {
    const scan = new Queue('scan', { connection: { url: redis.url }, prefix: config.queuePrefix });
    const jobsBefore = await scan.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed');
    const before = snapshot(config.dbPath);
    const again = await runBatchCommand([s.folder, '--segments', s.segmentsPath], env);
    expect(again.summary).toMatchObject({ scanned: 0, alerts: { new: 0, updated: 0 } });
    expect(await scan.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed')).toBe(jobsBefore);
    await scan.close();
    expect(snapshot(config.dbPath)).toEqual(before);
  });

  it('a producer reports Redis down within seconds instead of hanging', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    await expect(openProducerConnection(url)).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - t0).toBeLessThan(2500);
    const t1 = Date.now();
    const cli = await runBatchCommand([s.folder, '--segments', s.segmentsPath], { ...env, BW_REDIS_URL: url, BW_DB: join(s.root, 'down.db') });
    expect(cli.code).toBe(69);
    expect(cli.summary).toBeNull();
    expect(Date.now() - t1).toBeLessThan(5000);
  });
});
