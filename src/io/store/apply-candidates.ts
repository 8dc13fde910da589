// Applies a scan's alert candidates to the store in one transaction: the pure decision says what
// each candidate does, this module writes it (alert, observation, event, outbox row) atomically.
import type Database from 'better-sqlite3';
import type { AlertCandidate, Confidence } from '../../core/alerts/candidate.js';
import { acquisitionKey, decideObservation, type ObservationDecision, type Suppression } from '../../core/alerts/decide.js';
import { transition, type AlertState, type DismissReason, type LifecycleEvent } from '../../core/alerts/lifecycle.js';
import { confidenceRank, corroborates, ladderConfidence, maxConfidence, type AgreementSubject } from '../../core/alerts/confidence.js';
import { candidateFacts, eventParams, FACT_COLUMNS } from './alert-rows.js';
import { enqueueNotification } from './outbox.js';
import { listSilences } from './silence-repo.js';
import { statement, utcIso } from './statements.js';

export interface ApplyOptions {
  /** ISO 8601 processing time (the store never reads the clock itself). */
  readonly now: string;
  /** Who applies them, for the audit log (e.g. 'scan:<job id>'). */
  readonly actor: string;
}

export type ApplyOutcome = 'created' | 'updated' | 'reopened' | 'suppressed' | 'unchanged';

export interface ApplySummary {
  readonly created: number;
  readonly updated: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly unchanged: number;
  /** One per candidate, in input order (chips are rendered for created and reopened ones). */
  readonly outcomes: readonly { readonly fingerprint: string; readonly outcome: ApplyOutcome }[];
}

interface ExistingRow {
  state: AlertState;
  last_seen: string;
  first_seen: string;
  assignee: string | null;
  dismiss_reason: DismissReason | null;
  confidence: Confidence;
}

function outcomeOf(d: ObservationDecision): ApplyOutcome {
  switch (d.action) {
    case 'create':
      return d.state === 'new' ? 'created' : 'suppressed';
    case 'update':
      return 'updated';
    case 'reopen':
      return 'reopened';
    case 'suppress':
      return 'suppressed';
    case 'noop':
      return 'unchanged';
  }
}

function suppressionJson(d: ObservationDecision): string | null {
  const s: Suppression | undefined = 'suppression' in d ? d.suppression : undefined;
  return s ? JSON.stringify(s) : null;
}

function insertEvent(db: Database.Database, fingerprint: string, event: LifecycleEvent): void {
  statement(db, `INSERT INTO alert_events (fingerprint, actor, at, type, from_state, to_state, reason, note, payload)
    VALUES (@fingerprint, @actor, @at, @type, @from_state, @to_state, @reason, @note, @payload)`).run(eventParams(fingerprint, event));
}

