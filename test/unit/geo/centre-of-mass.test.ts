// Rule: an alert's centre (what its fingerprint is snapped from and its authorisation judged at)
// is Turf's centerOfMass to the last bit, for traced change pieces with holes, pieces clipped into
// several polygons, and degenerate shapes — so replacing Turf's hull changed no stored identity.
import { centerOfMass } from '@turf/center-of-mass';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../../../src/core/geo/centre-of-mass.js';
import { randomPieces } from './clip-fixtures.js';

const turf = (g: Polygon | MultiPolygon): number[] => centerOfMass(g).geometry.coordinates;

describe("an alert's centre is Turf's centre of mass", () => {
  it('for traced pieces, alone (polygons with holes) and grouped (multipolygons, the hull)', () => {
    let withHoles = 0;
    let groups = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const pieces = randomPieces(seed, 24, seed % 2 ? 0.55 : 0.4);
      for (const p of pieces) {
        if (p.coordinates.length > 1) withHoles++;
        expect(centreOfMass(p)).toEqual(turf(p));
      }
      // Several pieces of one blob clipped apart, or merged into one alert: Turf's hull path.
      for (let k = 0; k + 2 < pieces.length; k += 3) {
        const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: pieces.slice(k, k + 3).map((p) => p.coordinates) };
        groups++;
        expect(centreOfMass(multi)).toEqual(turf(multi));
      }
    }
    expect(withHoles).toBeGreaterThan(10);
    expect(groups).toBeGreaterThan(100);
  });

  it('for hulls with collinear and repeated points, and shapes with no area', () => {
    const square = (x: number, y: number, s: number): Position[][] => [[[x, y], [x + s, y], [x + s, y + s / 2], [x + s, y + s], [x, y + s], [x, y]]];
    const cases: MultiPolygon[] = [
      // Collinear points along every hull edge, and the same square twice.
      { type: 'MultiPolygon', coordinates: [square(70, 45, 1e-4), square(70 + 2e-4, 45, 1e-4), square(70, 45, 1e-4)] },
      // All on one line: no hull, Turf falls back to the vertex mean.
      { type: 'MultiPolygon', coordinates: [[[[70, 45], [70.001, 45], [70.002, 45], [70, 45]]], [[[70.003, 45], [70.004, 45], [70.003, 45]]]] },
    ];
    for (const c of cases) expect(centreOfMass(c)).toEqual(turf(c));
    const flat: Polygon = { type: 'Polygon', coordinates: [[[70, 45], [70.001, 45], [70.002, 45], [70, 45]]] };
    expect(centreOfMass(flat)).toEqual(turf(flat));
  });
});

describe('a shape with no centre', () => {
  it('is refused, as Turf refuses it, rather than keyed at NaN', () => {
    const empty: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
    expect(() => turf(empty)).toThrow();
    expect(() => centreOfMass(empty)).toThrow(/numbers/);
    const huge: Polygon = { type: 'Polygon', coordinates: [[[1e308, 0], [1e308, 1e308], [0, 1e308], [1e308, 0]]] };
    expect(() => turf(huge)).toThrow();
    expect(() => centreOfMass(huge)).toThrow(/numbers/);
  });
});
