// Review actions on stored alerts: the core state machine decides, this writes the new state and
// its audit event in one durable transaction (synchronous=FULL), before the caller answers anyone.
import type Database from 'better-sqlite3';
import { transition, type AlertState, type DismissReason, type ReviewAction, type TransitionError } from '../../core/alerts/lifecycle.js';
import type { AlertRecord, EventRecord } from '../../core/alerts/record.js';
import { eventParams } from './alert-rows.js';
import { getAlertRecord } from './alert-queries.js';
import { statement, utcIso } from './statements.js';

export type ReviewResult =
  | { readonly ok: true; readonly alert: AlertRecord; readonly event: EventRecord }
  | { readonly ok: false; readonly error: TransitionError | { readonly code: 'ALERT_NOT_FOUND'; readonly fingerprint: string } };

function reviewOne(db: Database.Database, fingerprint: string, action: ReviewAction, actor: string, now: string): ReviewResult {
  const row = statement(db, 'SELECT state, assignee, dismiss_reason FROM alerts WHERE fingerprint = ?').get(fingerprint) as
    | { state: AlertState; assignee: string | null; dismiss_reason: DismissReason | null }
    | undefined;
  if (!row) return { ok: false, error: { code: 'ALERT_NOT_FOUND', fingerprint } };
  const result = transition({ state: row.state, assignee: row.assignee, dismissReason: row.dismiss_reason }, action, actor, now);
  if (!result.ok) return result;
  const { next, event } = result;
  statement(db, `UPDATE alerts SET state = @state, assignee = @assignee, dismiss_reason = @dismiss_reason, updated_at = @now,
    state_changed_at = CASE WHEN state = @state THEN state_changed_at ELSE @now END WHERE fingerprint = @fingerprint`).run({
    state: next.state, assignee: next.assignee, dismiss_reason: next.dismissReason, now, fingerprint,
  });
  const info = statement(db, `INSERT INTO alert_events (fingerprint, actor, at, type, from_state, to_state, reason, note, payload)
    VALUES (@fingerprint, @actor, @at, @type, @from_state, @to_state, @reason, @note, @payload)`).run(eventParams(fingerprint, event));
  return { ok: true, alert: getAlertRecord(db, fingerprint)!, event: { ...event, id: Number(info.lastInsertRowid), fingerprint: fingerprint as EventRecord['fingerprint'] } };
}

/** One review action on one alert. Read-decide-write under the write lock, so two analysts acting at once serialise. */
export function reviewAlert(db: Database.Database, fingerprint: string, action: ReviewAction, actor: string, now: string): ReviewResult {
  const at = utcIso(now, 'now');
  return db.transaction(() => reviewOne(db, fingerprint, action, actor, at)).immediate();
}

/**
 * The same action on many alerts (bulk triage), in one transaction. Each alert gets its own
 * result: one refused transition does not block the others, and the allowed ones are all logged.
 */
export function reviewAlerts(db: Database.Database, fingerprints: readonly string[], action: ReviewAction, actor: string, now: string): ReviewResult[] {
  const at = utcIso(now, 'now');
  return db.transaction(() => fingerprints.map((fp) => reviewOne(db, fp, action, actor, at))).immediate();
}
