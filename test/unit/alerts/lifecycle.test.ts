import { describe, expect, it } from 'vitest';
import {
  ALERT_STATES,
  DISMISS_REASONS,
  transition,
  type AlertState,
  type ReviewAction,
  type ReviewState,
} from '../../../src/core/alerts/lifecycle.js';

const AT = '2021-06-02T09:00:00.000Z';
const at = (state: AlertState, assignee: string | null = null): ReviewState => ({ state, assignee, dismissReason: null });

// The review workflow as the product describes it, written out by hand: state × action → next state
// (or null when the action is refused in that state).
const ACTIONS: Record<string, ReviewAction> = {
  acknowledge: { type: 'acknowledge' },
  assign: { type: 'assign', assignee: 'aigerim' },
  confirm: { type: 'confirm' },
  dismiss: { type: 'dismiss', reason: 'snow' },
  close: { type: 'close' },
  reopen: { type: 'reopen' },
  note: { type: 'note', note: 'looked at the SAR pair too' },
};
const EXPECTED: Record<AlertState, Record<keyof typeof ACTIONS, AlertState | null>> = {
  new: { acknowledge: 'acknowledged', assign: 'acknowledged', confirm: 'confirmed', dismiss: 'dismissed', close: null, reopen: null, note: 'new' },
  acknowledged: { acknowledge: null, assign: 'acknowledged', confirm: 'confirmed', dismiss: 'dismissed', close: null, reopen: null, note: 'acknowledged' },
  confirmed: { acknowledge: null, assign: 'confirmed', confirm: null, dismiss: null, close: 'closed', reopen: null, note: 'confirmed' },
  dismissed: { acknowledge: null, assign: null, confirm: null, dismiss: null, close: 'closed', reopen: 'new', note: 'dismissed' },
  closed: { acknowledge: null, assign: null, confirm: null, dismiss: null, close: null, reopen: 'new', note: 'closed' },
  suppressed: { acknowledge: null, assign: null, confirm: null, dismiss: null, close: null, reopen: 'new', note: 'suppressed' },
};

describe('review state machine', () => {
  for (const state of ALERT_STATES) {
    for (const [name, action] of Object.entries(ACTIONS)) {
      const expected = EXPECTED[state][name];
      if (expected === null) {
        it(`refuses ${name} on a ${state} alert, saying which states allow it`, () => {
          const r = transition(at(state), action, 'analyst-1', AT);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          expect(r.error.code).toBe('TRANSITION_NOT_ALLOWED');
          if (r.error.code === 'TRANSITION_NOT_ALLOWED') {
            expect(r.error.from).toBe(state);
            expect(r.error.allowedFrom).not.toContain(state);
          }
        });
      } else {
        it(`allows ${name} on a ${state} alert → ${expected}, with an event recording who, when, from and to`, () => {
          const r = transition(at(state), action, 'analyst-1', AT);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.next.state).toBe(expected);
          expect(r.event).toMatchObject({ actor: 'analyst-1', at: AT, fromState: state, toState: expected });
        });
      }
    }
  }

  it('refuses to dismiss without a reason', () => {
    const r = transition(at('acknowledged'), { type: 'dismiss' }, 'analyst-1', AT);
    expect(r).toEqual({ ok: false, error: { code: 'REASON_REQUIRED' } });
    const blank = transition(at('acknowledged'), { type: 'dismiss', reason: '  ' }, 'analyst-1', AT);
    expect(blank).toEqual({ ok: false, error: { code: 'REASON_REQUIRED' } });
  });

  it('refuses a dismiss reason outside the fixed list', () => {
    const r = transition(at('new'), { type: 'dismiss', reason: 'looked fine' }, 'analyst-1', AT);
    expect(r).toEqual({ ok: false, error: { code: 'REASON_UNKNOWN', reason: 'looked fine' } });
  });

  it('requires a note when the dismiss reason is other', () => {
    expect(transition(at('new'), { type: 'dismiss', reason: 'other' }, 'a', AT)).toEqual({ ok: false, error: { code: 'NOTE_REQUIRED' } });
    const r = transition(at('new'), { type: 'dismiss', reason: 'other', note: 'herders moving stock' }, 'a', AT);
    expect(r.ok && r.event).toMatchObject({ type: 'dismissed', reason: 'other', note: 'herders moving stock' });
  });

  it('accepts every reason on the list and records it on the alert and the event', () => {
    for (const reason of DISMISS_REASONS) {
      const r = transition(at('acknowledged'), { type: 'dismiss', reason, note: 'n' }, 'a', AT);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.next.dismissReason).toBe(reason);
      expect(r.event.reason).toBe(reason);
    }
  });

  it('reopens a dismissed alert on new evidence, clearing the old reason and owner, citing the evidence', () => {
    const dismissed: ReviewState = { state: 'dismissed', assignee: 'aigerim', dismissReason: 'snow' };
    const r = transition(dismissed, { type: 'reopen', evidence: 'kz-r042/2021-07-01@sha' }, 'scan:job-9', AT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next).toEqual({ state: 'new', assignee: null, dismissReason: null });
    expect(r.event).toMatchObject({ type: 'reopened', fromState: 'dismissed', toState: 'new', payload: { evidence: 'kz-r042/2021-07-01@sha' } });
  });

  it('assigning a new alert acknowledges it and names the owner; acknowledging keeps an existing owner', () => {
    const r = transition(at('new'), { type: 'assign', assignee: ' aigerim ' }, 'lead', AT);
    expect(r.ok && r.next).toEqual({ state: 'acknowledged', assignee: 'aigerim', dismissReason: null });
    expect(r.ok && r.event.payload).toEqual({ assignee: 'aigerim' });
    const ack = transition(at('new', 'bolat'), { type: 'acknowledge' }, 'bolat', AT);
    expect(ack.ok && ack.next.assignee).toBe('bolat');
  });

  it('refuses assign without an assignee and a note without text', () => {
    expect(transition(at('new'), { type: 'assign', assignee: '' }, 'a', AT)).toEqual({ ok: false, error: { code: 'ASSIGNEE_REQUIRED' } });
    expect(transition(at('new'), { type: 'note', note: ' ' }, 'a', AT)).toEqual({ ok: false, error: { code: 'NOTE_REQUIRED' } });
  });

  it('refuses any action without an actor, so every event says who', () => {
    expect(transition(at('new'), { type: 'acknowledge' }, ' ', AT)).toEqual({ ok: false, error: { code: 'ACTOR_REQUIRED' } });
  });

  it('a note changes nothing but leaves an event', () => {
    const r = transition(at('confirmed', 'x'), { type: 'note', note: 'sent to patrol' }, 'a', AT);
    expect(r.ok && r.next).toEqual(at('confirmed', 'x'));
    expect(r.ok && r.event).toMatchObject({ type: 'noted', fromState: 'confirmed', toState: 'confirmed', note: 'sent to patrol' });
  });
});
