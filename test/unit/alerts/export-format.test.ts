import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { alertToCsvRow, alertToFeature, CSV_COLUMNS, csvField, planarCentroid, toWkt } from '../../../src/core/alerts/export-format.js';
import type { AlertRecord } from '../../../src/core/alerts/record.js';
import type { Fingerprint, SegmentId, TileId } from '../../../src/core/types.js';

// Clockwise exterior ring (wrong for RFC 7946) around a 0.002° × 0.001° box.
const CLOCKWISE: Polygon = { type: 'Polygon', coordinates: [[[68.9, 54.9], [68.9, 54.901], [68.902, 54.901], [68.902, 54.9], [68.9, 54.9]]] };

function record(o: Partial<AlertRecord> = {}): AlertRecord {
  return {
    fingerprint: 'fp-1' as Fingerprint, state: 'dismissed', kind: 'ground', segmentId: 'KAZ-RUS-017' as SegmentId,
    side: 'right', sideName: 'Russia, "Kurgan" oblast', distanceToLineM: 120.5, crossesLine: false, areaM2: 1800,
    changeMagnitude: 0.3, score: 0.7, severity: 0.7, confidence: 'confirmed', authorised: false, authorisation: null, suppression: null,
    geometry: CLOCKWISE, bbox: [68.9, 54.9, 68.902, 54.901], firstSeen: '2021-06-01T06:10:00.000Z',
    lastSeen: '2021-07-01T06:10:00.000Z', observationCount: 2, detector: { name: 'cva', version: '1', params: {} },
    aerial: null, baseline: { tileId: 'b' as TileId, sha256: 'x', acquiredAt: null }, current: { tileId: 'c' as TileId, sha256: 'y', acquiredAt: null },
    assignee: null, dismissReason: 'other', chipBeforePath: null, chipAfterPath: null,
    createdAt: '2021-08-01T00:00:00.000Z', updatedAt: '2021-08-01T00:00:00.000Z', stateChangedAt: '2021-08-01T00:00:00.000Z',
    ...o,
  };
}

/** A small RFC 4180 reader, to check the writer from the outside. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; }
    else field += ch;
  }
  out.push(field);
  return out;
}

describe('alert export formats', () => {
  it('GeoJSON features follow RFC 7946: id, bbox, counterclockwise exterior ring, lifecycle properties', () => {
    const f = alertToFeature(record());
    expect(f.id).toBe('fp-1');
    expect(f.bbox).toEqual([68.9, 54.9, 68.902, 54.901]);
    const ring = (f.geometry as Polygon).coordinates[0]!;
    let area2 = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area2 += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
    expect(area2).toBeGreaterThan(0);
    expect(f.properties).toMatchObject({ state: 'dismissed', first_seen: '2021-06-01T06:10:00.000Z', last_seen: '2021-07-01T06:10:00.000Z', observation_count: 2 });
  });

  it('CSV rows quote commas and quotes, keep one field per column, and round-trip through a CSV reader', () => {
    const row = parseCsvLine(alertToCsvRow(record()));
    expect(row).toHaveLength(CSV_COLUMNS.length);
    const byName = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byName.side_name).toBe('Russia, "Kurgan" oblast');
    expect(byName.wkt).toBe('POLYGON ((68.9 54.9, 68.9 54.901, 68.902 54.901, 68.902 54.9, 68.9 54.9))');
    expect(Number(byName.centroid_lon)).toBeCloseTo(68.901, 9);
    expect(Number(byName.centroid_lat)).toBeCloseTo(54.9005, 9);
    expect(byName.assignee).toBe('');
  });

  it('quotes line breaks so a note can never split a row', () => {
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('plain')).toBe('plain');
  });

  it('centroid of an L-shape is area-weighted, not the vertex mean', () => {
    // Two unit squares [0,2]×[0,1] and [0,1]×[1,2]: centroid (5/6, 5/6); vertex mean differs.
    const L: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] };
    const [x, y] = planarCentroid(L);
    expect(x).toBeCloseTo(5 / 6, 12);
    expect(y).toBeCloseTo(5 / 6, 12);
  });

  it('writes multipolygons as MULTIPOLYGON WKT', () => {
    const wkt = toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]] });
    expect(wkt).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))');
  });
});
