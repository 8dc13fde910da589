// Distributed mode from the batch command's side: check Redis answers (fail fast), publish the
// segment set and the plan, add the scan jobs with ids derived from their inputs, then wait for
// every tile to be terminal in the store, running the reconciler while it waits.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import { openProducerConnection, redactUrl } from '../../io/queue/connection.js';
import type { ApplyResult, ScanJobData, SegmentSet } from '../../io/queue/jobs.js';
import { alertJobId, SCAN_JOB } from '../../io/queue/names.js';
import { openQueues, type BatchQueues } from '../../io/queue/queues.js';
import type { BatchRunner } from '../../io/queue/runner.js';
import type { AlertStore } from '../../io/store/alert-store.js';
import { reconcile } from './reconciler.js';
import { saveSegmentSet, savePlan } from './redis-keys.js';

export interface ProducerOptions {
  readonly detach: boolean;
  readonly now: () => string;
  /** How often the store is polled for finished tiles. */
  readonly pollMs?: number;
}

/** Polls (× pollMs) to wait for a terminal tile's alert-job counts before falling back to zeros. */
const RESULT_WAIT_POLLS = 40;

export class DistributedRunner implements BatchRunner {
  readonly description: string;
  private redis: Redis | null = null;
  private queues: BatchQueues | null = null;

  constructor(private readonly config: Config, private readonly store: AlertStore, private readonly options: ProducerOptions) {
    this.description = `queues on ${redactUrl(config.redisUrl!)}`;
  }

  private async connect(): Promise<{ redis: Redis; queues: BatchQueues }> {
    if (!this.redis) {
      this.redis = await openProducerConnection(this.config.redisUrl!);
      this.queues = openQueues(this.config, this.redis);
    }
    return { redis: this.redis, queues: this.queues! };
  }

  async run(jobs: readonly ScanJobData[], set: SegmentSet, onApplied: (r: ApplyResult) => void): Promise<void> {
    const { redis, queues } = await this.connect();
    const prefix = this.config.queuePrefix;
    await saveSegmentSet(redis, prefix, set);
    await savePlan(redis, prefix, jobs);
    // A job id still in the queue makes its add a no-op: resubmitting a batch adds no duplicate.
    for (let k = 0; k < jobs.length; k += 500) {
      await queues.scan.addBulk(jobs.slice(k, k + 500).map((j) => ({ name: SCAN_JOB, data: j, opts: { jobId: j.jobId } })));
    }
    for (const j of jobs) this.store.setTileStatus(j.current.tileId, 'queued', this.options.now());
    if (this.options.detach) return;
    await this.wait(jobs, queues, redis, onApplied);
  }

  private async wait(jobs: readonly ScanJobData[], queues: BatchQueues, redis: Redis, onApplied: (r: ApplyResult) => void): Promise<void> {
    const pending = new Map(jobs.map((j) => [j.current.tileId, j]));
    // The alert worker marks a tile terminal inside its store transaction, a moment BEFORE BullMQ
    // records that job's return value (the counts): wait a few polls for it rather than report zeros.
    const terminalPolls = new Map<string, number>();
    let lastReconcile = Date.now();
    while (pending.size > 0) {
      for (const [tileId, job] of pending) {
        const tile = this.store.getTile(tileId);
        if (!tile || (tile.status !== 'done' && tile.status !== 'rejected')) continue;
        const polls = (terminalPolls.get(tileId) ?? 0) + 1;
        terminalPolls.set(tileId, polls);
        // Redis may be restarting: the tile's fate is in the store already; the counts can wait.
        const applied = await this.appliedResult(queues, job, tile.status, tile.rejectCode).catch(() => null);
        if (!applied) continue;
        if (!applied.fromJob && polls < RESULT_WAIT_POLLS) continue;
        pending.delete(tileId);
        onApplied(applied.result);
      }
      if (pending.size === 0) break;
      if (Date.now() - lastReconcile >= this.config.reconcileMs) {
        lastReconcile = Date.now();
        try {
          await reconcile(this.store, queues, redis, this.config.queuePrefix);
        } catch {
          // Redis unreachable right now (restarting): the next round re-drives whatever was lost.
        }
      }
      await sleep(this.options.pollMs ?? 250);
    }
  }

  /** The alert worker's result for a tile (alert counts), or what the store says when it is gone. */
  private async appliedResult(queues: BatchQueues, job: ScanJobData, status: 'done' | 'rejected', code: string | null): Promise<{ result: ApplyResult; fromJob: boolean }> {
    const apply = await queues.alerts.getJob(alertJobId(job.jobId));
    const r = apply?.returnvalue as ApplyResult | undefined;
    if (r && r.tileId === job.current.tileId) return { result: r, fromJob: true };
    return { result: { tileId: job.current.tileId, status, code, created: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 0, watchedPixels: 0 }, fromJob: false };
  }

  async close(): Promise<void> {
    await this.queues?.close();
    this.redis?.disconnect();
    this.queues = null;
    this.redis = null;
  }
}
