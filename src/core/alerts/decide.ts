// The dedup decision: given what the store holds for a fingerprint and a new candidate, decide
// create / update / reopen / suppress / no-op. Pure, so re-running a batch is provably a no-op.
import type { AlertCandidate, SourceTile } from './candidate.js';
import type { AlertState } from './lifecycle.js';
import { findMatchingSilence, type Silence } from './silences.js';

/** What the decision needs to know about an alert already in the store. */
export interface ExistingAlert {
  readonly state: AlertState;
  /** ISO 8601 UTC: latest observation time recorded for the alert. */
  readonly lastSeen: string;
  /** Acquisition keys already recorded for the alert (at least the candidate's, if recorded). */
  readonly acquisitions: ReadonlySet<string>;
}

export type Suppression =
  | { readonly by: 'authorisation'; readonly zoneId: string }
  | { readonly by: 'silence'; readonly silenceId: string }
  | { readonly by: 'inhibition'; readonly reason: string };

interface Observation {
  /** Key of the acquisition this candidate comes from: one observation per alert per acquisition. */
  readonly acquisition: string;
  /** ISO 8601 UTC observation time (acquisition time, or `now` when the tile has none). */
  readonly observedAt: string;
}

export type ObservationDecision =
  | (Observation & { readonly action: 'create'; readonly state: 'new' })
  | (Observation & { readonly action: 'create'; readonly state: 'suppressed'; readonly suppression: Suppression })
  /** Record the observation; `refresh` when it is the newest, so the alert shows the latest shape. */
  | (Observation & { readonly action: 'update'; readonly refresh: boolean })
  | (Observation & { readonly action: 'reopen'; readonly from: AlertState; readonly refresh: boolean })
  /** Record the observation on an existing alert without changing its state. */
  | (Observation & { readonly action: 'suppress'; readonly suppression: Suppression; readonly refresh: boolean })
  | (Observation & { readonly action: 'noop' });

export interface DecisionContext {
  /** ISO 8601: processing time, used when the candidate carries no acquisition time. */
  readonly now: string;
  /** Silences to consider (the store passes all that could be active; `matches` checks the window). */
  readonly silences: readonly Silence[];
}

/** One acquisition = one current tile content; the same tile id with other bytes is a new one. */
export function acquisitionKey(current: SourceTile): string {
  return `${current.tileId}@${current.sha256}`;
}

function toUtcIso(text: string, what: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`${what} is not an ISO 8601 time: '${text}'`);
  return new Date(t).toISOString();
}

/** When the candidate was observed: its acquisition time when known, else processing time. */
export function observationTime(candidate: AlertCandidate, now: string): string {
  const at = candidate.observedAt ?? candidate.current.acquiredAt;
  return at ? toUtcIso(at, 'observedAt') : toUtcIso(now, 'now');
}

/**
 * Why this candidate should not reach an analyst, if it should not. Authorisation wins over
 * silences (it is data, not a decision). Silences are matched at the observation time, not the
 * processing time: activity permitted on the day the image was taken stays permitted even if the
 * tile is processed after the window closed.
 */
export function suppressionFor(candidate: AlertCandidate, silences: readonly Silence[], observedAt: string): Suppression | null {
  if (candidate.authorised) return { by: 'authorisation', zoneId: candidate.authorisation?.zoneId ?? 'unknown' };
  if (candidate.inhibition) return { by: 'inhibition', reason: candidate.inhibition.reason };
  const silence = findMatchingSilence(silences, candidate, observedAt);
  return silence ? { by: 'silence', silenceId: silence.id } : null;
}

const REVIEWED_CLOSED: readonly AlertState[] = ['dismissed', 'closed'];

/**
 * Decides what one candidate does to the store.
 * - unknown fingerprint → create (state `suppressed` when authorised or silenced, else `new`);
 * - acquisition already recorded → noop (re-running a batch changes nothing);
 * - suppressed now → record the observation, keep the state;
 * - dismissed / closed alert with an observation newer than anything it had → reopen: the analyst
 *   decided on older evidence. An older acquisition arriving late (a backfill) is recorded but
 *   reopens nothing, since it is not newer than what was reviewed;
 * - suppressed alert with any unsuppressed observation → reopen: nobody has reviewed it, and this
 *   observation is change no silence or authorisation covers (even if it is older);
 * - otherwise → update.
 */
export function decideObservation(existing: ExistingAlert | null, candidate: AlertCandidate, ctx: DecisionContext): ObservationDecision {
  const acquisition = acquisitionKey(candidate.current);
  const observedAt = observationTime(candidate, ctx.now);
  const obs: Observation = { acquisition, observedAt };
  const suppression = suppressionFor(candidate, ctx.silences, observedAt);

  if (existing === null) {
    return suppression ? { ...obs, action: 'create', state: 'suppressed', suppression } : { ...obs, action: 'create', state: 'new' };
  }
  if (existing.acquisitions.has(acquisition)) return { ...obs, action: 'noop' };

  const newest = Date.parse(observedAt) >= Date.parse(existing.lastSeen);
  if (suppression) return { ...obs, action: 'suppress', suppression, refresh: newest };
  const strictlyNewer = Date.parse(observedAt) > Date.parse(existing.lastSeen);
  if (existing.state === 'suppressed' || (REVIEWED_CLOSED.includes(existing.state) && strictlyNewer)) {
    return { ...obs, action: 'reopen', from: existing.state, refresh: newest };
  }
  return { ...obs, action: 'update', refresh: newest };
}
