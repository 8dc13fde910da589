// Rule: a tile is placed on Earth exactly as GDAL places it, or refused with a GEO_* code.
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../../src/core/errors.js';
import { gridFromGeoTags } from '../../../src/io/tiff/georef.js';
import type { GeoTags } from '../../../src/io/tiff/preflight.js';

const utmKeys = new Map<number, number>([[1024, 1], [1025, 1], [3072, 32642]]);
const base: GeoTags = { pixelScale: [10, 10, 0], tiepoints: [0, 0, 0, 500000, 4600000, 0], transformation: null, geoKeys: utmKeys };

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (!isInputError(err)) throw err;
    return err.code;
  }
}

describe('gridFromGeoTags', () => {
  it('builds a north-up transform from pixel scale and a tie point not at pixel (0,0)', () => {
    const grid = gridFromGeoTags({ ...base, tiepoints: [10, 20, 0, 500100, 4599800, 0] }, 5, 5);
    expect(grid.transform).toEqual([500000, 10, 0, 4600000, 0, -10]);
    expect(grid.crs).toBe('EPSG:32642');
  });

  it('shifts PixelIsPoint rasters by half a pixel, as GDAL does', () => {
    const keys = new Map(utmKeys).set(1025, 2);
    expect(gridFromGeoTags({ ...base, geoKeys: keys }, 5, 5).transform).toEqual([499995, 10, 0, 4600005, 0, -10]);
  });

  it('reads ModelTransformation and refuses a rotated one with GEO_ROTATED_GRID', () => {
    const m = [10, 0, 0, 500000, 0, -10, 0, 4600000, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(gridFromGeoTags({ ...base, pixelScale: null, tiepoints: null, transformation: m }, 5, 5).transform).toEqual([500000, 10, 0, 4600000, 0, -10]);
    const rotated = [...m];
    rotated[1] = 2;
    expect(codeOf(() => gridFromGeoTags({ ...base, transformation: rotated }, 5, 5))).toBe('GEO_ROTATED_GRID');
  });

  it('refuses a file without affine georeferencing or without a CRS with GEO_NO_GEOREFERENCING', () => {
    expect(codeOf(() => gridFromGeoTags({ ...base, pixelScale: null, tiepoints: null }, 5, 5))).toBe('GEO_NO_GEOREFERENCING');
    const gcps = [0, 0, 0, 1, 2, 0, 5, 5, 0, 3, 4, 0];
    expect(codeOf(() => gridFromGeoTags({ ...base, pixelScale: null, tiepoints: gcps }, 5, 5))).toBe('GEO_NO_GEOREFERENCING');
    expect(codeOf(() => gridFromGeoTags({ ...base, geoKeys: new Map() }, 5, 5))).toBe('GEO_NO_GEOREFERENCING');
  });

  it('refuses CRSs other than WGS 84 and UTM with GEO_UNSUPPORTED_CRS', () => {
    const mercator = new Map([[1024, 1], [3072, 3857]]);
    const userDefined = new Map([[1024, 1], [3072, 32767]]);
    const nad27 = new Map([[1024, 2], [2048, 4267]]);
    for (const geoKeys of [mercator, userDefined, nad27]) expect(codeOf(() => gridFromGeoTags({ ...base, geoKeys }, 5, 5))).toBe('GEO_UNSUPPORTED_CRS');
    expect(gridFromGeoTags({ ...base, geoKeys: new Map([[1024, 2], [2048, 4326]]) }, 5, 5).crs).toBe('EPSG:4326');
  });
});
