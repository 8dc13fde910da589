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
  return rows.map((r) => ({
    id: r.id,
    fingerprint: r.fingerprint,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}

export function markNotificationSent(db: Database.Database, id: number, now: string): boolean {
  return statement(db, 'UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL').run(now, id).changes === 1;
}

export function recordNotificationFailure(db: Database.Database, id: number, error: string): void {
  statement(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error.slice(0, 2000), id);
}
