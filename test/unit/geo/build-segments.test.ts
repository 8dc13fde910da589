import { area, booleanPointInPolygon, distance, kinks, lineString, point } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { buildSegments } from '../../../src/core/geo/build-segments.js';
import { InputError } from '../../../src/core/errors.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { at, lineFeature, rect } from './helpers.js';

const kinkCount = (s: BorderSegment): number =>
  kinks(s.corridor).features.length + kinks(s.sides!.left).features.length + kinks(s.sides!.right).features.length;

describe('local metric frame', () => {
  it('puts points at the asked distance, as an independent geodesic measure agrees (0.5 %)', () => {
    for (const [x, y] of [[100, 0], [0, 2000], [1500, -1500], [-700, 300]] as const) {
      const d = distance(point(at(0, 0)), point(at(x, y)), { units: 'meters' });
      expect(Math.abs(d - Math.hypot(x, y)) / Math.hypot(x, y)).toBeLessThan(0.005);
    }
  });
});

describe('buildSegments on a straight line', () => {
  const border = lineFeature('STRAIGHT', [[0, 0], [3500, 0]], { a_name: 'Northland', b_name: 'Southland' });
  const segments = buildSegments(border, { lengthM: 1000, corridorHalfWidthM: 500 });

  it('cuts it into pieces of the asked length, the last taking the remainder', () => {
    expect(segments.map((s) => Math.round(s.lengthM!))).toEqual([1000, 1000, 1000, 500]);
  });

  it('gives each piece a corridor of about 2·W·L square metres', () => {
    for (const s of segments) expect(area(s.corridor) / (2 * 500 * s.lengthM!)).toBeCloseTo(1, 2);
  });

  it('puts the left side to the left of the direction of travel (north, for a line going east)', () => {
    const north = at(500, 200), south = at(500, -200);
    expect(booleanPointInPolygon(north, segments[0]!.sides!.left)).toBe(true);
    expect(booleanPointInPolygon(north, segments[0]!.sides!.right)).toBe(false);
    expect(booleanPointInPolygon(south, segments[0]!.sides!.right)).toBe(true);
  });

  it('splits each corridor into two sides of equal area that add up to it', () => {
    for (const s of segments) {
      expect(area(s.sides!.left) / area(s.sides!.right)).toBeCloseTo(1, 3);
      expect((area(s.sides!.left) + area(s.sides!.right)) / area(s.corridor)).toBeCloseTo(1, 6);
    }
  });

  it('names segments from the border id, part and piece, identically on a rebuild', () => {
    expect(segments.map((s) => s.id)).toEqual(['STRAIGHT/p000/s0000', 'STRAIGHT/p000/s0001', 'STRAIGHT/p000/s0002', 'STRAIGHT/p000/s0003']);
    expect(buildSegments(border, { lengthM: 1000, corridorHalfWidthM: 500 }).map((s) => s.id)).toEqual(segments.map((s) => s.id));
  });

  it('lets neighbouring corridors share their cap exactly, leaving no gap', () => {
    const endOfFirst = segments[0]!.corridor.type === 'Polygon' ? segments[0]!.corridor.coordinates[0]! : [];
    const startOfSecond = segments[1]!.corridor.type === 'Polygon' ? segments[1]!.corridor.coordinates[0]! : [];
    const shared = endOfFirst.filter((p) => startOfSecond.some((q) => q[0] === p[0] && q[1] === p[1]));
    expect(shared.length).toBeGreaterThanOrEqual(2);
  });

  it('names the side inside the country after it and the other after the neighbour', () => {
    const country = rect(-5000, 0, 10000, 5000); // Northland lies north of the line
    const named = buildSegments(border, { lengthM: 1000, corridorHalfWidthM: 500, country });
    expect(named[0]!.sideNames).toEqual({ left: 'Northland', right: 'Southland' });
    const southern = buildSegments(border, { lengthM: 1000, corridorHalfWidthM: 500, country: rect(-5000, -5000, 10000, 0), countryName: 'Ownland' });
    expect(southern[2]!.sideNames).toEqual({ left: 'Southland', right: 'Ownland' });
  });
});

describe('buildSegments on an L-shaped line', () => {
  // 1500 m east, then a left turn and 1500 m north.
  const border = lineFeature('L', [[0, 0], [1500, 0], [1500, 1500]]);
  const W = 300;
  const segments = buildSegments(border, { lengthM: 1000, corridorHalfWidthM: W });

  it('measures length along the bend', () => {
    expect(segments.map((s) => Math.round(s.lengthM!))).toEqual([1000, 1000, 1000]);
    expect(segments[1]!.line!.coordinates).toHaveLength(3);
  });

  it('gives the corner piece the area of a buffered bend: 2WL plus the outer quarter disc minus the inner overlap', () => {
    const expected = 2 * W * 1000 + (Math.PI / 4) * W * W - W * W;
    expect(area(segments[1]!.corridor) / expected).toBeCloseTo(1, 2);
  });

  it('keeps the inside of the bend on the left and the outside on the right', () => {
    expect(booleanPointInPolygon(at(1400, 100), segments[1]!.sides!.left)).toBe(true);
    expect(booleanPointInPolygon(at(1700, -200), segments[1]!.sides!.right)).toBe(true);
  });

  it('builds valid polygons with no self-intersection', () => {
    for (const s of segments) expect(kinkCount(s)).toBe(0);
  });
});

