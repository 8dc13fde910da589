// The one alert worker: next to the store, it applies scan outcomes (alerts + tile status in one
// transaction) from the 'alerts' queue, one at a time, and runs the reconciler on a timer.
import { Worker, type Job } from 'bullmq';
import type { Config } from '../../config.js';
import { openWorkerConnection } from '../../io/queue/connection.js';
import { parseApplyJobData, type ApplyResult } from '../../io/queue/jobs.js';
import { ALERTS_QUEUE } from '../../io/queue/names.js';
import { openQueues, workerOptions } from '../../io/queue/queues.js';
import { startConfiguredNotifier } from '../../io/notify/from-config.js';
import type { AlertStore } from '../../io/store/alert-store.js';
import { applyOutcome } from '../apply-outcome.js';
import { reconcile } from './reconciler.js';
import { closeWithGrace, type RunningWorker, type WorkerLog } from './scan-worker.js';

export async function startAlertWorker(config: Config, store: AlertStore, now: () => string, log: WorkerLog): Promise<RunningWorker> {
  const connection = openWorkerConnection(config.redisUrl!, (err) => log('redis-error', { message: err.message }));
  const queues = openQueues(config, connection);
  const processor = async (job: Job): Promise<ApplyResult> => applyOutcome(store, parseApplyJobData(job.data).outcome, now());
  // Concurrency 1: the store has one writer here; SQLite would serialise writers anyway.
  const worker = new Worker(ALERTS_QUEUE, processor, { ...workerOptions(config, connection, 1), name: 'borderwatch-alerts' });
  worker.on('error', (err) => log('worker-error', { message: err.message }));
  worker.on('failed', (job, err) => log('apply-failed', { jobId: job?.id, message: err.message }));
  void worker.run();

  // The store's writer also delivers its outbox when BW_WEBHOOK_URL is set (one sender per store: a lease).
  const notifier = startConfiguredNotifier(store, config, log);

  let reconciling = false;
  const timer = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    reconcile(store, queues, connection, config.queuePrefix)
      .then((r) => { if (r.requeued || r.quarantined || r.reapplied) log('reconciled', { ...r }); })
      .catch((err: Error) => log('reconcile-error', { message: err.message }))
      .finally(() => { reconciling = false; });
  }, config.reconcileMs);
  return {
    worker,
    async close(graceMs) {
      clearInterval(timer);
      await notifier?.stop();
      await closeWithGrace(worker, graceMs);
      await queues.close();
      connection.disconnect();
    },
  };
}
