// Silences in the store: validated on the way in (core rules), times normalised to UTC so the
// window columns sort and compare as text.
import type Database from 'better-sqlite3';
import { validateSilence, type Silence, type SilenceError, type SilenceMatchers, type SilenceSpec } from '../../core/alerts/silences.js';
import { statement, utcIso } from './statements.js';

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: string;
  ends_at: string;
  author: string;
  comment: string;
  created_at: string;
  updated_at: string;
}

export type SilenceResult = { readonly ok: true; readonly silence: Silence } | { readonly ok: false; readonly error: SilenceError };

function fromRow(r: SilenceRow): Silence {
  return {
    id: r.id,
    matchers: JSON.parse(r.matchers) as SilenceMatchers,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    author: r.author,
    comment: r.comment,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Keeps only the matcher fields we know, so stored JSON never carries stray client keys. */
function storedMatchers(m: SilenceMatchers): SilenceMatchers {
  return {
    ...(m.segmentIds?.length ? { segmentIds: [...m.segmentIds] } : {}),
    ...(m.kinds?.length ? { kinds: [...m.kinds] } : {}),
    ...(m.minAreaM2 !== undefined ? { minAreaM2: m.minAreaM2 } : {}),
    ...(m.maxAreaM2 !== undefined ? { maxAreaM2: m.maxAreaM2 } : {}),
    ...(m.sides?.length ? { sides: [...m.sides] } : {}),
  };
}

export function getSilence(db: Database.Database, id: string): Silence | null {
  const row = statement(db, 'SELECT * FROM silences WHERE id = ?').get(id) as SilenceRow | undefined;
  return row ? fromRow(row) : null;
}

export function createSilence(db: Database.Database, id: string, spec: SilenceSpec, now: string): SilenceResult {
  const error = validateSilence(spec);
  if (error) return { ok: false, error };
  statement(db, `INSERT INTO silences (id, matchers, starts_at, ends_at, author, comment, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(id, JSON.stringify(storedMatchers(spec.matchers)), utcIso(spec.startsAt),
    utcIso(spec.endsAt), spec.author.trim(), spec.comment.trim(), utcIso(now), utcIso(now));
  return { ok: true, silence: getSilence(db, id)! };
}

/** Replaces a silence's matchers, window, author and comment. Null when there is no such silence. */
export function updateSilence(db: Database.Database, id: string, spec: SilenceSpec, now: string): SilenceResult | null {
  const error = validateSilence(spec);
  if (error) return { ok: false, error };
  const changes = statement(db, `UPDATE silences SET matchers = ?, starts_at = ?, ends_at = ?, author = ?, comment = ?,
    updated_at = ? WHERE id = ?`).run(JSON.stringify(storedMatchers(spec.matchers)), utcIso(spec.startsAt), utcIso(spec.endsAt),
    spec.author.trim(), spec.comment.trim(), utcIso(now), id).changes;
  return changes === 0 ? null : { ok: true, silence: getSilence(db, id)! };
}

/**
 * Ends a silence now (Alertmanager's "expire"): it stays on record for the audit trail, and still
 * covers observations made while it was active. Null when there is no such silence.
 */
export function expireSilence(db: Database.Database, id: string, now: string): Silence | null {
  const at = utcIso(now);
  statement(db, `UPDATE silences SET ends_at = MAX(starts_at, ?), updated_at = ? WHERE id = ? AND ends_at > ?`).run(at, at, id, at);
  return getSilence(db, id);
}

export function deleteSilence(db: Database.Database, id: string): boolean {
  return statement(db, 'DELETE FROM silences WHERE id = ?').run(id).changes === 1;
}

/** Silences newest first; with `activeAt`, only those whose window covers that instant. */
export function listSilences(db: Database.Database, filter: { activeAt?: string } = {}): Silence[] {
  if (filter.activeAt !== undefined) {
    const at = utcIso(filter.activeAt);
    const rows = statement(db, 'SELECT * FROM silences WHERE starts_at <= ? AND ends_at > ? ORDER BY created_at DESC, id')
      .all(at, at) as SilenceRow[];
    return rows.map(fromRow);
  }
  return (statement(db, 'SELECT * FROM silences ORDER BY created_at DESC, id').all() as SilenceRow[]).map(fromRow);
}
