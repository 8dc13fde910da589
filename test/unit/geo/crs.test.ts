// Rule: converting between WGS 84 and a UTM zone gives proj4's numbers to the last bit (the direct
// path skips only proj4's per-point wrapping), in every zone, north and south, inside and well
// outside the zone — so change outlines, corridors and fingerprints are what they were.
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg, directTransform, transformer, WGS84 } from '../../../src/core/geo/crs.js';
import { mulberry32 } from '../../../src/core/prng.js';

describe('WGS 84 <-> UTM', () => {
  it("equals proj4's transform to the bit in both directions", () => {
    const random = mulberry32(42);
    let compared = 0;
    for (const epsg of [32601, 32617, 32642, 32643, 32660, 32701, 32733, 32760]) {
      const utm = crsFromEpsg(epsg);
      const zone = epsg % 100;
      const south = epsg > 32700;
      const toUtm = transformer(WGS84, utm);
      const toWgs = transformer(utm, WGS84);
      const refToUtm = proj4(WGS84, utm);
      const refToWgs = proj4(utm, WGS84);
      for (let k = 0; k < 300; k++) {
        // Within the zone and up to 9° beyond it (a tile's corridors can reach into the next one).
        const lon = -180 + 6 * (zone - 1) + 3 + (random() - 0.5) * 24;
        const lat = (south ? -1 : 1) * random() * 80;
        expect(toUtm(lon, lat)).toEqual(refToUtm.forward([lon, lat]));
        const x = 166_000 + random() * 668_000;
        const y = south ? 1_100_000 + random() * 8_900_000 : random() * 8_900_000;
        expect(toWgs(x, y)).toEqual(refToWgs.forward([x, y]));
        compared += 2;
      }
    }
    expect(compared).toBe(4800);
  });

  it('takes the direct path in every UTM zone, and refuses what is not a number as proj4 does', () => {
    for (let zone = 1; zone <= 60; zone++) {
      for (const epsg of [32600 + zone, 32700 + zone]) {
        const utm = crsFromEpsg(epsg);
        expect(directTransform(WGS84, utm)).not.toBeNull();
        expect(directTransform(utm, WGS84)).not.toBeNull();
      }
    }
    const utm = crsFromEpsg(32633);
    expect(() => proj4(utm, WGS84).forward([Infinity, 0])).toThrow();
    expect(() => transformer(utm, WGS84)(Infinity, 0)).toThrow(/finite/);
    expect(() => transformer(WGS84, utm)(NaN, 45)).toThrow(/finite/);
  });
});
