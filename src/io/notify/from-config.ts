// The notifier as the BW_ settings describe it, so `notify`, `serve` and the alert worker retry
// a failing receiver the same way.
import type { Config } from '../../config.js';
import type { AlertStore } from '../store/alert-store.js';
import { startBackgroundNotifier, type BackgroundNotifier } from './notifier-loop.js';
import type { BackoffSettings } from './retry-policy.js';
import type { NotifierLog } from './webhook-notifier.js';

/** Cap on the wait between attempts at a down receiver: alerts should not sit for hours after it is back. */
const MAX_BACKOFF_MS = 300_000;

/** First retry after BW_BACKOFF_MS, doubling up to 5 minutes. */
export function notifierBackoff(config: Pick<Config, 'backoffMs'>): BackoffSettings {
  return { baseMs: config.backoffMs, maxMs: Math.max(config.backoffMs, MAX_BACKOFF_MS) };
}

/** Starts delivering the outbox in the background when BW_WEBHOOK_URL is set; null otherwise. */
export function startConfiguredNotifier(
  store: AlertStore,
  config: Pick<Config, 'webhookUrl' | 'backoffMs'>,
  log: NotifierLog,
): BackgroundNotifier | null {
  if (!config.webhookUrl) return null;
  return startBackgroundNotifier(store, { url: config.webhookUrl, backoff: notifierBackoff(config), log });
}
