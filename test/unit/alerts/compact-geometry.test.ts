// Candidates hold their polygons compactly until written (a whole-tile scan keeps thousands):
// what any reader sees — coordinates, JSON, a structured clone, a spread — must be the geometry
// it was made from, double for double.
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { compactPolygonal } from '../../../src/core/alerts/compact-geometry.js';

const polygonWithHole: Polygon = {
  type: 'Polygon',
  coordinates: [
    [[69.5912345, 42.3156789], [69.6012345, 42.3156789], [69.6012345, 42.3256789], [69.5912345, 42.3156789]],
    // A clipped piece's vertices are arbitrary doubles, not 1e-7 steps; -0 must stay -0.
    [[69.59500000000001, 42.32 + 1e-12], [-0, 42.3201], [69.596, 0.1 + 0.2], [69.59500000000001, 42.32 + 1e-12]],
  ],
};
/** Traced outlines come rounded to 1e-7° (build-candidates' round7): held as integers of 1e-7°. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
const traced: Polygon = {
  type: 'Polygon',
  coordinates: [[[-179.9999999, -89.1234567], [179.9999999, 0], [round7(69.59123456789), round7(-42.31567891)], [-179.9999999, -89.1234567]]],
};
/** On the 1e-7° grid but for one -0, which must come back as -0. */
const tracedWithNegativeZero: Polygon = { type: 'Polygon', coordinates: [[[1.5, 2.25], [-0, 3], [4, 5], [1.5, 2.25]]] };
const multi: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [polygonWithHole.coordinates, [[[1, 2], [3, 4], [5, 6], [1, 2]]]],
};

describe('compactPolygonal', () => {
  for (const [name, geometry] of [['a clipped Polygon with a hole', polygonWithHole], ['a MultiPolygon', multi], ['a traced Polygon', traced], ['a traced Polygon with -0', tracedWithNegativeZero]] as const) {
    it(`reads back ${name} double for double, as JSON and through a structured clone`, () => {
      const original = structuredClone(geometry);
      const compact = compactPolygonal(geometry);
      expect(compact).not.toBe(geometry);
      const values = (g: Polygon | MultiPolygon): number[] => g.coordinates.flat(3) as number[];
      // Object.is tells -0 from 0 and compares every double exactly.
      expect(values(compact).every((v, i) => Object.is(v, values(original)[i]))).toBe(true);
      expect(values(compact)).toHaveLength(values(original).length);
      expect(compact.coordinates).toEqual(original.coordinates);
      expect(JSON.stringify(compact)).toBe(JSON.stringify(original));
      expect(structuredClone(compact)).toEqual(original);
      expect({ ...compact }).toEqual(original);
      expect(Object.keys(compact)).toEqual(['type', 'coordinates']);
    });
  }

  it('hands back fresh arrays on each read, so changing one read cannot corrupt the next', () => {
    const compact = compactPolygonal(polygonWithHole);
    compact.coordinates[0]![0]![0] = 0;
    expect(compact.coordinates).toEqual(polygonWithHole.coordinates);
  });

  it('keeps a geometry with more than 2-D positions or extra members as it is', () => {
    const withZ: Polygon = { type: 'Polygon', coordinates: [[[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2, 3]]] };
    const withBbox: Polygon = { ...polygonWithHole, bbox: [0, 0, 1, 1] };
    expect(compactPolygonal(withZ)).toBe(withZ);
    expect(compactPolygonal(withBbox)).toBe(withBbox);
  });
});
