import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const NOW = { now: '2021-06-02T00:00:00Z', actor: 'scan:1' };

describe('review actions and queries on the store', () => {
  let store: AlertStore;
  let path: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
    store.applyCandidates([
      makeCandidate({ fingerprint: 'fp-low', score: 0.3, observedAt: '2021-06-01T06:00:00Z' }),
      makeCandidate({ fingerprint: 'fp-high', score: 0.95, observedAt: '2021-05-01T06:00:00Z', currentTile: 't-may' }),
      makeCandidate({ fingerprint: 'fp-air', kind: 'aerial', segmentId: 'KAZ-CHN-003', score: 0.6, observedAt: '2021-06-10T06:00:00Z',
        geometry: { type: 'Polygon', coordinates: [[[80.1, 45.1], [80.2, 45.1], [80.2, 45.2], [80.1, 45.1]]] }, bbox: [80.1, 45.1, 80.2, 45.2] }),
    ], NOW);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('a dismissal is on disk with its event when transition returns (read back by a fresh connection)', () => {
    const r = store.transition('fp-low', { type: 'dismiss', reason: 'cloud_shadow', note: 'cumulus edge' }, 'analyst-1', '2021-06-03T08:00:00Z');
    expect(r.ok).toBe(true);
    const other = new Database(path, { readonly: true });
    expect(other.prepare("SELECT state, dismiss_reason, state_changed_at FROM alerts WHERE fingerprint = 'fp-low'").get())
      .toEqual({ state: 'dismissed', dismiss_reason: 'cloud_shadow', state_changed_at: '2021-06-03T08:00:00.000Z' });
    expect(other.prepare("SELECT actor, type, from_state, to_state, reason, note FROM alert_events WHERE fingerprint = 'fp-low' ORDER BY id DESC LIMIT 1").get())
      .toEqual({ actor: 'analyst-1', type: 'dismissed', from_state: 'new', to_state: 'dismissed', reason: 'cloud_shadow', note: 'cumulus edge' });
    other.close();
  });

  it('a refused action changes nothing and logs nothing', () => {
    const r = store.transition('fp-low', { type: 'dismiss' }, 'analyst-1', '2021-06-03T08:00:00Z');
    expect(r).toEqual({ ok: false, error: { code: 'REASON_REQUIRED' } });
    const { alert, events } = store.getAlert('fp-low')!;
    expect(alert.state).toBe('new');
    expect(events).toHaveLength(1);
    expect(store.transition('fp-nope', { type: 'acknowledge' }, 'a', '2021-06-03T08:00:00Z'))
      .toEqual({ ok: false, error: { code: 'ALERT_NOT_FOUND', fingerprint: 'fp-nope' } });
  });

  it('assign keeps state_changed_at when the state does not change, and records the assignee', () => {
    store.transition('fp-low', { type: 'acknowledge' }, 'a', '2021-06-03T08:00:00Z');
    store.transition('fp-low', { type: 'assign', assignee: 'bolat' }, 'lead', '2021-06-03T09:00:00Z');
    const { alert } = store.getAlert('fp-low')!;
    expect(alert).toMatchObject({ state: 'acknowledged', assignee: 'bolat', stateChangedAt: '2021-06-03T08:00:00.000Z', updatedAt: '2021-06-03T09:00:00.000Z' });
  });

  it('bulk actions apply to each alert on its own: refused ones are reported, allowed ones logged', () => {
    store.transition('fp-air', { type: 'confirm' }, 'a', '2021-06-03T08:00:00Z');
    const results = store.transitionMany(['fp-low', 'fp-air', 'fp-high'], { type: 'dismiss', reason: 'duplicate' }, 'a', '2021-06-03T09:00:00Z');
    expect(results.map((r) => (r.ok ? r.alert.state : r.error.code))).toEqual(['dismissed', 'TRANSITION_NOT_ALLOWED', 'dismissed']);
    expect(store.listAlerts({ states: ['dismissed'] }).total).toBe(2);
  });

  it('the queue is ordered by severity, then newest; filters by state, kind, segment, time and bbox', () => {
    expect(store.listAlerts().items.map((a) => a.fingerprint)).toEqual(['fp-high', 'fp-air', 'fp-low']);
    expect(store.listAlerts({ order: 'recent' }).items.map((a) => a.fingerprint)).toEqual(['fp-air', 'fp-low', 'fp-high']);
    expect(store.listAlerts({ kinds: ['aerial'] }).items.map((a) => a.fingerprint)).toEqual(['fp-air']);
    expect(store.listAlerts({ segmentIds: ['KAZ-RUS-017'] }).total).toBe(2);
    expect(store.listAlerts({ seenFrom: '2021-05-15T00:00:00Z' }).items.map((a) => a.fingerprint)).toEqual(['fp-air', 'fp-low']);
    expect(store.listAlerts({ seenTo: '2021-05-15T00:00:00Z' }).items.map((a) => a.fingerprint)).toEqual(['fp-high']);
    expect(store.listAlerts({ bbox: [80, 45, 81, 46] }).items.map((a) => a.fingerprint)).toEqual(['fp-air']);
    expect(store.listAlerts({ bbox: [68.9003, 54.9003, 70, 56] }).total).toBe(2);
  });

  it('pages through the queue with a total for paging links', () => {
    const p1 = store.listAlerts({ limit: 2 });
    const p2 = store.listAlerts({ limit: 2, offset: 2 });
    expect(p1.total).toBe(3);
    expect([...p1.items, ...p2.items].map((a) => a.fingerprint)).toEqual(['fp-high', 'fp-air', 'fp-low']);
  });

  it('exports every alert, oldest first seen first, with geometry and lifecycle', () => {
    store.transition('fp-low', { type: 'dismiss', reason: 'snow' }, 'a', '2021-06-03T09:00:00Z');
    const all = [...store.exportAlerts()];
    expect(all.map((a) => [a.fingerprint, a.state])).toEqual([['fp-high', 'new'], ['fp-low', 'dismissed'], ['fp-air', 'new']]);
    expect(all[2]!.geometry.type).toBe('Polygon');
  });

  it('silences can be listed by activity, expired (kept for the record) and deleted', () => {
    const r = store.createSilence({ matchers: { segmentIds: ['KAZ-*'] }, startsAt: '2021-06-01T00:00:00+06:00', endsAt: '2021-06-30T00:00:00Z',
      author: 'op', comment: 'harvest season' }, '2021-06-01T00:00:00Z');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.silence.startsAt).toBe('2021-05-31T18:00:00.000Z');
    expect(store.listSilences({ activeAt: '2021-06-15T00:00:00Z' }).map((s) => s.id)).toEqual([r.silence.id]);
    expect(store.expireSilence(r.silence.id, '2021-06-10T00:00:00Z')?.endsAt).toBe('2021-06-10T00:00:00.000Z');
    expect(store.listSilences({ activeAt: '2021-06-15T00:00:00Z' })).toEqual([]);
    expect(store.listSilences()).toHaveLength(1);
    expect(store.deleteSilence(r.silence.id)).toBe(true);
    expect(store.getSilence(r.silence.id)).toBeNull();
    expect(store.createSilence({ matchers: {}, startsAt: '2021-06-01T00:00:00Z', endsAt: '2021-06-02T00:00:00Z', author: 'op', comment: 'x' }, '2021-06-01T00:00:00Z'))
      .toEqual({ ok: false, error: { code: 'SILENCE_NO_MATCHERS' } });
  });

  it('outbox: a sent notification is not pending any more, and marking it twice is a no-op', () => {
    const [first] = store.pendingNotifications(1);
    expect(first!.payload).toMatchObject({ type: 'alert.new', idempotencyKey: `${first!.fingerprint}:new` });
    expect(store.markNotificationSent(first!.id, '2021-06-02T00:00:05Z')).toBe(true);
    expect(store.markNotificationSent(first!.id, '2021-06-02T00:00:06Z')).toBe(false);
    expect(store.pendingNotifications().map((n) => n.id)).not.toContain(first!.id);
  });
});
