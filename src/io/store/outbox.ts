// Notification outbox (Alertmanager's order: record → send → mark sent). Rows are written in the
// same transaction as the alert change they announce, so a notification is never lost, and each
// carries an idempotency key so a resend after a crash can be recognised by the receiver.
import type Database from 'better-sqlite3';
import { statement } from './statements.js';

export type NotificationKind = 'alert.new' | 'alert.reopened';

export interface OutboxEntry {
  readonly id: number;
  readonly fingerprint: string;
  readonly kind: NotificationKind;
  readonly idempotencyKey: string;
  readonly payload: unknown;
  readonly createdAt: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export function enqueueNotification(
  db: Database.Database,
  n: { fingerprint: string; kind: NotificationKind; idempotencyKey: string; payload: unknown; now: string },
): boolean {
  const info = statement(db, `INSERT INTO outbox (fingerprint, kind, idempotency_key, payload, created_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`)
    .run(n.fingerprint, n.kind, n.idempotencyKey, JSON.stringify({ ...(n.payload as object), idempotencyKey: n.idempotencyKey, type: n.kind }), n.now);
  return info.changes === 1;
}

interface OutboxRow {
  id: number;
  fingerprint: string;
  kind: NotificationKind;
  idempotency_key: string;
  payload: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

/** Unsent notifications, oldest first. */
export function pendingNotifications(db: Database.Database, limit = 100): OutboxEntry[] {
  const rows = statement(db, 'SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?').all(limit) as OutboxRow[];
  return rows.map(toEntry);
}

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
    attempts: r.attempts,
    lastError: r.last_error,
  };
}

export function markNotificationSent(db: Database.Database, id: number, now: string): boolean {
  return statement(db, 'UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL').run(now, id).changes === 1;
}

export function recordNotificationFailure(db: Database.Database, id: number, error: string): void {
  statement(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error.slice(0, 2000), id);
}

// A receiver that refuses a row for good (a 4xx other than 408/429) gets no further attempts. The
// schema has no column for it, so the refusal is kept in last_error under this prefix; rows that
// carry it are still unsent (sent_at NULL) and visible to pendingNotifications, but not deliverable.
const PERMANENT_FAILURE = 'permanent: ';

/** Unsent notifications that may still be delivered (not refused for good), oldest first. */
export function deliverableNotifications(db: Database.Database, limit = 100): OutboxEntry[] {
  const rows = statement(db, `SELECT * FROM outbox WHERE sent_at IS NULL
    AND (last_error IS NULL OR last_error NOT LIKE '${PERMANENT_FAILURE}%') ORDER BY id LIMIT ?`).all(limit) as OutboxRow[];
  return rows.map(toEntry);
}

/** Records a refusal no retry can fix; the row stays unsent and is never attempted again. */
export function markNotificationFailed(db: Database.Database, id: number, error: string): void {
  recordNotificationFailure(db, id, `${PERMANENT_FAILURE}${error}`);
}

export interface OutboxCounts {
  readonly sent: number;
  readonly pending: number;
  readonly failed: number;
}

export function outboxCounts(db: Database.Database): OutboxCounts {
  const row = statement(db, `SELECT
      COUNT(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
      COUNT(*) FILTER (WHERE sent_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE '${PERMANENT_FAILURE}%')) AS pending,
      COUNT(*) FILTER (WHERE sent_at IS NULL AND last_error LIKE '${PERMANENT_FAILURE}%') AS failed
    FROM outbox`).get() as OutboxCounts;
  return row;
}
