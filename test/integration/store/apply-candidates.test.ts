import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const RUN1 = { now: '2021-06-02T00:00:00Z', actor: 'scan:job-1' };
const RUN2 = { now: '2021-06-03T00:00:00Z', actor: 'scan:job-2' };
const JUNE = 'kz-r042/2021-06-01';
const JULY = 'kz-r042/2021-07-01';

function batch(tile: string, observedAt: string) {
  return [
    makeCandidate({ fingerprint: 'fp-a', currentTile: tile, observedAt }),
    makeCandidate({ fingerprint: 'fp-b', currentTile: tile, observedAt, kind: 'aerial', segmentId: 'KAZ-RUS-018' }),
    makeCandidate({ fingerprint: 'fp-c', currentTile: tile, observedAt, side: 'right', score: 0.9 }),
  ];
}

function counts(store: AlertStore) {
  const one = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
  return {
    alerts: one('SELECT COUNT(*) AS n FROM alerts'),
    observations: one('SELECT COUNT(*) AS n FROM alert_observations'),
    events: one('SELECT COUNT(*) AS n FROM alert_events'),
    outbox: one('SELECT COUNT(*) AS n FROM outbox'),
    observationSum: one('SELECT SUM(observation_count) AS n FROM alerts'),
  };
}

describe('AlertStore.applyCandidates on a real SQLite file', () => {
  let store: AlertStore;
  let cleanup: () => void;
  let path: string;
  beforeEach(() => {
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('applying the same candidates twice changes nothing: zero new alerts, observation counts unchanged', () => {
    const first = store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN1);
    expect(first).toMatchObject({ created: 3, updated: 0, reopened: 0, suppressed: 0, unchanged: 0 });
    const before = counts(store);
    expect(before).toEqual({ alerts: 3, observations: 3, events: 3, outbox: 3, observationSum: 3 });

    // Re-run, even from a fresh connection, as a repeated batch would.
    store.close();
    store = AlertStore.open(path);
    const second = store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN2);
    expect(second).toMatchObject({ created: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 3 });
    expect(counts(store)).toEqual(before);
    expect(store.getAlert('fp-a')!.alert.updatedAt).toBe('2021-06-02T00:00:00.000Z');
  });

  it('a new acquisition of the same place updates last_seen and observation_count, not first_seen', () => {
    store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN1);
    const s = store.applyCandidates(batch(JULY, '2021-07-01T06:10:00Z'), RUN2);
    expect(s).toMatchObject({ created: 0, updated: 3 });
    const { alert, observations } = store.getAlert('fp-a')!;
    expect(alert.firstSeen).toBe('2021-06-01T06:10:00.000Z');
    expect(alert.lastSeen).toBe('2021-07-01T06:10:00.000Z');
    expect(alert.observationCount).toBe(2);
    expect(alert.current.tileId).toBe(JULY);
    expect(observations.map((o) => o.current.tileId)).toEqual([JUNE, JULY]);
    // No new notification for a plain update.
    expect(counts(store).outbox).toBe(3);
  });

  it('two candidates for one fingerprint from the same acquisition in one batch record one observation', () => {
    const c = makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE });
    const s = store.applyCandidates([c, c], RUN1);
    expect(s).toMatchObject({ created: 1, unchanged: 1 });
    expect(store.getAlert('fp-a')!.alert.observationCount).toBe(1);
  });

  it('a new acquisition on a dismissed alert reopens it, logs the event and queues one notification', () => {
    store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN1);
    const dismissed = store.transition('fp-a', { type: 'dismiss', reason: 'seasonal_agriculture' }, 'analyst-1', '2021-06-05T10:00:00Z');
    expect(dismissed.ok).toBe(true);

    const s = store.applyCandidates(batch(JULY, '2021-07-01T06:10:00Z'), RUN2);
    expect(s).toMatchObject({ reopened: 1, updated: 2 });
    expect(s.outcomes.find((o) => o.fingerprint === 'fp-a')?.outcome).toBe('reopened');

    const { alert, events } = store.getAlert('fp-a')!;
    expect(alert.state).toBe('new');
    expect(alert.dismissReason).toBeNull();
    expect(alert.observationCount).toBe(2);
    expect(events.map((e) => [e.type, e.fromState, e.toState, e.actor])).toEqual([
      ['created', null, 'new', 'scan:job-1'],
      ['dismissed', 'new', 'dismissed', 'analyst-1'],
      ['reopened', 'dismissed', 'new', 'scan:job-2'],
    ]);
    expect(events[2]!.payload).toEqual({ evidence: `${JULY}@sha-${JULY}` });
    const reopenedNotes = store.pendingNotifications().filter((n) => n.kind === 'alert.reopened');
    expect(reopenedNotes.map((n) => n.idempotencyKey)).toEqual([`fp-a:reopened:${JULY}@sha-${JULY}`]);

    // Re-running the July batch neither reopens again nor queues another notification.
    store.applyCandidates(batch(JULY, '2021-07-01T06:10:00Z'), RUN2);
    expect(store.getAlert('fp-a')!.events).toHaveLength(3);
    expect(store.pendingNotifications()).toHaveLength(4);
  });

  it('an older image processed late does not reopen a dismissed alert', () => {
    store.applyCandidates(batch(JULY, '2021-07-01T06:10:00Z'), RUN1);
    store.transition('fp-a', { type: 'dismiss', reason: 'snow' }, 'analyst-1', '2021-07-05T10:00:00Z');
    const s = store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN2);
    expect(s.outcomes.find((o) => o.fingerprint === 'fp-a')?.outcome).toBe('updated');
    const { alert } = store.getAlert('fp-a')!;
    expect(alert).toMatchObject({ state: 'dismissed', firstSeen: '2021-06-01T06:10:00.000Z', lastSeen: '2021-07-01T06:10:00.000Z', observationCount: 2 });
    // The alert keeps showing the newest shape and tiles.
    expect(alert.current.tileId).toBe(JULY);
  });

  it('a silence suppresses matching change while active; a newer unsilenced observation reopens it and notifies', () => {
    const created = store.createSilence({
      matchers: { segmentIds: ['KAZ-RUS-01*'], kinds: ['ground'] },
      startsAt: '2021-05-20T00:00:00Z', endsAt: '2021-06-20T00:00:00Z', author: 'operator-1', comment: 'permitted fence repair',
    }, '2021-05-19T00:00:00Z');
    expect(created.ok).toBe(true);
    const silenceId = created.ok ? created.silence.id : '';

    const s1 = store.applyCandidates(batch(JUNE, '2021-06-01T06:10:00Z'), RUN1);
    // fp-a and fp-c are ground on KAZ-RUS-017: silenced; fp-b is aerial: not.
    expect(s1).toMatchObject({ created: 1, suppressed: 2 });
    expect(store.getAlert('fp-a')!.alert).toMatchObject({ state: 'suppressed', suppression: { by: 'silence', silenceId } });
    expect(store.pendingNotifications().map((n) => n.fingerprint)).toEqual(['fp-b']);
    expect(store.listAlerts({ states: ['new'] }).total).toBe(1);

    const s2 = store.applyCandidates(batch(JULY, '2021-07-01T06:10:00Z'), RUN2);
    expect(s2).toMatchObject({ reopened: 2, updated: 1 });
    expect(store.getAlert('fp-a')!.alert).toMatchObject({ state: 'new', suppression: null });
    expect(store.pendingNotifications().map((n) => n.kind)).toEqual(['alert.new', 'alert.reopened', 'alert.reopened']);
  });

  it('an older unauthorised image of an authorised-then alert surfaces it, keeping the newest shape on the alert', () => {
    const auth = { zoneId: 'permit-7', name: 'fence permit', validFrom: '2021-06-15', validTo: null };
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-p', currentTile: JULY, observedAt: '2021-07-01T06:10:00Z', authorised: true, authorisation: auth, areaM2: 3000 })], RUN1);
    const s = store.applyCandidates([makeCandidate({ fingerprint: 'fp-p', currentTile: JUNE, observedAt: '2021-06-01T06:10:00Z', areaM2: 900 })], RUN2);
    expect(s.reopened).toBe(1);
    const { alert } = store.getAlert('fp-p')!;
    expect(alert).toMatchObject({ state: 'new', areaM2: 3000, firstSeen: '2021-06-01T06:10:00.000Z', lastSeen: '2021-07-01T06:10:00.000Z', observationCount: 2 });
  });

  it('stores authorised change as suppressed with its authorisation, and never notifies it', () => {
    const auth = { zoneId: 'cp-petropavl', name: 'Petropavl BCP', validFrom: null, validTo: null };
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-cp', authorised: true, authorisation: auth })], RUN1);
    const { alert, events } = store.getAlert('fp-cp')!;
    expect(alert).toMatchObject({ state: 'suppressed', authorised: true, authorisation: auth, suppression: { by: 'authorisation', zoneId: 'cp-petropavl' } });
    expect(events.map((e) => e.type)).toEqual(['suppressed']);
    expect(store.pendingNotifications()).toHaveLength(0);
  });

  it('keeps the whole batch or none of it when a candidate fails mid-way', () => {
    const bad = { ...makeCandidate({ fingerprint: 'fp-bad' }), observedAt: 'not a date' };
    expect(() => store.applyCandidates([makeCandidate({ fingerprint: 'fp-ok' }), bad], RUN1)).toThrow(/observedAt/);
    expect(counts(store)).toEqual({ alerts: 0, observations: 0, events: 0, outbox: 0, observationSum: null });
  });

  it('confidence only climbs: a weaker later image does not downgrade a confirmed alert', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE, confidence: 'confirmed' })], RUN1);
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JULY, observedAt: '2021-07-01T00:00:00Z', confidence: 'provisional', areaM2: 2400 })], RUN2);
    expect(store.getAlert('fp-a')!.alert).toMatchObject({ confidence: 'confirmed', areaM2: 2400 });
  });
});
