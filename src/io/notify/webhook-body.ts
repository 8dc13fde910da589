// The JSON a webhook receiver gets for one outbox row: the event, its idempotency key and the
// alert's summary as the store holds it at send time, with the API path an analyst can follow.
import type { AlertRecord } from '../../core/alerts/record.js';
import type { OutboxEntry } from '../store/outbox.js';

export type WebhookEvent = 'new' | 'reopened';

export interface AlertSummary {
  readonly fingerprint: string;
  readonly kind: string;
  readonly segmentId: string;
  readonly side: string | null;
  readonly sideName: string | null;
  readonly distanceToLineM: number | null;
  readonly crossesLine: boolean | null;
  readonly areaM2: number;
  readonly score: number;
  readonly confidence: string;
  readonly authorised: boolean;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly state: string;
  /** API path of the alert, relative to wherever `borderwatch serve` is reachable. */
  readonly link: string;
}

export interface WebhookBody {
  readonly event: WebhookEvent;
  readonly idempotencyKey: string;
  /** When the store recorded the notification (ISO 8601 UTC), not when it was sent. */
  readonly recordedAt: string;
  readonly alert: AlertSummary;
}

export function webhookEvent(entry: OutboxEntry): WebhookEvent {
  return entry.kind === 'alert.reopened' ? 'reopened' : 'new';
}

/** The body for `entry`, summarising `alert` (the alert row the outbox row references). */
export function webhookBody(entry: OutboxEntry, alert: AlertRecord): WebhookBody {
  return {
    event: webhookEvent(entry),
    idempotencyKey: entry.idempotencyKey,
    recordedAt: entry.createdAt,
    alert: {
      fingerprint: alert.fingerprint,
      kind: alert.kind,
      segmentId: alert.segmentId,
      side: alert.side,
      sideName: alert.sideName,
      distanceToLineM: alert.distanceToLineM,
      crossesLine: alert.crossesLine,
      areaM2: alert.areaM2,
      score: alert.score,
      confidence: alert.confidence,
      authorised: alert.authorised,
      firstSeen: alert.firstSeen,
      lastSeen: alert.lastSeen,
      state: alert.state,
      link: `/api/alerts/${encodeURIComponent(alert.fingerprint)}`,
    },
  };
}
