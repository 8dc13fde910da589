import { describe, expect, it } from 'vitest';
import { corroborates, ladderConfidence, maxConfidence, type AgreementSubject } from '../../../src/core/alerts/confidence.js';
import { detectorFamily } from '../../../src/core/alerts/detector-family.js';
import { fingerprint } from '../../../src/core/alerts/fingerprint.js';
import type { SegmentId } from '../../../src/core/types.js';

const JUNE = '2021-06-01T06:10:00.000Z';
const JULY = '2021-07-01T06:10:00.000Z';

const optical: AgreementSubject = {
  detectorName: 'cva', segmentId: 'KAZ-RUS-017', kind: 'ground',
  bbox: [68.9, 54.9, 68.9005, 54.9005], firstSeen: JUNE, lastSeen: JUNE,
};

describe('confidence ladder', () => {
  it('one acquisition is provisional, however many times it is re-read', () => {
    expect(ladderConfidence({ observedAt: [JUNE], independentAgreement: false, claimed: 'provisional', current: null })).toBe('provisional');
    // Two granules of one pass (same instant) are one look at the ground.
    expect(ladderConfidence({ observedAt: [JUNE, JUNE], independentAgreement: false, claimed: 'provisional', current: 'provisional' })).toBe('provisional');
  });

  it('a later acquisition agreeing confirms it', () => {
    expect(ladderConfidence({ observedAt: [JUNE, JULY], independentAgreement: false, claimed: 'provisional', current: 'provisional' })).toBe('confirmed');
  });

  it('independent evidence (another method or sensor) makes it highest even on the first look', () => {
    expect(ladderConfidence({ observedAt: [JUNE], independentAgreement: true, claimed: 'provisional', current: null })).toBe('highest');
  });

  it('never lowers what the store holds or what the detector claimed', () => {
    expect(ladderConfidence({ observedAt: [JULY], independentAgreement: false, claimed: 'provisional', current: 'highest' })).toBe('highest');
    expect(ladderConfidence({ observedAt: [JUNE], independentAgreement: false, claimed: 'confirmed', current: null })).toBe('confirmed');
    expect(maxConfidence('confirmed', 'provisional')).toBe('confirmed');
  });
});

describe('independent corroboration', () => {
  const sar: AgreementSubject = { ...optical, detectorName: 'log-ratio', firstSeen: '2021-06-10T00:00:00Z', lastSeen: '2021-06-10T00:00:00Z' };

  it('a SAR detection overlapping an optical one in the same segment within a month corroborates it', () => {
    expect(corroborates(optical, sar)).toBe(true);
    expect(corroborates(sar, optical)).toBe(true);
  });

  it('the same detector seeing it again is repetition, not independence', () => {
    expect(corroborates(optical, { ...sar, detectorName: 'cva' })).toBe(false);
  });

  it('needs the same place, segment and kind', () => {
    expect(corroborates(optical, { ...sar, bbox: [68.91, 54.9, 68.911, 54.901] })).toBe(false);
    expect(corroborates(optical, { ...sar, segmentId: 'KAZ-RUS-018' })).toBe(false);
    expect(corroborates(optical, { ...sar, kind: 'aerial' })).toBe(false);
  });

  it('a detection far apart in time is another event, not agreement', () => {
    const later = { ...sar, firstSeen: '2021-09-01T00:00:00Z', lastSeen: '2021-09-01T00:00:00Z' };
    expect(corroborates(optical, later)).toBe(false);
    // ...unless the optical alert kept being seen up to within the window.
    expect(corroborates({ ...optical, lastSeen: '2021-08-15T00:00:00Z' }, later)).toBe(true);
  });
});

describe('detector families (identity and independence survive a change of optical measure)', () => {
  it('counts every CVA-based optical measure as one family, SAR as another', () => {
    const optical = detectorFamily('cva+mean3');
    for (const name of ['cva', 'agree(cva+mean3,cva-detail)', 'cva-detail']) expect(detectorFamily(name)).toBe(optical);
    expect(detectorFamily('log-ratio+mean3')).not.toBe(optical);
    expect(detectorFamily('ir-mad+mean3')).toBe('ir-mad');
  });

  it('the new optical default seeing what the previous one saw is repetition, not independent evidence', () => {
    const previous = { ...optical, detectorName: 'cva+mean3' };
    expect(corroborates(previous, { ...optical, detectorName: 'agree(cva+mean3,cva-detail)' })).toBe(false);
    expect(corroborates(previous, { ...optical, detectorName: 'log-ratio+mean3' })).toBe(true);
  });

  it('keeps the fingerprints stored before families existed, and gives the new optical default the same one', () => {
    // Computed by the code at 8fb7e48, which keyed alerts on the detector's name.
    const at = { segmentId: 'KAZ-RUS-017' as SegmentId, kind: 'ground' as const, position: [68.9, 54.9] as const, snapM: 50 };
    expect(fingerprint({ ...at, detectorName: 'cva+mean3' })).toBe('8086a18b6e0274acfb4ac084');
    expect(fingerprint({ ...at, detectorName: 'log-ratio+mean3' })).toBe('a05a356241c460df6c3797a4');
    expect(fingerprint({ ...at, detectorName: 'agree(cva+mean3,cva-detail)' })).toBe('8086a18b6e0274acfb4ac084');
  });
});
