// The two BullMQ queues with the job options our reliability promises rest on: retries with
// exponential backoff and jitter, bounded history, and the worker settings against lost tiles.
import { Queue, type DefaultJobOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import { ALERTS_QUEUE, SCAN_QUEUE } from './names.js';

export interface BatchQueues {
  readonly scan: Queue;
  readonly alerts: Queue;
  close(): Promise<void>;
}

export function scanJobOptions(config: Config): DefaultJobOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs, jitter: 0.5 },
    // Kept long enough for status and the reconciler to see outcomes; the store is the record.
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/** Applying an outcome is a short SQLite transaction: retry quickly, many times (busy store, restart). */
export function alertJobOptions(): DefaultJobOptions {
  return {
    attempts: 20,
    backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/** Worker options shared by both queues (lock, stall detection, bounded event stream). */
export function workerOptions(config: Config, connection: Redis, concurrency: number): WorkerOptions {
  return {
    connection,
    prefix: config.queuePrefix,
    concurrency,
    lockDuration: config.lockMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    // A tile that keeps killing workers is failed (then quarantined by the reconciler), not looped.
    maxStartedAttempts: config.attempts + config.maxStalledCount,
    autorun: false,
  };
}

export function openQueues(config: Config, connection: Redis): BatchQueues {
  const opts = { connection, prefix: config.queuePrefix, streams: { events: { maxLen: 10_000 } } };
  const scan = new Queue(SCAN_QUEUE, { ...opts, defaultJobOptions: scanJobOptions(config) });
  const alerts = new Queue(ALERTS_QUEUE, { ...opts, defaultJobOptions: alertJobOptions() });
  return {
    scan,
    alerts,
    async close() {
      await Promise.all([scan.close(), alerts.close()]);
    },
  };
}
