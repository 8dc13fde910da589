import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const RUN1 = { now: '2021-06-02T00:00:00Z', actor: 'scan:job-1' };
const RUN2 = { now: '2021-07-02T00:00:00Z', actor: 'scan:job-2' };
const RUN3 = { now: '2021-07-03T00:00:00Z', actor: 'scan:job-3' };
const JUNE = 'kz-r042/2021-06-01';
const JULY = 'kz-r042/2021-07-01';
const SAR_JUNE = 's1-r042/2021-06-05';

describe('the confidence ladder in the store', () => {
  let store: AlertStore;
  let cleanup: () => void;
  beforeEach(() => {
    let path: string;
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });
  const confidenceOf = (fp: string) => store.getAlert(fp)!.alert.confidence;

  it('first detection is provisional; a later acquisition of the same fingerprint confirms it', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE })], RUN1);
    expect(confidenceOf('fp-a')).toBe('provisional');
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JULY, observedAt: '2021-07-01T06:10:00Z' })], RUN2);
    expect(confidenceOf('fp-a')).toBe('confirmed');
  });

  it('re-running the same batch does not confirm anything', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE })], RUN1);
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE })], RUN2);
    expect(confidenceOf('fp-a')).toBe('provisional');
  });

  it('a late backfill of an earlier acquisition also confirms (two dates saw it), without refreshing the shape', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JULY, observedAt: '2021-07-01T06:10:00Z', areaM2: 2400 })], RUN1);
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE, areaM2: 900 })], RUN2);
    expect(store.getAlert('fp-a')!.alert).toMatchObject({ confidence: 'confirmed', areaM2: 2400 });
  });

  it('another sensor detecting the same place lifts both alerts to highest', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-optical', currentTile: JUNE })], RUN1);
    store.applyCandidates([makeCandidate({
      fingerprint: 'fp-sar', currentTile: SAR_JUNE, observedAt: '2021-06-05T03:00:00Z',
      detector: { name: 'log-ratio', version: '1', params: {} },
    })], RUN2);
    expect(confidenceOf('fp-sar')).toBe('highest');
    expect(confidenceOf('fp-optical')).toBe('highest');
  });

  it('a second method elsewhere in the segment, or a year later, corroborates nothing', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-optical', currentTile: JUNE })], RUN1);
    const lon = 68.95;
    const lat = 54.95;
    const d = 0.0005;
    store.applyCandidates([makeCandidate({
      fingerprint: 'fp-elsewhere', detector: { name: 'ir-mad', version: '1', params: {} }, currentTile: JULY,
      observedAt: '2021-06-01T06:10:00Z', bbox: [lon, lat, lon + d, lat + d],
      geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] },
    })], RUN2);
    store.applyCandidates([makeCandidate({
      fingerprint: 'fp-next-year', detector: { name: 'ir-mad', version: '1', params: {} }, currentTile: 'kz-r042/2022-06-01',
      observedAt: '2022-06-01T06:10:00Z',
    })], RUN3);
    expect(confidenceOf('fp-optical')).toBe('provisional');
    expect(confidenceOf('fp-elsewhere')).toBe('provisional');
    expect(confidenceOf('fp-next-year')).toBe('provisional');
  });

  it('never lowers: a highest alert observed again by a weaker single scan stays highest', () => {
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JUNE, confidence: 'highest' })], RUN1);
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-a', currentTile: JULY, observedAt: '2021-07-01T06:10:00Z', confidence: 'provisional' })], RUN2);
    expect(confidenceOf('fp-a')).toBe('highest');
  });
});
