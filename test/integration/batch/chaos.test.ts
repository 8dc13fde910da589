// Chaos: worker processes (scan and alert) killed with SIGKILL at seeded random moments during a
// batch and restarted. At the end every catalog tile is terminal and the alert set — fingerprints,
// observation counts, first/last seen — equals a clean embedded run's, with zero duplicates.
// Size: BW_CHAOS_FOOTPRINTS footprints × 5 tiles (default 3 → 12 scans, to keep the suite short;
// the issue's ≥ 100 pairs is BW_CHAOS_FOOTPRINTS=25, which takes minutes on two cores).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from './redis-server.js';
import { runBatchCommand } from './run-command.js';
import { chainBatch, type SampleBatch } from './sample-batch.js';
import { snapshot } from './store-snapshot.js';
import { fastRecoveryEnv, WorkerProcesses } from './worker-processes.js';
import { mulberry32 } from '../../../src/core/prng.js';

const FOOTPRINTS = Number(process.env.BW_CHAOS_FOOTPRINTS ?? 3);
const TILES_EACH = 5;
const KILL_EVERY_MS = Number(process.env.BW_CHAOS_KILL_MS ?? 1500);
const MAX_KILLS = Number(process.env.BW_CHAOS_MAX_KILLS ?? 8);

describe('chaos: kill -9 workers during a batch', () => {
  let redis: TestRedis;
  let s: SampleBatch;
  let env: Record<string, string>;
  const workers = new WorkerProcesses(() => env);
  const spawnWorker = (role: 'scan' | 'alert') => workers.spawn(role);

  beforeAll(async () => {
    redis = await startRedis();
    s = chainBatch(FOOTPRINTS, TILES_EACH);
    env = fastRecoveryEnv(join(s.root, 'chaos.db'), redis.url, 'chaos');
  });
  afterAll(async () => {
    workers.killAll('SIGKILL');
    await redis.stop();
    rmSync(s.root, { recursive: true, force: true });
  });

  it('every tile ends terminal and the alerts equal a clean run, with zero duplicates', { timeout: 60_000 + FOOTPRINTS * 40_000 }, async () => {
    const random = mulberry32(20260311);
    const scanWorkers = [spawnWorker('scan'), spawnWorker('scan')];
    let alertWorker = spawnWorker('alert');
    let kills = 0;
    let finished = false;
    const batch = runBatchCommand([s.folder, '--segments', s.segmentsPath], env).finally(() => { finished = true; });
    const chaos = (async () => {
      while (!finished && kills < MAX_KILLS) {
        const at = Date.now() + KILL_EVERY_MS * (0.5 + random());
        while (!finished && Date.now() < at) await new Promise((r) => setTimeout(r, 50));
        if (finished) break;
        kills++;
        if (kills % 3 === 0) {
          alertWorker.kill('SIGKILL');
          alertWorker = spawnWorker('alert');
        } else {
          const k = Math.floor(random() * scanWorkers.length);
          scanWorkers[k]!.kill('SIGKILL');
          scanWorkers[k] = spawnWorker('scan');
        }
      }
    })();
    const result = await batch;
    await chaos;

    const scan = new Queue('scan', { connection: { url: redis.url }, prefix: 'chaos' });
    const jobs = [...(await scan.getCompleted(0, -1)), ...(await scan.getFailed(0, -1))];
    const retries = jobs.reduce((n, j) => n + Math.max(0, j.attemptsMade - 1) + (j.stalledCounter ?? 0), 0);
    await scan.close();
    workers.killAll('SIGTERM');

    const chaotic = snapshot(env.BW_DB!);
    const cleanDb = join(s.root, 'clean.db');
    await runBatchCommand([s.folder, '--segments', s.segmentsPath], { BW_DB: cleanDb, BW_WORKERS: '2' });
    const clean = snapshot(cleanDb);

    const scans = FOOTPRINTS * (TILES_EACH - 1);
    console.log(`chaos: ${scans} scans, ${kills} kills, ${retries} retries/stalls, ${jobs.length} scan jobs`);
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ tiles: FOOTPRINTS * TILES_EACH, scanned: scans, done: FOOTPRINTS * TILES_EACH, rejected: 0, pending: 0 });
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(jobs.length).toBe(scans);
    expect(chaotic.alerts.length).toBeGreaterThan(0);
    expect(chaotic.alerts).toEqual(clean.alerts);
    expect(chaotic.createdEvents).toBe(chaotic.alerts.length);
    expect(chaotic.outbox).toBe(clean.outbox);
    expect(chaotic.tiles).toEqual(clean.tiles);
  });
});
