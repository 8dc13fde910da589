// Rule: an alert's area in square metres is right to 1e-4 wherever on Earth the polygon lies
// (squares laid out in metres in UTM at the equator, over Kazakhstan and far north), holes are
// subtracted and a multipolygon's parts added.
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg, transformer, WGS84 } from '../../../src/core/geo/crs.js';
import { areaM2 } from '../../../src/core/geo/measure.js';

/** A closed square ring of `sideM` metres at UTM (e, n), in lon/lat, densified so edges follow the metric square. */
function square(epsg: number, e: number, n: number, sideM: number): Position[] {
  const toWgs = transformer(crsFromEpsg(epsg), WGS84);
  const corners = [[0, 0], [1, 0], [1, 1], [0, 1]] as const;
  const ring: Position[] = [];
  for (let k = 0; k < 4; k++) {
    const [x0, y0] = corners[k]!;
    const [x1, y1] = corners[(k + 1) % 4]!;
    for (let i = 0; i < 16; i++) ring.push(toWgs(e + (x0 + ((x1 - x0) * i) / 16) * sideM, n + (y0 + ((y1 - y0) * i) / 16) * sideM));
  }
  ring.push(ring[0]!);
  return ring;
}

/** UTM's scale factor at (e, n) relative to the ground (0.9996 on the central meridian, more away from it). */
const utmScale = (e: number): number => 0.9996 * (1 + ((e - 500000) / 6371000) ** 2 / 2);

describe('areaM2', () => {
  it.each([
    ['equator, zone 31N', 32631, 500000, 10000],
    ['Kazakhstan, zone 42N', 32642, 420000, 4800000],
    ['68° north, zone 33N', 32633, 560000, 7550000],
  ])('measures a 1 km UTM square at %s as 1 km² on the ground', (_name, epsg, e, n) => {
    const ground = 1e6 / utmScale(e + 500) ** 2;
    expect(Math.abs(areaM2({ type: 'Polygon', coordinates: [square(epsg, e, n, 1000)] }) - ground) / ground).toBeLessThan(1e-4);
  });

  it('subtracts holes and adds multipolygon parts', () => {
    const outer = square(32642, 420000, 4800000, 1000);
    const hole = square(32642, 420400, 4800400, 200).reverse();
    const other = square(32642, 430000, 4800000, 500);
    const k = utmScale(420500) ** 2;
    const withHole = areaM2({ type: 'Polygon', coordinates: [outer, hole] });
    expect(Math.abs(withHole * k - 960000) / 960000).toBeLessThan(1e-4);
    const both = areaM2({ type: 'MultiPolygon', coordinates: [[outer, hole], [other]] });
    // One frame for all parts (centred on their box): the parts' own frames agree to 1e-5 here.
    expect(Math.abs(both - withHole - areaM2({ type: 'Polygon', coordinates: [other] })) / both).toBeLessThan(1e-5);
    expect(Math.abs(both * k - 960000 - 250000 * (k / utmScale(430250) ** 2)) / 1.21e6).toBeLessThan(1e-4);
  });
});
