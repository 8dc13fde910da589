// Keeps a notifier draining until stopped: polls the outbox, waits out a failing receiver's
// backoff, and stands by while another process holds the store's notifier lease.
import { setTimeout as delay } from 'node:timers/promises';
import type { AlertStore } from '../store/alert-store.js';
import { notifierLease, type NotifierLease } from './notifier-lease.js';
import { WebhookNotifier, type NotifierLog, type NotifierOptions } from './webhook-notifier.js';

export interface LoopOptions {
  /** How often an empty outbox is looked at again. */
  readonly pollMs: number;
  readonly signal: AbortSignal;
  readonly log?: NotifierLog;
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

/** Runs until `signal` aborts; a pass in flight finishes (its POST is bounded by the timeout). */
export async function runNotifierLoop(notifier: WebhookNotifier, lease: NotifierLease, o: LoopOptions): Promise<void> {
  const log = o.log ?? (() => {});
  let standingBy = false;
  while (!o.signal.aborted) {
    let waitMs = o.pollMs;
    try {
      if (lease.tryAcquire()) {
        standingBy = false;
        const r = await notifier.drain();
        if (r.retryInMs !== null) waitMs = Math.max(0, r.retryInMs);
      } else if (!standingBy) {
        standingBy = true;
        log('notify-standby', { reason: 'another process holds the notifier lease for this store' });
      }
    } catch (err) {
      // A store error (busy, disk): nothing was lost, the outbox still holds the rows.
      log('notify-error', { message: err instanceof Error ? err.message : String(err) });
    }
    await sleep(waitMs, o.signal);
  }
}

export interface BackgroundNotifier {
  /** Stops polling, lets a pass in flight finish, and gives up the lease. */
  stop(): Promise<void>;
}

/** Starts a notifier for `store` in the background of a long-running process (serve, alert worker). */
export function startBackgroundNotifier(
  store: AlertStore,
  options: NotifierOptions & { readonly pollMs?: number },
): BackgroundNotifier {
  const notifier = new WebhookNotifier(store, options);
  const lease = notifierLease(store.db.name);
  const abort = new AbortController();
  const loop = runNotifierLoop(notifier, lease, { pollMs: options.pollMs ?? 2000, signal: abort.signal, log: options.log });
  return {
    async stop() {
      abort.abort();
      await loop;
      lease.release();
    },
  };
}