function insertObservation(db: Database.Database, c: AlertCandidate, d: ObservationDecision, now: string): void {
  statement(db, `INSERT INTO alert_observations (fingerprint, acquisition, observed_at, recorded_at, baseline_tile_id,
      baseline_sha256, current_tile_id, current_sha256, area_m2, change_magnitude, score, suppression)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    c.fingerprint, d.acquisition, d.observedAt, now, c.baseline.tileId, c.baseline.sha256, c.current.tileId,
    c.current.sha256, c.areaM2, c.changeMagnitude, c.score, suppressionJson(d),
  );
}

function notificationPayload(c: AlertCandidate, d: ObservationDecision, state: AlertState) {
  return {
    fingerprint: c.fingerprint, state, kind: c.kind, segmentId: c.segmentId, side: c.side, sideName: c.sideName,
    distanceToLineM: c.distanceToLineM, crossesLine: c.crossesLine, areaM2: c.areaM2, score: c.score,
    confidence: c.confidence, observedAt: d.observedAt, bbox: [...c.bbox], geometry: c.geometry,
  };
}

function create(db: Database.Database, c: AlertCandidate, d: ObservationDecision & { action: 'create' }, opts: ApplyOptions): void {
  const facts = candidateFacts(c);
  const cols = ['fingerprint', 'state', 'suppression', 'first_seen', 'last_seen', 'observation_count', 'created_at',
    'updated_at', 'state_changed_at', ...FACT_COLUMNS];
  statement(db, `INSERT INTO alerts (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})`).run({
    ...facts, fingerprint: c.fingerprint, state: d.state, suppression: suppressionJson(d), first_seen: d.observedAt,
    last_seen: d.observedAt, observation_count: 1, created_at: opts.now, updated_at: opts.now, state_changed_at: opts.now,
  });
  insertObservation(db, c, d, opts.now);
  insertEvent(db, c.fingerprint, {
    type: d.state === 'new' ? 'created' : 'suppressed', actor: opts.actor, at: opts.now, fromState: null, toState: d.state,
    reason: null, note: null,
    payload: { acquisition: d.acquisition, ...(d.state === 'suppressed' ? { suppression: { ...d.suppression } } : {}) },
  });
  if (d.state === 'new') {
    enqueueNotification(db, { fingerprint: c.fingerprint, kind: 'alert.new', idempotencyKey: `${c.fingerprint}:new`,
      payload: notificationPayload(c, d, 'new'), now: opts.now });
  }
}

/** Records the observation on an existing alert: counts, seen window, and the newest facts. */
function observe(db: Database.Database, c: AlertCandidate, d: ObservationDecision, row: ExistingRow, refresh: boolean, now: string): void {
  insertObservation(db, c, d, now);
  const firstSeen = d.observedAt < row.first_seen ? d.observedAt : row.first_seen;
  const lastSeen = d.observedAt > row.last_seen ? d.observedAt : row.last_seen;
  const base = { fingerprint: c.fingerprint, first_seen: firstSeen, last_seen: lastSeen, updated_at: now };
  if (!refresh) {
    statement(db, `UPDATE alerts SET observation_count = observation_count + 1, first_seen = @first_seen,
      last_seen = @last_seen, updated_at = @updated_at WHERE fingerprint = @fingerprint`).run(base);
    return;
  }
  // Confidence never steps down because one later image was weaker: the ladder only climbs.
  const facts = candidateFacts(c);
  const confidence = maxConfidence(c.confidence, row.confidence);
  statement(db, `UPDATE alerts SET observation_count = observation_count + 1, first_seen = @first_seen,
      last_seen = @last_seen, updated_at = @updated_at, suppression = @suppression,
      ${FACT_COLUMNS.map((k) => `${k} = @${k}`).join(', ')} WHERE fingerprint = @fingerprint`)
    .run({ ...facts, ...base, confidence, suppression: suppressionJson(d) });
}

function reopen(db: Database.Database, c: AlertCandidate, d: ObservationDecision & { action: 'reopen' }, row: ExistingRow, opts: ApplyOptions): void {
  const result = transition(
    { state: row.state, assignee: row.assignee, dismissReason: row.dismiss_reason },
    { type: 'reopen', evidence: d.acquisition },
    opts.actor,
    opts.now,
  );
  // decideObservation only reopens from states the machine reopens from; anything else is a bug.
  if (!result.ok) throw new Error(`reopen refused for ${c.fingerprint}: ${result.error.code}`);
  observe(db, c, d, row, d.refresh, opts.now);
  statement(db, `UPDATE alerts SET state = @state, assignee = @assignee, dismiss_reason = @dismiss_reason,
    state_changed_at = @now WHERE fingerprint = @fingerprint`).run({
    state: result.next.state, assignee: result.next.assignee, dismiss_reason: result.next.dismissReason, now: opts.now,
    fingerprint: c.fingerprint,
  });
  insertEvent(db, c.fingerprint, result.event);
  enqueueNotification(db, { fingerprint: c.fingerprint, kind: 'alert.reopened',
    idempotencyKey: `${c.fingerprint}:reopened:${d.acquisition}`, payload: notificationPayload(c, d, 'new'), now: opts.now });
}

interface LadderRow {
  fingerprint: string;
  confidence: Confidence;
  detector: string;
  segment_id: string;
  kind: AlertCandidate['kind'];
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  first_seen: string;
  last_seen: string;
}

function agreementSubject(r: LadderRow): AgreementSubject {
  return {
    detectorName: (JSON.parse(r.detector) as { name: string }).name,
    segmentId: r.segment_id,
    kind: r.kind,
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}

const LADDER_COLUMNS = 'fingerprint, confidence, detector, segment_id, kind, min_lon, min_lat, max_lon, max_lat, first_seen, last_seen';

function raiseConfidence(db: Database.Database, fingerprint: string, to: Confidence): void {
  // The WHERE clause makes "never lower" hold even if two rules race within one batch.
  const ranks = `CASE confidence WHEN 'provisional' THEN 0 WHEN 'confirmed' THEN 1 ELSE 2 END`;
  statement(db, `UPDATE alerts SET confidence = @to WHERE fingerprint = @fingerprint AND ${ranks} < @rank`)
    .run({ fingerprint, to, rank: confidenceRank(to) });
}

/**
 * Climbs the confidence ladder for an alert that just got an observation: confirmed once two
 * acquisitions at different times saw it, highest once an alert of another detector family
 * (another method or sensor) overlaps it in time and space — and then that alert climbs too,
 * because the agreement is mutual. Suppressed observations count: authorisation says whether the
 * change is allowed, not whether it is real.
 */
function climbLadder(db: Database.Database, c: AlertCandidate): void {
  const row = statement(db, `SELECT ${LADDER_COLUMNS} FROM alerts WHERE fingerprint = ?`).get(c.fingerprint) as LadderRow;
  const times = (statement(db, 'SELECT observed_at FROM alert_observations WHERE fingerprint = ?').all(c.fingerprint) as { observed_at: string }[])
    .map((r) => r.observed_at);
  const subject = agreementSubject(row);
  const neighbours = statement(db, `SELECT ${LADDER_COLUMNS} FROM alerts WHERE segment_id = @segment AND kind = @kind
      AND fingerprint <> @fingerprint AND max_lon >= @west AND min_lon <= @east AND max_lat >= @south AND min_lat <= @north`)
    .all({ segment: row.segment_id, kind: row.kind, fingerprint: row.fingerprint, west: row.min_lon, east: row.max_lon,
      south: row.min_lat, north: row.max_lat }) as LadderRow[];
  const agreeing = neighbours.filter((n) => corroborates(subject, agreementSubject(n)));
  const rung = ladderConfidence({ observedAt: times, independentAgreement: agreeing.length > 0, claimed: c.confidence, current: row.confidence });
  raiseConfidence(db, row.fingerprint, rung);
  for (const other of agreeing) raiseConfidence(db, other.fingerprint, 'highest');
}

/**
 * Applies all candidates in one IMMEDIATE transaction: the write lock is taken up front, so two
 * writers (two processes, or two connections) serialise instead of both inserting the same
 * fingerprint, and a crash leaves either the whole batch or none of it.
 */
export function applyCandidates(db: Database.Database, candidates: readonly AlertCandidate[], options: ApplyOptions): ApplySummary {
  const opts: ApplyOptions = { now: utcIso(options.now, 'now'), actor: options.actor };
  if (!opts.actor.trim()) throw new RangeError('applyCandidates needs an actor');
  const run = db.transaction(() => {
    const silences = listSilences(db);
    const outcomes: { fingerprint: string; outcome: ApplyOutcome }[] = [];
    for (const c of candidates) {
      const row = statement(db, `SELECT state, first_seen, last_seen, assignee, dismiss_reason, confidence
        FROM alerts WHERE fingerprint = ?`).get(c.fingerprint) as ExistingRow | undefined;
      let existing = null;
      if (row) {
        const key = acquisitionKey(c.current);
        const seen = statement(db, 'SELECT 1 FROM alert_observations WHERE fingerprint = ? AND acquisition = ?').get(c.fingerprint, key);
        existing = { state: row.state, lastSeen: row.last_seen, acquisitions: new Set(seen ? [key] : []) };
      }
      const decision = decideObservation(existing, c, { now: opts.now, silences });
      switch (decision.action) {
        case 'create':
          create(db, c, decision, opts);
          break;
        case 'update':
        case 'suppress':
          observe(db, c, decision, row!, decision.refresh, opts.now);
          break;
        case 'reopen':
          reopen(db, c, decision, row!, opts);
          break;
        case 'noop':
          break;
      }
      if (decision.action !== 'noop') climbLadder(db, c);
      outcomes.push({ fingerprint: c.fingerprint, outcome: outcomeOf(decision) });
    }
    return outcomes;
  });
  const outcomes = run.immediate();
  const count = (o: ApplyOutcome) => outcomes.filter((x) => x.outcome === o).length;
  return {
    created: count('created'),
    updated: count('updated'),
    reopened: count('reopened'),
    suppressed: count('suppressed'),
    unchanged: count('unchanged'),
    outcomes,
  };
}
