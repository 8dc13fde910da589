import { describe, expect, it } from 'vitest';
import { acquisitionKey, decideObservation, type ExistingAlert } from '../../../src/core/alerts/decide.js';
import type { AlertState } from '../../../src/core/alerts/lifecycle.js';
import type { Silence } from '../../../src/core/alerts/silences.js';
import { makeCandidate } from './make-candidate.js';

const NOW = '2021-08-01T12:00:00.000Z';
const ctx = { now: NOW, silences: [] as Silence[] };
const JUNE = makeCandidate({ currentTile: 'kz-r042/2021-06-01', observedAt: '2021-06-01T06:10:00Z' });
const JULY = makeCandidate({ currentTile: 'kz-r042/2021-07-01', observedAt: '2021-07-01T06:10:00Z' });
const MAY = makeCandidate({ currentTile: 'kz-r042/2021-05-15', observedAt: '2021-05-15T06:10:00Z' });

function existing(state: AlertState, lastSeen = '2021-06-01T06:10:00.000Z', seen = [acquisitionKey(JUNE.current)]): ExistingAlert {
  return { state, lastSeen, acquisitions: new Set(seen) };
}

const roadWorks: Silence = {
  id: 'sil-1',
  matchers: { segmentIds: ['KAZ-RUS-017'] },
  startsAt: '2021-06-25T00:00:00Z',
  endsAt: '2021-07-10T00:00:00Z',
  author: 'op',
  comment: 'road works',
  createdAt: NOW,
  updatedAt: NOW,
};

describe('decideObservation', () => {
  it('creates a new alert for an unknown fingerprint, observed at the acquisition time in UTC', () => {
    const d = decideObservation(null, JUNE, ctx);
    expect(d).toEqual({ action: 'create', state: 'new', acquisition: 'kz-r042/2021-06-01@sha-kz-r042/2021-06-01', observedAt: '2021-06-01T06:10:00.000Z' });
  });

  it('does nothing when the same acquisition is already recorded, so re-running a batch inflates nothing', () => {
    for (const state of ['new', 'acknowledged', 'dismissed', 'closed', 'suppressed'] as const) {
      expect(decideObservation(existing(state), JUNE, ctx).action).toBe('noop');
    }
  });

  it('treats the same tile id with different content as a new acquisition', () => {
    const reprocessed = makeCandidate({ currentTile: 'kz-r042/2021-06-01', currentSha: 'sha-redelivered', observedAt: '2021-06-01T06:10:00Z' });
    expect(decideObservation(existing('new'), reprocessed, ctx)).toMatchObject({ action: 'update', refresh: true });
  });

  it('updates an open alert on a new acquisition, refreshing its facts only when the observation is the newest', () => {
    expect(decideObservation(existing('acknowledged'), JULY, ctx)).toMatchObject({ action: 'update', refresh: true });
    expect(decideObservation(existing('acknowledged'), MAY, ctx)).toMatchObject({ action: 'update', refresh: false });
  });

  it('reopens a dismissed or closed alert when a newer acquisition still shows the change', () => {
    expect(decideObservation(existing('dismissed'), JULY, ctx)).toMatchObject({ action: 'reopen', from: 'dismissed' });
    expect(decideObservation(existing('closed'), JULY, ctx)).toMatchObject({ action: 'reopen', from: 'closed' });
  });

  it('does not reopen a dismissed alert for an older image arriving late: the analyst already saw newer evidence', () => {
    expect(decideObservation(existing('dismissed'), MAY, ctx)).toMatchObject({ action: 'update', refresh: false });
  });

  it('reopens a suppressed alert on any observation no silence or authorisation covers, even an older one: nobody reviewed it', () => {
    expect(decideObservation(existing('suppressed'), JULY, ctx)).toMatchObject({ action: 'reopen', from: 'suppressed', refresh: true });
    expect(decideObservation(existing('suppressed'), MAY, ctx)).toMatchObject({ action: 'reopen', from: 'suppressed', refresh: false });
  });

  it('creates authorised change as suppressed, citing the zone', () => {
    const permitted = makeCandidate({ authorised: true, authorisation: { zoneId: 'cp-petropavl', name: 'Petropavl BCP', validFrom: null, validTo: null } });
    expect(decideObservation(null, permitted, ctx)).toMatchObject({ action: 'create', state: 'suppressed', suppression: { by: 'authorisation', zoneId: 'cp-petropavl' } });
  });

  it('matches silences at the acquisition time, not the processing time', () => {
    const c = { now: NOW, silences: [roadWorks] };
    // July 1 image, processed on Aug 1 after the silence ended: still covered.
    expect(decideObservation(null, JULY, c)).toMatchObject({ action: 'create', state: 'suppressed', suppression: { by: 'silence', silenceId: 'sil-1' } });
    expect(decideObservation(null, JUNE, c)).toMatchObject({ action: 'create', state: 'new' });
  });

  it('records a silenced observation on an existing alert without changing its state', () => {
    const c = { now: NOW, silences: [roadWorks] };
    expect(decideObservation(existing('dismissed'), JULY, c)).toMatchObject({ action: 'suppress', refresh: true, suppression: { silenceId: 'sil-1' } });
    expect(decideObservation(existing('new'), JULY, c)).toMatchObject({ action: 'suppress' });
  });

  it('uses processing time when the candidate has no acquisition time', () => {
    const undated = makeCandidate({ currentTile: 'kz-r042/undated', observedAt: null });
    expect(decideObservation(existing('dismissed'), undated, ctx)).toMatchObject({ action: 'reopen', observedAt: NOW });
  });
});
