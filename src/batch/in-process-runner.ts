// Embedded mode: scans on a pool of worker threads (every core by default), outcomes applied to
// the store by the main thread, which alone writes. Transient failures are retried with backoff;
// when attempts run out the tile is quarantined as TILE_RETRIES_EXHAUSTED, never left hanging.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApplyResult, ScanJobData, SegmentSet } from '../io/queue/jobs.js';
import type { BatchRunner } from '../io/queue/runner.js';
import type { AlertStore } from '../io/store/alert-store.js';
import { applyOutcome } from './apply-outcome.js';
import { retryDelayMs } from './backoff.js';
import type { ProcessScanOptions } from './process-scan.js';
import { ScanPool } from './scan-pool.js';

export interface InProcessOptions {
  readonly threads: number;
  readonly maxMemoryMb: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly now: () => string;
  /** Where multi-date baseline composites are cached (BW_BASELINE_CACHE). */
  readonly baselineCacheDir?: string;
  /** Where scans spill window terms (BW_SPILL_DIR). */
  readonly spillDir?: string;
}

function scanOptions(o: InProcessOptions): ProcessScanOptions {
  return { ...(o.baselineCacheDir ? { baselineCacheDir: o.baselineCacheDir } : {}), ...(o.spillDir ? { spillDir: o.spillDir } : {}) };
}

export class InProcessRunner implements BatchRunner {
  readonly description: string;
  private pool: ScanPool | null = null;

  constructor(private readonly store: AlertStore, private readonly options: InProcessOptions) {
    this.description = `in-process, ${options.threads} scan thread(s)`;
  }

  async run(jobs: readonly ScanJobData[], set: SegmentSet, onApplied: (r: ApplyResult) => void): Promise<void> {
    if (jobs.length === 0) return;
    const pool = (this.pool ??= new ScanPool(Math.min(this.options.threads, jobs.length), this.options.maxMemoryMb, scanOptions(this.options)));
    await Promise.all(jobs.map((job) => this.runOne(pool, job, set).then(onApplied)));
  }

  private async runOne(pool: ScanPool, job: ScanJobData, set: SegmentSet): Promise<ApplyResult> {
    const { attempts, backoffMs, now } = this.options;
    for (let attempt = 1; ; attempt++) {
      this.store.setTileStatus(job.current.tileId, 'processing', now());
      try {
        const outcome = await pool.run(job, set);
        return applyOutcome(this.store, outcome, now());
      } catch (err) {
        if (attempt >= attempts) {
          return applyOutcome(this.store, {
            kind: 'rejected', jobId: job.jobId, tileId: job.current.tileId, code: 'TILE_RETRIES_EXHAUSTED',
            message: `failed ${attempts} attempt(s); last: ${(err as Error).message}`,
          }, now());
        }
        await sleep(retryDelayMs(attempt, backoffMs, 0.5, Math.random));
      }
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
