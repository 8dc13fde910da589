// GeoTIFF georeferencing → our Grid: affine transform from ModelTransformation or
// ModelPixelScale + ModelTiepoint (with the PixelIsPoint half-pixel shift GDAL applies), and the
// CRS from the EPSG code in the GeoKeys. Anything we cannot place exactly is refused, not guessed.
import { InputError } from '../../core/errors.js';
import { crsFromEpsg } from '../../core/geo/crs.js';
import type { GeoTransform, Grid } from '../../core/types.js';
import type { GeoTags } from './preflight.js';
import { GeoKey, MODEL_GEOGRAPHIC, MODEL_PROJECTED, RASTER_PIXEL_IS_POINT, USER_DEFINED } from './tags.js';

function noGeoref(message: string): never {
  throw new InputError('GEO_NO_GEOREFERENCING', message);
}

function transformOf(geo: GeoTags): GeoTransform {
  const m = geo.transformation;
  if (m && m.length >= 12) {
    if (m[1] !== 0 || m[4] !== 0) {
      throw new InputError('GEO_ROTATED_GRID', 'the grid is rotated or sheared (ModelTransformation has off-diagonal terms); only north-up grids are supported', {
        transformation: m.slice(0, 8),
      });
    }
    return [m[3], m[0], 0, m[7], 0, m[5]] as unknown as GeoTransform;
  }
  const scale = geo.pixelScale;
  const tie = geo.tiepoints;
  if (!tie || tie.length < 6) noGeoref('no ModelTransformation or ModelTiepoint: the file has no georeferencing');
  if (!scale || scale.length < 2) noGeoref('ModelTiepoint without ModelPixelScale (ground control points only): no affine georeferencing');
  if (tie.length > 6) noGeoref(`${tie.length / 6} tie points (ground control points): no affine georeferencing`);
  const [i, j, , x, y] = tie as [number, number, number, number, number];
  const [sx, sy] = scale as [number, number];
  if (!(sx > 0) || sy === 0 || !Number.isFinite(sy) || !Number.isFinite(x) || !Number.isFinite(y)) {
    noGeoref(`degenerate pixel size ${sx} × ${sy}`);
  }
  // ModelPixelScale's y is positive for north-up rasters: rows go down in y.
  return [x - i * sx, sx, 0, y + j * sy, 0, -sy];
}

function epsgOfKeys(keys: GeoTags['geoKeys']): number {
  const model = keys.get(GeoKey.GTModelType);
  const projected = keys.get(GeoKey.ProjectedCSType);
  const geographic = keys.get(GeoKey.GeographicType);
  if (typeof projected === 'number' && model !== MODEL_GEOGRAPHIC) {
    if (projected === USER_DEFINED) throw new InputError('GEO_UNSUPPORTED_CRS', 'user-defined projected CRS (no EPSG code)');
    return projected;
  }
  if (model === MODEL_PROJECTED) throw new InputError('GEO_UNSUPPORTED_CRS', 'projected CRS without a ProjectedCSType EPSG code');
  if (typeof geographic === 'number') {
    if (geographic === USER_DEFINED) throw new InputError('GEO_UNSUPPORTED_CRS', 'user-defined geographic CRS (no EPSG code)');
    return geographic;
  }
  if (keys.size === 0) noGeoref('no GeoKeyDirectory: the CRS is unknown');
  throw new InputError('GEO_UNSUPPORTED_CRS', `GeoKeys name no EPSG CRS (model type ${String(model)})`);
}

/** The Grid of an image of `width × height` pixels with these GeoTIFF tags. */
export function gridFromGeoTags(geo: GeoTags, width: number, height: number): Grid {
  let t = transformOf(geo);
  const crs = crsFromEpsg(epsgOfKeys(geo.geoKeys));
  if (geo.geoKeys.get(GeoKey.GTRasterType) === RASTER_PIXEL_IS_POINT) {
    // Tie points name pixel centres: move the origin to the corner of pixel (0,0), as GDAL does.
    t = [t[0] - 0.5 * t[1], t[1], 0, t[3] - 0.5 * t[5], 0, t[5]];
  }
  return { width, height, transform: t, crs };
}
