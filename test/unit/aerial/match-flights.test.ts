import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { haversineM, matchFlights, parseTrackReportsCsv } from '../../../src/core/aerial/match.js';
import { isInputError } from '../../../src/core/errors.js';

const T0 = Date.parse('2024-05-01T06:30:00Z') / 1000;
const OPTS = { maxDistanceM: 1000, maxTimeS: 30 };

describe('matchFlights', () => {
  it('matches a detection to the cooperative track interpolated at the detection time', () => {
    // Reports 20 s apart, 0.04° of longitude apart; at mid-time the aircraft was at 71.02.
    const reports = [
      { timeS: T0 - 10, lon: 71.0, lat: 51.0, id: 'KZR123' },
      { timeS: T0 + 10, lon: 71.04, lat: 51.0, id: 'KZR123' },
    ];
    const [m] = matchFlights([{ lon: 71.021, lat: 51.0, timeS: T0 }], null, reports, OPTS);
    expect(m).toMatchObject({ matchedId: 'KZR123', via: 'report' });
    expect(m!.via === 'report' && m!.distanceM).toBeLessThan(100);
  });

  it('leaves a detection dark when the only report is too far away or too long ago', () => {
    const far = [{ timeS: T0, lon: 71.2, lat: 51.0, id: 'FAR' }];
    const old = [{ timeS: T0 - 600, lon: 71.0, lat: 51.0, id: 'OLD' }];
    expect(matchFlights([{ lon: 71.0, lat: 51.0, timeS: T0 }], null, far, OPTS)[0]!.matchedId).toBeNull();
    expect(matchFlights([{ lon: 71.0, lat: 51.0, timeS: T0 }], null, old, OPTS)[0]!.matchedId).toBeNull();
  });

  it('authorises a detection inside an air corridor only during its validity window', () => {
    const plans: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'CORRIDOR-7', validFrom: '2024-05-01T06:00:00Z', validTo: '2024-05-01T07:00:00Z', widthM: 4000 },
          geometry: { type: 'LineString', coordinates: [[70.0, 51.0], [72.0, 51.0]] },
        },
      ],
    };
    // 0.02° north of the centreline ≈ 2.2 km: inside a 4 km corridor + 1 km tolerance.
    expect(matchFlights([{ lon: 71.0, lat: 51.02, timeS: T0 }], plans, [], OPTS)[0]).toMatchObject({ matchedId: 'CORRIDOR-7', via: 'plan' });
    expect(matchFlights([{ lon: 71.0, lat: 51.02, timeS: T0 + 7200 }], plans, [], OPTS)[0]!.matchedId).toBeNull();
    expect(matchFlights([{ lon: 71.0, lat: 51.1, timeS: T0 }], plans, [], OPTS)[0]!.matchedId).toBeNull();
  });

  it('prefers a named report over a corridor permission', () => {
    const plans: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'ZONE', validFrom: '2024-01-01T00:00:00Z', validTo: '2025-01-01T00:00:00Z' }, geometry: { type: 'Polygon', coordinates: [[[70, 50], [72, 50], [72, 52], [70, 52], [70, 50]]] } }],
    };
    const reports = [{ timeS: T0, lon: 71.0, lat: 51.0, id: 'UAV-9' }];
    expect(matchFlights([{ lon: 71.0, lat: 51.0, timeS: T0 }], plans, reports, OPTS)[0]!.matchedId).toBe('UAV-9');
  });

  it('rejects a flight plan without a validity window', () => {
    const plans: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'X' }, geometry: { type: 'Point', coordinates: [71, 51] } }] };
    expect(() => matchFlights([{ lon: 71, lat: 51, timeS: T0 }], plans, [], OPTS)).toThrow(/validFrom/);
  });
});

describe('parseTrackReportsCsv', () => {
  it('reads time (ISO or epoch seconds), lon, lat and id in any column order', () => {
    const rows = parseTrackReportsCsv('id,lat,lon,time,alt\nKZR1,51.0,71.0,2024-05-01T06:30:00Z,10000\nKZR1,51.1,71.1,1714545010,10000\n');
    expect(rows).toEqual([
      { timeS: T0, lon: 71.0, lat: 51.0, id: 'KZR1' },
      { timeS: 1714545010, lon: 71.1, lat: 51.1, id: 'KZR1' },
    ]);
  });

  it('rejects a bad row with its line number instead of dropping it', () => {
    try {
      parseTrackReportsCsv('time,lon,lat,id\n2024-05-01T06:30:00Z,71,51,A\nnot-a-time,71,51,B\n');
      expect.unreachable();
    } catch (err) {
      expect(isInputError(err) && err.code).toBe('AUTHORISED_INVALID');
      expect((err as Error).message).toMatch(/line 3/);
    }
  });
});

describe('haversineM', () => {
  it('gives one degree of latitude as about 111.2 km', () => {
    expect(haversineM(71, 51, 71, 52)).toBeGreaterThan(111_000);
    expect(haversineM(71, 51, 71, 52)).toBeLessThan(111_400);
  });
});
