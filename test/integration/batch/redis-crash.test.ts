// Redis itself killed (SIGKILL) and restarted mid-batch, AOF on: workers and the waiting batch
// reconnect, the reconciler re-drives what the crash lost, every tile ends terminal and the alert
// set equals a clean embedded run's, with zero duplicates (RELIABILITY.md, issue 3).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrashableRedis, type CrashableRedis } from './redis-server.js';
import { runBatchCommand } from './run-command.js';
import { chainBatch, type SampleBatch } from './sample-batch.js';
import { snapshot } from './store-snapshot.js';
import { fastRecoveryEnv, WorkerProcesses } from './worker-processes.js';


describe('redis crash during a batch', () => {
  let redis: CrashableRedis;
  let s: SampleBatch;
  let env: Record<string, string>;
  const workers = new WorkerProcesses(() => env);
  const spawnWorker = (role: 'scan' | 'alert') => workers.spawn(role);

  beforeAll(async () => {
    redis = await startCrashableRedis();
    s = chainBatch(3, 4);
    env = fastRecoveryEnv(join(s.root, 'crash.db'), redis.url, 'crash');
  });
  afterAll(async () => {
    workers.killAll('SIGKILL');
    await redis.stop();
    rmSync(s.root, { recursive: true, force: true });
  });

  it('finishes every tile with the clean run\'s alerts after Redis is killed and restarted', { timeout: 180_000 }, async () => {
    spawnWorker('scan');
    spawnWorker('scan');
    spawnWorker('alert');
    let finished = false;
    const batch = runBatchCommand([s.folder, '--segments', s.segmentsPath], env).finally(() => { finished = true; });
    await new Promise((r) => setTimeout(r, 2500));
    await redis.crash();
    expect(finished, 'the crash must land mid-batch').toBe(false);
    await new Promise((r) => setTimeout(r, 1500));
    await redis.restart();
    const result = await batch;
    workers.killAll('SIGTERM');

    const crashed = snapshot(env.BW_DB!);
    const cleanDb = join(s.root, 'clean.db');
    await runBatchCommand([s.folder, '--segments', s.segmentsPath], { BW_DB: cleanDb, BW_WORKERS: '2' });
    const clean = snapshot(cleanDb);
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ scanned: 9, rejected: 0, pending: 0 });
    expect(crashed.alerts.length).toBeGreaterThan(0);
    expect(crashed.alerts).toEqual(clean.alerts);
    expect(crashed.createdEvents).toBe(crashed.alerts.length);
    expect(crashed.tiles).toEqual(clean.tiles);
  });
});
