import { describe, expect, it } from 'vitest';
import { borderFacts } from '../../../src/core/geo/border-facts.js';
import { buildSegments } from '../../../src/core/geo/build-segments.js';
import { segmentsFromGeoJSON, segmentsToGeoJSON } from '../../../src/core/geo/segments-geojson.js';
import { lineFeature, rect, square } from './helpers.js';

const segments = buildSegments(lineFeature('E', [[0, 0], [2500, 0]], { a_name: 'Northland', b_name: 'Southland' }), {
  lengthM: 1000,
  corridorHalfWidthM: 500,
  country: rect(-5000, 0, 5000, 5000),
});

const codeOf = (f: () => unknown): { code?: string; message?: string } => {
  try {
    f();
  } catch (err) {
    return err as { code: string; message: string };
  }
  return {};
};

describe('segment file', () => {
  it('writes one feature per segment per role: corridor, line, left and right side', () => {
    const fc = segmentsToGeoJSON(segments);
    expect(fc.features).toHaveLength(4 * segments.length);
    const first = fc.features.filter((f) => f.properties.segment_id === 'E/p000/s0000');
    expect(first.map((f) => [f.properties.role, f.properties.side ?? null, f.geometry.type])).toEqual([
      ['corridor', null, 'Polygon'],
      ['line', null, 'LineString'],
      ['side', 'left', 'Polygon'],
      ['side', 'right', 'Polygon'],
    ]);
    expect(first[2]!.properties).toMatchObject({ border_id: 'E', side_name: 'Northland', corridor_half_width_m: 500, length_m: 1000 });
  });

  it('reads back what it wrote: same ids, geometry, side names and lengths', () => {
    const back = segmentsFromGeoJSON(JSON.parse(JSON.stringify(segmentsToGeoJSON(segments))));
    expect(back.map((s) => s.id)).toEqual(segments.map((s) => s.id));
    back.forEach((s, i) => {
      expect(s.corridor).toEqual(segments[i]!.corridor);
      expect(s.sides).toEqual(segments[i]!.sides);
      expect(s.line).toEqual(segments[i]!.line);
      expect(s.sideNames).toEqual({ left: 'Northland', right: 'Southland' });
      expect(s.lengthM).toBeCloseTo(segments[i]!.lengthM!, 2);
    });
  });

  it('keeps per-segment watch parameters', () => {
    const withParams = [{ ...segments[0]!, params: { minAreaM2: 400, threshold: 0.2 } }];
    const fc = segmentsToGeoJSON(withParams);
    expect(fc.features[0]!.properties).toMatchObject({ min_area_m2: 400, threshold: 0.2 });
    expect(segmentsFromGeoJSON(fc)[0]!.params).toEqual({ minAreaM2: 400, threshold: 0.2 });
  });

  it('accepts plain polygons as watch areas, with ids from segment_id, id or name, else their index', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { segment_id: 'crossing-1', min_area_m2: 100 }, geometry: square(0, 0, 500) },
        { type: 'Feature', id: 'zone-7', properties: {}, geometry: square(2000, 0, 500) },
        { type: 'Feature', properties: { name: 'Khorgos' }, geometry: { type: 'MultiPolygon', coordinates: [square(4000, 0, 500).coordinates] } },
        { type: 'Feature', properties: null, geometry: square(6000, 0, 500) },
      ],
    };
    const areas = segmentsFromGeoJSON(fc);
    expect(areas.map((a) => a.id)).toEqual(['crossing-1', 'zone-7', 'Khorgos', 'area-3']);
    expect(areas[0]!.params).toEqual({ minAreaM2: 100 });
    expect(areas.every((a) => a.line === undefined && a.sides === undefined)).toBe(true);
    expect(borderFacts(square(0, 0, 10), areas[0]!).side).toBeNull();
  });

  it('rejects bad files with SEGMENTS_INVALID naming the feature and the fault', () => {
    const good = segmentsToGeoJSON(segments.slice(0, 1)).features;
    const cases: [unknown, RegExp][] = [
      [{ type: 'Feature' }, /FeatureCollection/],
      [{ type: 'FeatureCollection', features: [] }, /no features/],
      [{ type: 'FeatureCollection', features: [good[0], { ...good[1]!, geometry: good[0]!.geometry }] }, /feature 1: role 'line' needs a LineString, got Polygon/],
      [{ type: 'FeatureCollection', features: [{ ...good[0]!, properties: { ...good[0]!.properties, role: 'buffer' } }] }, /feature 0: unknown role "buffer"/],
      [{ type: 'FeatureCollection', features: [good[1]] }, /feature 0: segment 'E\/p000\/s0000' has no corridor feature/],
      [{ type: 'FeatureCollection', features: [good[0], good[2]] }, /has only one side polygon/],
      [{ type: 'FeatureCollection', features: [good[0], { ...good[2]!, properties: { ...good[2]!.properties, side: 'up' } }] }, /feature 1: role 'side' needs side 'left' or 'right'/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } }] }, /feature 0: a polygon ring needs at least 4 positions/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[500000, 0], [1, 0], [1, 1], [500000, 0]]] } }] }, /feature 0: bad position/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] }, /feature 0: expected a Polygon or MultiPolygon, got Point/],
    ];
    for (const [json, message] of cases) {
      const err = codeOf(() => segmentsFromGeoJSON(json));
      expect(err.code, String(message)).toBe('SEGMENTS_INVALID');
      expect(err.message).toMatch(message);
    }
  });
});
