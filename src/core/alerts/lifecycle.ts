// The analyst review state machine: which action is allowed in which state, and the audit event
// each transition leaves. Pure: the caller supplies the actor and the time, and stores the event.

export const ALERT_STATES = ['new', 'acknowledged', 'confirmed', 'dismissed', 'closed', 'suppressed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why an analyst dismissed an alert. A fixed list so dismissals can be counted and learnt from. */
export const DISMISS_REASONS = [
  'cloud_shadow',
  'snow',
  'seasonal_agriculture',
  'authorised_activity',
  'misregistration',
  'sensor_artefact',
  'animals',
  'duplicate',
  'other',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/**
 * What someone (an analyst, or the system on new evidence) asks to do to an alert.
 * Free-text fields are plain strings because they arrive from untrusted input and are validated here.
 */
export type ReviewAction =
  | { readonly type: 'acknowledge'; readonly assignee?: string }
  | { readonly type: 'assign'; readonly assignee: string }
  | { readonly type: 'confirm'; readonly note?: string }
  | { readonly type: 'dismiss'; readonly reason?: string; readonly note?: string }
  | { readonly type: 'close'; readonly note?: string }
  | { readonly type: 'reopen'; readonly note?: string; readonly evidence?: string }
  | { readonly type: 'note'; readonly note: string };
export type ReviewActionType = ReviewAction['type'];

export type EventType =
  | 'created'
  | 'suppressed'
  | 'acknowledged'
  | 'assigned'
  | 'confirmed'
  | 'dismissed'
  | 'closed'
  | 'reopened'
  | 'noted';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One line of the append-only audit log. */
export interface LifecycleEvent {
  readonly type: EventType;
  readonly actor: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly fromState: AlertState | null;
  readonly toState: AlertState | null;
  readonly reason: DismissReason | null;
  readonly note: string | null;
  readonly payload: { readonly [key: string]: JsonValue } | null;
}

export type TransitionError =
  | { readonly code: 'TRANSITION_NOT_ALLOWED'; readonly from: AlertState; readonly action: ReviewActionType; readonly allowedFrom: readonly AlertState[] }
  | { readonly code: 'REASON_REQUIRED' }
  | { readonly code: 'REASON_UNKNOWN'; readonly reason: string }
  | { readonly code: 'NOTE_REQUIRED' }
  | { readonly code: 'ASSIGNEE_REQUIRED' }
  | { readonly code: 'ACTOR_REQUIRED' };

/** The part of an alert the state machine reads and writes. */
export interface ReviewState {
  readonly state: AlertState;
  readonly assignee: string | null;
  readonly dismissReason: DismissReason | null;
}

export type TransitionResult =
  | { readonly ok: true; readonly next: ReviewState; readonly event: LifecycleEvent }
  | { readonly ok: false; readonly error: TransitionError };

/**
 * States each action may start from. Confirm and dismiss are allowed straight from `new` because
 * an analyst who decides an alert has seen it; forcing a separate acknowledge would double the
 * keystrokes of triage without adding information (the event still records `from: new`).
 * Confirmed alerts are not dismissed directly: they are closed, or reopened and re-reviewed,
 * so a confirmed finding never silently turns into a rejection.
 */
export const ALLOWED_FROM: Readonly<Record<ReviewActionType, readonly AlertState[]>> = {
  acknowledge: ['new'],
  assign: ['new', 'acknowledged', 'confirmed'],
  confirm: ['new', 'acknowledged'],
  dismiss: ['new', 'acknowledged'],
  close: ['confirmed', 'dismissed'],
  reopen: ['dismissed', 'closed', 'suppressed'],
  note: ['new', 'acknowledged', 'confirmed', 'dismissed', 'closed', 'suppressed'],
};

export function isDismissReason(value: string): value is DismissReason {
  return (DISMISS_REASONS as readonly string[]).includes(value);
}

export function isAlertState(value: string): value is AlertState {
  return (ALERT_STATES as readonly string[]).includes(value);
}

function clean(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

function fail(error: TransitionError): TransitionResult {
  return { ok: false, error };
}

/** Applies one review action; returns the next review state and its event, or why it is refused. */
export function transition(current: ReviewState, action: ReviewAction, actor: string, at: string): TransitionResult {
  const who = actor.trim();
  if (!who) return fail({ code: 'ACTOR_REQUIRED' });
  const allowedFrom = ALLOWED_FROM[action.type];
  if (!allowedFrom.includes(current.state)) {
    return fail({ code: 'TRANSITION_NOT_ALLOWED', from: current.state, action: action.type, allowedFrom });
  }
  const event = (type: EventType, toState: AlertState, extra: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
    type,
    actor: who,
    at,
    fromState: current.state,
    toState,
    reason: null,
    note: null,
    payload: null,
    ...extra,
  });

  switch (action.type) {
    case 'acknowledge': {
      const assignee = clean(action.assignee) ?? current.assignee;
      const next: ReviewState = { ...current, state: 'acknowledged', assignee };
      return { ok: true, next, event: event('acknowledged', 'acknowledged', { payload: assignee ? { assignee } : null }) };
    }
    case 'assign': {
      const assignee = clean(action.assignee);
      if (!assignee) return fail({ code: 'ASSIGNEE_REQUIRED' });
      // Assigning a new alert is acknowledging it: someone now owns it.
      const state: AlertState = current.state === 'new' ? 'acknowledged' : current.state;
      return { ok: true, next: { ...current, state, assignee }, event: event('assigned', state, { payload: { assignee } }) };
    }
    case 'confirm': {
      const note = clean(action.note);
      return { ok: true, next: { ...current, state: 'confirmed' }, event: event('confirmed', 'confirmed', { note }) };
    }
    case 'dismiss': {
      const reason = clean(action.reason);
      if (!reason) return fail({ code: 'REASON_REQUIRED' });
      if (!isDismissReason(reason)) return fail({ code: 'REASON_UNKNOWN', reason });
      const note = clean(action.note);
      // 'other' says nothing on its own; the note is the reason.
      if (reason === 'other' && !note) return fail({ code: 'NOTE_REQUIRED' });
      return {
        ok: true,
        next: { ...current, state: 'dismissed', dismissReason: reason },
        event: event('dismissed', 'dismissed', { reason, note }),
      };
    }
    case 'close': {
      const note = clean(action.note);
      return { ok: true, next: { ...current, state: 'closed' }, event: event('closed', 'closed', { note }) };
    }
    case 'reopen': {
      const note = clean(action.note);
      const evidence = clean(action.evidence);
      // A reopened alert goes back to the queue unowned: the earlier review no longer holds.
      return {
        ok: true,
        next: { state: 'new', assignee: null, dismissReason: null },
        event: event('reopened', 'new', { note, payload: evidence ? { evidence } : null }),
      };
    }
    case 'note': {
      const note = clean(action.note);
      if (!note) return fail({ code: 'NOTE_REQUIRED' });
      return { ok: true, next: current, event: event('noted', current.state, { note }) };
    }
  }
}

/** A human sentence for a refused transition (CLI and API error bodies). */
export function describeTransitionError(error: TransitionError): string {
  switch (error.code) {
    case 'TRANSITION_NOT_ALLOWED':
      return `cannot ${error.action} an alert that is ${error.from} (allowed from: ${error.allowedFrom.join(', ')})`;
    case 'REASON_REQUIRED':
      return `dismissing needs a reason: one of ${DISMISS_REASONS.join(', ')}`;
    case 'REASON_UNKNOWN':
      return `unknown dismiss reason '${error.reason}': use one of ${DISMISS_REASONS.join(', ')}`;
    case 'NOTE_REQUIRED':
      return 'a note is required (dismissing with reason other, or adding a note)';
    case 'ASSIGNEE_REQUIRED':
      return 'assign needs an assignee';
    case 'ACTOR_REQUIRED':
      return 'every review action needs an actor';
  }
}
