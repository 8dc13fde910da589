// Delivers the store's notification outbox to one webhook, at least once and in order:
// record (done by the store, with the alert) → send → mark sent only after a 2xx. A crash between
// the receiver's 2xx and the mark re-sends that row on restart, with the same Idempotency-Key.
import type { AlertStore } from '../store/alert-store.js';
import {
  deliverableNotifications, markNotificationFailed, markNotificationSent, recordNotificationFailure, type OutboxEntry,
} from '../store/outbox.js';
import { fetchPost, type PostJson } from './http-post.js';
import { backoffDelayMs, verdictForStatus, type BackoffSettings, type Verdict } from './retry-policy.js';
import { webhookBody } from './webhook-body.js';

export interface NotifierLog {
  (event: string, detail?: Record<string, unknown>): void;
}

export interface NotifierOptions {
  readonly url: string;
  /** The HTTP call; default: Node's fetch. */
  readonly post?: PostJson;
  /** Wall clock, ms since the epoch; default Date.now. */
  readonly now?: () => number;
  /** Uniform [0, 1) for backoff jitter; default Math.random. */
  readonly random?: () => number;
  /** Per-request timeout; default 10 s. */
  readonly timeoutMs?: number;
  /** Receiver backoff; default 1 s doubling up to 5 min. */
  readonly backoff?: BackoffSettings;
  /** Rows read from the outbox per query; default 100. */
  readonly batchSize?: number;
  readonly log?: NotifierLog;
}

export interface DrainResult {
  /** Rows the receiver accepted (2xx) in this pass. */
  readonly sent: number;
  /** Rows the receiver refused for good in this pass (never retried). */
  readonly refused: number;
  /** Set when the receiver failed transiently: wait this long before the next pass. */
  readonly retryInMs: number | null;
}

export class WebhookNotifier {
  private readonly store: AlertStore;
  private readonly url: string;
  private readonly post: PostJson;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffSettings;
  private readonly batchSize: number;
  private readonly log: NotifierLog;
  /** Rows answered (2xx or refused) whose outcome the store does not hold yet, e.g. because the
   *  write hit a busy store: they are skipped, never posted again, and written on the next pass.
   *  Once written, the store itself keeps them out of the deliverable rows. */
  private readonly unmarked = new Map<number, { verdict: Exclude<Verdict, 'retry'>; detail: string }>();
  /** Consecutive transient failures of the receiver; the backoff grows with it. */
  private failures = 0;
  private notBeforeMs = 0;

  constructor(store: AlertStore, options: NotifierOptions) {
    if (!/^https?:\/\//i.test(options.url)) throw new Error(`webhook URL must be http(s): '${options.url}'`);
    this.store = store;
    this.url = options.url;
    this.post = options.post ?? fetchPost;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backoff = options.backoff ?? { baseMs: 1000, maxMs: 300_000 };
    this.batchSize = options.batchSize ?? 100;
    this.log = options.log ?? (() => {});
    if (!(this.timeoutMs > 0)) throw new Error('timeoutMs must be > 0');
    if (!(this.backoff.baseMs >= 0 && this.backoff.maxMs >= this.backoff.baseMs)) throw new Error('backoff needs 0 ≤ baseMs ≤ maxMs');
    if (!(Number.isInteger(this.batchSize) && this.batchSize >= 1)) throw new Error('batchSize must be a positive integer');
  }

  /**
   * Sends every deliverable row, oldest first, until the outbox is empty or the receiver fails
   * transiently; a failing receiver is left alone (one attempt per backoff period, never one per
   * row) and the failed row is retried first, so order holds. Store errors propagate.
   */
  async drain(): Promise<DrainResult> {
    this.writeUnmarked();
    let sent = 0;
    let refused = 0;
    const waitMs = this.notBeforeMs - this.now();
    if (waitMs > 0) return { sent, refused, retryInMs: waitMs };
    for (;;) {
      const rows = deliverableNotifications(this.store.db, this.batchSize);
      for (const row of rows) {
        if (this.unmarked.has(row.id)) continue;
        const outcome = await this.deliver(row);
        if (outcome === 'retry') return { sent, refused, retryInMs: Math.max(0, this.notBeforeMs - this.now()) };
        if (outcome === 'sent') sent++;
        else refused++;
      }
      if (rows.length < this.batchSize) return { sent, refused, retryInMs: null };
    }
  }

  private async deliver(row: OutboxEntry): Promise<Verdict> {
    const detail = this.store.getAlert(row.fingerprint);
    if (!detail) {
      // The outbox references alerts by foreign key, so this is a damaged store, not a receiver issue.
      this.answer(row, 'permanent', `alert ${row.fingerprint} is not in the store`);
      return 'permanent';
    }
    const body = JSON.stringify(webhookBody(row, detail.alert));
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': row.idempotencyKey };
    let verdict: Verdict;
    let why: string;
    try {
      const { status } = await this.post(this.url, body, headers, this.timeoutMs);
      verdict = verdictForStatus(status);
      why = `HTTP ${status}`;
    } catch (err) {
      verdict = 'retry';
      why = describeError(err);
    }
    if (verdict === 'retry') {
      this.failures++;
      const delayMs = backoffDelayMs(this.failures, this.backoff, this.random);
      this.notBeforeMs = this.now() + delayMs;
      recordNotificationFailure(this.store.db, row.id, why);
      this.log('notify-retry', { id: row.id, key: row.idempotencyKey, error: why, failures: this.failures, retryInMs: delayMs });
      return 'retry';
    }
    this.failures = 0;
    this.answer(row, verdict, why);
    return verdict;
  }

  /** Remembers the answer before touching the store, so a store error cannot cause a resend. */
  private answer(row: OutboxEntry, verdict: Exclude<Verdict, 'retry'>, detail: string): void {
    this.unmarked.set(row.id, { verdict, detail });
    if (verdict === 'sent') this.log('notify-sent', { id: row.id, key: row.idempotencyKey });
    else this.log('notify-refused', { id: row.id, key: row.idempotencyKey, error: detail });
    this.writeUnmarked();
  }

  private writeUnmarked(): void {
    for (const [id, a] of this.unmarked) {
      if (a.verdict === 'sent') markNotificationSent(this.store.db, id, new Date(this.now()).toISOString());
      else markNotificationFailed(this.store.db, id, a.detail);
      this.unmarked.delete(id);
    }
  }
}

/** fetch reports every network failure as "fetch failed"; the cause (ECONNREFUSED, …) is what an operator needs. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${(err.cause as Error & { code?: string }).code ?? err.cause.message})` : '';
  return `${err.name}: ${err.message}${cause}`;
}