describe('buildSegments at bends sharper than the corridor is wide', () => {
  // A hairpin: 600 m east, then back west-north-west, with a corridor wider than the legs are apart.
  const border = lineFeature('HAIRPIN', [[0, 0], [600, 0], [0, 250], [-600, 260]]);
  const segments = buildSegments(border, { lengthM: 1000, corridorHalfWidthM: 1500 });

  it('still builds valid polygons', () => {
    for (const s of segments) expect(kinkCount(s)).toBe(0);
  });

  it('misses nothing within the corridor width of the line', () => {
    const line = lineString(border.features[0]!.geometry.coordinates);
    for (const [x, y] of [[300, 1200], [300, -1300], [1900, 100], [300, 120], [-500, 1500]] as const) {
      const p = at(x, y);
      const near = distanceToLineM(p, line);
      if (near > 1400) continue;
      expect(segments.some((s) => booleanPointInPolygon(p, s.corridor)), `point ${x},${y} (${Math.round(near)} m from the line)`).toBe(true);
    }
  });
});

/** Brute-force distance from p to the line, sampling each edge densely with Turf's geodesic distance. */
function distanceToLineM(p: number[], line: ReturnType<typeof lineString>): number {
  const coords = line.geometry.coordinates;
  let best = Infinity;
  for (let i = 0; i + 1 < coords.length; i++) {
    for (let k = 0; k <= 200; k++) {
      const t = k / 200;
      const q = [coords[i]![0]! + t * (coords[i + 1]![0]! - coords[i]![0]!), coords[i]![1]! + t * (coords[i + 1]![1]! - coords[i]![1]!)];
      best = Math.min(best, distance(point(p), point(q), { units: 'meters' }));
    }
  }
  return best;
}

describe('buildSegments input checks', () => {
  it('rejects a border that is not line GeoJSON with BORDER_INVALID naming the feature', () => {
    const bad = { type: 'FeatureCollection', features: [lineFeature('A', [[0, 0], [10, 0]]).features[0], { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [70, 45] } }] };
    expect(() => buildSegments(bad as never, { lengthM: 1000, corridorHalfWidthM: 500 })).toThrow(/feature 1: geometry must be LineString or MultiLineString/);
    expect(() => buildSegments({ type: 'FeatureCollection', features: [] }, { lengthM: 1000, corridorHalfWidthM: 500 })).toThrow(expect.objectContaining({ code: 'BORDER_INVALID' }));
  });

  it('rejects coordinates that are not lon/lat degrees', () => {
    const bad = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[500000, 4000000], [500100, 4000000]] } }] };
    expect(() => buildSegments(bad as never, { lengthM: 1000, corridorHalfWidthM: 500 })).toThrow(/feature 0.*position 0: expected \[lon, lat\]/);
  });

  it('rejects a non-positive length or width, and a length that would make too many segments', () => {
    const border = lineFeature('A', [[0, 0], [3500, 0]]);
    expect(() => buildSegments(border, { lengthM: 0, corridorHalfWidthM: 500 })).toThrow(InputError);
    expect(() => buildSegments(border, { lengthM: 1000, corridorHalfWidthM: -1 })).toThrow(/half-width/);
    expect(() => buildSegments(border, { lengthM: 1, corridorHalfWidthM: 500, maxSegments: 100 })).toThrow(/into 350\d segments \(limit 100\)/);
  });

  it('rejects two border features with the same id, whose segment ids would collide', () => {
    const a = lineFeature('SAME', [[0, 0], [100, 0]]).features[0]!;
    expect(() => buildSegments({ type: 'FeatureCollection', features: [a, a] }, { lengthM: 1000, corridorHalfWidthM: 500 })).toThrow(/used twice/);
  });
});

describe('buildSegments tails and declared sides', () => {
  it('folds a tail shorter than a quarter of the length into the previous piece', () => {
    const segs = buildSegments(lineFeature('TAIL', [[0, 0], [3100, 0]]), { lengthM: 1000, corridorHalfWidthM: 500 });
    expect(segs.map((s) => Math.round(s.lengthM!))).toEqual([1000, 1000, 1100]);
  });

  it('names the sides from the line\'s own left_name/right_name when no country polygon is given', () => {
    const segs = buildSegments(lineFeature('NAMED', [[0, 0], [2000, 0]], { left_name: 'Kazakhstan', right_name: 'Russia' }), { lengthM: 1000, corridorHalfWidthM: 500 });
    expect(segs[0]!.sideNames).toEqual({ left: 'Kazakhstan', right: 'Russia' });
  });
});
