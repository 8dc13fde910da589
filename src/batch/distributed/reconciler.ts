// The reconciler: the tile catalog, not the queue, is the record of what must finish. Every tile
// that is not `done` or `rejected` is checked against its scan job and re-driven: a lost job is
// added again, a failed one is quarantined with its code, a finished one whose outcome never
// reached the store has it re-applied. Every step is idempotent, so running it often is safe.
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { InputErrorCode } from '../../core/errors.js';
import type { ScanJobData, ScanOutcome } from '../../io/queue/jobs.js';
import { alertJobId, APPLY_JOB, SCAN_JOB } from '../../io/queue/names.js';
import type { BatchQueues } from '../../io/queue/queues.js';
import type { AlertStore } from '../../io/store/alert-store.js';
import { loadPlan } from './redis-keys.js';

export interface ReconcileReport {
  readonly checked: number;
  /** Scan jobs added again because the queue no longer had them. */
  readonly requeued: number;
  /** Failed scans whose rejection was sent to the store. */
  readonly quarantined: number;
  /** Finished scans whose outcome was sent to the store again. */
  readonly reapplied: number;
  /** Non-terminal tiles with no plan in this Redis (run the batch again to plan them). */
  readonly unplanned: number;
}

/** The outcome of a scan job that ended failed: its input code when it was rejected, else quarantine. */
export function outcomeOfFailure(job: ScanJobData, failedReason: string | undefined): ScanOutcome {
  const coded = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(failedReason ?? '');
  if (coded) return { kind: 'rejected', jobId: job.jobId, tileId: job.current.tileId, code: coded[1] as InputErrorCode, message: coded[2]! };
  return {
    kind: 'rejected', jobId: job.jobId, tileId: job.current.tileId, code: 'TILE_RETRIES_EXHAUSTED',
    message: `scan failed every attempt; last: ${failedReason ?? 'unknown'}`,
  };
}

export async function sendOutcome(queues: BatchQueues, scanJobId: string, outcome: ScanOutcome): Promise<void> {
  const id = alertJobId(scanJobId);
  const existing = await queues.alerts.getJob(id);
  if (existing && (await existing.getState()) === 'failed') {
    await existing.retry();
    return;
  }
  await queues.alerts.add(APPLY_JOB, { scanJobId, outcome }, { jobId: id });
}

export async function reconcile(store: AlertStore, queues: BatchQueues, redis: Redis, prefix: string): Promise<ReconcileReport> {
  const plan = await loadPlan(redis, prefix);
  let requeued = 0;
  let quarantined = 0;
  let reapplied = 0;
  let unplanned = 0;
  const tiles = store.nonTerminalTiles();
  for (const tile of tiles) {
    const job = plan.get(tile.id);
    if (!job || job.current.sha256 !== tile.sha256) {
      unplanned++;
      continue;
    }
    const scan: Job | undefined = await queues.scan.getJob(job.jobId);
    const state = scan ? await scan.getState() : 'unknown';
    if (state === 'unknown') {
      await queues.scan.add(SCAN_JOB, job, { jobId: job.jobId });
      requeued++;
    } else if (state === 'failed') {
      await sendOutcome(queues, job.jobId, outcomeOfFailure(job, scan!.failedReason));
      quarantined++;
    } else if (state === 'completed') {
      const apply = await queues.alerts.getJob(alertJobId(job.jobId));
      const applyState = apply ? await apply.getState() : 'unknown';
      if (applyState === 'unknown' || applyState === 'failed' || applyState === 'completed') {
        // Completed yet the tile is not terminal: the store lost the write or never saw it; re-apply.
        if (applyState === 'completed') await apply!.remove();
        await sendOutcome(queues, job.jobId, scan!.returnvalue as ScanOutcome);
        reapplied++;
      }
    }
  }
  return { checked: tiles.length, requeued, quarantined, reapplied, unplanned };
}
