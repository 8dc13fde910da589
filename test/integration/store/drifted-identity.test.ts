// A change whose centre drifts across a fingerprint snap-cell edge between two images stays one
// alert (observed twice, confirmed), while a different blob of the same image in the neighbouring
// cell stays a separate alert — in either processing order, and re-runs change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, neighbourFingerprints, snappedPosition } from '../../../src/core/alerts/fingerprint.js';
import type { AlertCandidate } from '../../../src/core/alerts/candidate.js';
import type { SegmentId } from '../../../src/core/types.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const SEG = 'KAZ-RUS-017' as SegmentId;
// Two points ~4 m apart either side of a 50 m cell edge (east-west), ~69.6°E 42.3°N.
function edgePoints(): { west: [number, number]; east: [number, number] } {
  const base: [number, number] = [69.6, 42.3];
  const cell = snappedPosition(base, 50);
  // Walk east in 1 m steps until the cell changes.
  const dLon = 1 / (111_320 * Math.cos((42.3 * Math.PI) / 180));
  let lon = base[0];
  while (snappedPosition([lon, base[1]], 50).x === cell.x) lon += dLon;
  return { west: [lon - 2 * dLon, base[1]], east: [lon + 2 * dLon, base[1]] };
}

function at(position: [number, number], tile: string, observedAt: string): AlertCandidate {
  const identity = { segmentId: SEG, kind: 'ground' as const, detectorName: 'cva', position, snapM: 50 };
  return { ...makeCandidate({ fingerprint: fingerprint(identity), currentTile: tile, observedAt, segmentId: SEG }), neighbourFingerprints: neighbourFingerprints(identity) };
}

describe('neighbour-cell identity in the store', () => {
  let store: AlertStore;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDbPath();
    cleanup = t.cleanup;
    store = AlertStore.open(t.path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('keeps a change that drifted across a cell edge as one alert, confirmed by the second image', () => {
    const { west, east } = edgePoints();
    const june = at(west, 'kz/2021-06-01', '2021-06-01T06:00:00Z');
    const july = at(east, 'kz/2021-07-01', '2021-07-01T06:00:00Z');
    expect(july.fingerprint).not.toBe(june.fingerprint);
    expect(july.neighbourFingerprints).toContain(june.fingerprint);
    store.applyCandidates([june], { now: '2021-06-02T00:00:00Z', actor: 't' });
    const r = store.applyCandidates([july], { now: '2021-07-02T00:00:00Z', actor: 't' });
    expect(r.created).toBe(0);
    expect(r.updated).toBe(1);
    const alerts = store.listAlerts({ limit: 10 });
    expect(alerts.total).toBe(1);
    expect(store.getAlert(june.fingerprint)!.alert).toMatchObject({ observationCount: 2, confidence: 'confirmed' });
    // Re-running the July batch is a no-op.
    expect(store.applyCandidates([july], { now: '2021-07-03T00:00:00Z', actor: 't' })).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('never merges two blobs of the same image that sit in neighbouring cells, whatever the order', () => {
    const { west, east } = edgePoints();
    for (const order of [[west, east], [east, west]] as const) {
      const t = tempDbPath();
      const s = AlertStore.open(t.path);
      s.applyCandidates([at(west, 'kz/2021-06-01', '2021-06-01T06:00:00Z')], { now: '2021-06-02T00:00:00Z', actor: 't' });
      s.applyCandidates(order.map((p) => at(p, 'kz/2021-07-01', '2021-07-01T06:00:00Z')), { now: '2021-07-02T00:00:00Z', actor: 't' });
      expect(s.listAlerts({ limit: 10 }).total).toBe(2);
      s.close();
      t.cleanup();
    }
  });
});
