// A scan worker process: takes jobs from the 'scan' queue, runs each on a worker thread (so the
// event loop stays free to renew BullMQ locks), and hands the outcome to the 'alerts' queue.
// An input rejection ends the job as UnrecoverableError: recorded with its code, never retried.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Config } from '../../config.js';
import { openWorkerConnection } from '../../io/queue/connection.js';
import { parseScanJobData, type ScanOutcome, type SegmentSet } from '../../io/queue/jobs.js';
import { ALERTS_QUEUE, SCAN_QUEUE } from '../../io/queue/names.js';
import { alertJobOptions, workerOptions } from '../../io/queue/queues.js';
import { ScanPool } from '../scan-pool.js';
import { outcomeOfFailure, sendOutcome } from './reconciler.js';
import { fetchSegmentSet } from './redis-keys.js';

export interface RunningWorker {
  readonly worker: Worker;
  /** Stops taking jobs; waits up to `graceMs` for active ones, then hands them back (they stall and rerun elsewhere). */
  close(graceMs: number): Promise<void>;
}

export interface WorkerLog {
  (event: string, detail?: Record<string, unknown>): void;
}

/** Waits for `worker.close()`, but not forever: BullMQ's close has no timeout of its own. */
export async function closeWithGrace(worker: Worker, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    worker.close().then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); }),
  ]);
  clearTimeout(timer);
  if (!graceful) await worker.close(true);
  return graceful;
}

export async function startScanWorker(config: Config, log: WorkerLog): Promise<RunningWorker> {
  const connection = openWorkerConnection(config.redisUrl!, (err) => log('redis-error', { message: err.message }));
  const alerts = new Queue(ALERTS_QUEUE, { connection, prefix: config.queuePrefix, defaultJobOptions: alertJobOptions() });
  const pool = new ScanPool(config.workers, config.maxMemoryMb, { baselineCacheDir: config.baselineCacheDir, spillDir: config.spillDir });
  const sets = new Map<string, Promise<SegmentSet>>();
  const segmentSet = (version: string): Promise<SegmentSet> => {
    let set = sets.get(version);
    if (!set) {
      set = fetchSegmentSet(connection, config.queuePrefix, version);
      set.catch(() => sets.delete(version));
      sets.set(version, set);
    }
    return set;
  };
  const queuesForOutcome = { alerts } as Parameters<typeof sendOutcome>[0];

  const processor = async (job: Job): Promise<ScanOutcome> => {
    const data = parseScanJobData(job.data);
    const outcome = await pool.run(data, await segmentSet(data.segmentSetVersion));
    await sendOutcome(queuesForOutcome, job.id!, outcome);
    if (outcome.kind === 'rejected') throw new UnrecoverableError(`${outcome.code}: ${outcome.message}`);
    return outcome;
  };
  const worker = new Worker(SCAN_QUEUE, processor, { ...workerOptions(config, connection, config.workers), name: 'borderwatch-scan' });
  worker.on('error', (err) => log('worker-error', { message: err.message }));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log(final ? 'scan-failed' : 'scan-retry', { jobId: job.id, attempt: job.attemptsMade, message: err.message });
    // A scan out of attempts is quarantined now; the reconciler would find it too, later.
    if (final && !(err instanceof UnrecoverableError)) {
      void sendOutcome(queuesForOutcome, job.id!, outcomeOfFailure(parseScanJobData(job.data), err.message))
        .catch((e: Error) => log('worker-error', { message: e.message }));
    }
  });
  worker.on('stalled', (jobId) => log('scan-stalled', { jobId }));
  void worker.run();
  return {
    worker,
    async close(graceMs) {
      await closeWithGrace(worker, graceMs);
      await pool.close();
      await alerts.close();
      connection.disconnect();
    },
  };
}
