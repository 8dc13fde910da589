// The analyst queue's "most severe first" knows the border: a change crossing the line comes before
// a stronger change deep inside the corridor.
import { describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

describe('queue order by severity', () => {
  it('puts a line-crossing change above a stronger one 600 m inside, and shows both scores', () => {
    const { path, cleanup } = tempDbPath();
    const store = AlertStore.open(path);
    store.applyCandidates([
      makeCandidate({ fingerprint: 'fp-inside', score: 0.6, crossesLine: false, distanceToLineM: 600 }),
      makeCandidate({ fingerprint: 'fp-crossing', score: 0.4, crossesLine: true, distanceToLineM: 0 }),
    ], { now: '2021-06-02T00:00:00Z', actor: 't' });
    const queue = store.listAlerts({ order: 'severity', limit: 10 }).items;
    expect(queue.map((a) => a.fingerprint)).toEqual(['fp-crossing', 'fp-inside']);
    expect(queue[0]).toMatchObject({ score: 0.4, severity: 0.7 });
    store.close();
    cleanup();
  });
});
