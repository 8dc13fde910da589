// Burn alert polygons (WGS 84 GeoJSON) back into a raster grid, to score them against a mask.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { transformer, WGS84 } from '../../src/core/geo/crs.js';
import { crsToPixel, invertTransform } from '../../src/core/raster/affine.js';
import { rasterisePolygons, type PixelPolygonRings } from '../../src/core/raster/rasterise.js';
import type { Grid } from '../../src/core/types.js';

export function burnFeatures(features: readonly Feature<Polygon | MultiPolygon>[], grid: Grid): Uint8Array {
  const toRaster = transformer(WGS84, grid.crs);
  const inv = invertTransform(grid.transform);
  const polygons: PixelPolygonRings[] = [];
  for (const f of features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of polys) {
      polygons.push(p.map((ring) => ring.map(([lon, lat]) => {
        const [x, y] = toRaster(lon!, lat!);
        return crsToPixel(inv, x, y);
      })));
    }
  }
  return rasterisePolygons(polygons, { col0: 0, row0: 0, width: grid.width, height: grid.height });
}

export interface PixelScores { precision: number; recall: number; predicted: number; truth: number; prevalence: number }

/** Precision/recall of `predicted` against `truth`, counted only where `where` is 1. */
export function scorePixels(predicted: Uint8Array, truth: ArrayLike<number>, where: Uint8Array): PixelScores {
  let tp = 0, fp = 0, fn = 0, n = 0, pos = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (where[i] !== 1) continue;
    n++;
    const t = truth[i]! > 0;
    if (t) pos++;
    if (predicted[i] === 1 && t) tp++;
    else if (predicted[i] === 1) fp++;
    else if (t) fn++;
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), predicted: tp + fp, truth: pos, prevalence: pos / Math.max(1, n) };
}
