import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/core/alerts/fingerprint.js';
import { authorisationFor, parseAuthorisedZones } from '../../../src/core/alerts/authorise.js';
import { changeScore } from '../../../src/core/alerts/score.js';
import { acquisitionTimeFromName } from '../../../src/io/acquisition-time.js';
import { InputError } from '../../../src/core/errors.js';
import type { SegmentId } from '../../../src/core/types.js';

const seg = 'KAZ-643/p000/s0001' as SegmentId;
const fp = (lon: number, lat: number, over: Partial<Parameters<typeof fingerprint>[0]> = {}) =>
  fingerprint({ segmentId: seg, kind: 'ground', detectorName: 'cva', position: [lon, lat], snapM: 50, ...over });

describe('alert fingerprints', () => {
  it('gives the same place, segment, kind and detector the same identity (a rerun dedups)', () => {
    expect(fp(69.6, 42.3)).toBe(fp(69.6, 42.3));
  });
  it('keeps identity when the point moves a few metres inside one snap cell', () => {
    // ~3 m east at 42°N is 3.6e-5° of longitude; pick a point well inside a 50 m cell.
    const a = fp(69.60001, 42.30001);
    expect(fp(69.60001 + 1e-5, 42.30001)).toBe(a);
  });
  it('separates different segments, kinds and far-apart places', () => {
    const a = fp(69.6, 42.3);
    expect(fp(69.6, 42.3, { segmentId: 'other' as SegmentId })).not.toBe(a);
    expect(fp(69.6, 42.3, { kind: 'aerial' })).not.toBe(a);
    expect(fp(69.61, 42.3)).not.toBe(a);
  });
});

describe('authorised zones', () => {
  const zones = parseAuthorisedZones({
    type: 'FeatureCollection',
    features: [{
      type: 'Feature',
      properties: { id: 'cp-1', name: 'crossing point', valid_from: '2017-01-01', valid_to: '2017-12-31', kinds: ['ground'] },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] },
    }],
  });
  it('authorises a change inside the zone during its window', () => {
    expect(authorisationFor(zones, [0.5, 0.5], 'ground', '2017-06-01T00:00:00.000Z')?.zoneId).toBe('cp-1');
  });
  it('does not authorise outside the window, outside the zone, another kind, or an undated change', () => {
    expect(authorisationFor(zones, [0.5, 0.5], 'ground', '2018-06-01T00:00:00.000Z')).toBeNull();
    expect(authorisationFor(zones, [1.5, 0.5], 'ground', '2017-06-01T00:00:00.000Z')).toBeNull();
    expect(authorisationFor(zones, [0.5, 0.5], 'aerial', '2017-06-01T00:00:00.000Z')).toBeNull();
    expect(authorisationFor(zones, [0.5, 0.5], 'ground', null)).toBeNull();
  });
  it('rejects zone files with bad dates or geometry with AUTHORISED_INVALID', () => {
    const bad = (props: object, geometry: object = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }) => () =>
      parseAuthorisedZones({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: props, geometry }] });
    expect(bad({ valid_from: 'soon' })).toThrow(InputError);
    expect(bad({ valid_from: '2018-01-01', valid_to: '2017-01-01' })).toThrow(/after/);
    expect(bad({}, { type: 'Point', coordinates: [0, 0] })).toThrow(/Polygon/);
  });
});

describe('ranking score', () => {
  it('is 0 at the threshold and grows with strength and size', () => {
    expect(changeScore(100, 100, 50)).toBe(0);
    expect(changeScore(300, 100, 50)).toBeGreaterThan(changeScore(150, 100, 50));
    expect(changeScore(300, 100, 200)).toBeGreaterThan(changeScore(300, 100, 4));
    expect(changeScore(1e9, 100, 1e6)).toBeLessThanOrEqual(1);
  });
});

describe('acquisition time from file names', () => {
  it('reads ISO dates and date-times operators put in names', () => {
    expect(acquisitionTimeFromName('/x/2018-03-09.tif')).toBe('2018-03-09T00:00:00.000Z');
    expect(acquisitionTimeFromName('S2_20170829T103021.tif')).toBe('2017-08-29T10:30:21.000Z');
  });
  it('says unknown rather than guessing', () => {
    expect(acquisitionTimeFromName('t1.tif')).toBeNull();
    expect(acquisitionTimeFromName('tile-2018-13-45.tif')).toBeNull();
  });
});
