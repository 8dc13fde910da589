// Hand-made geometry for the geo specs: shapes laid out in metres around a point in Kazakhstan's
// latitudes, converted to WGS 84 lon/lat.
import type { FeatureCollection, LineString, Polygon, Position } from 'geojson';
import { localFrame } from '../../../src/core/geo/local-frame.js';

export const ORIGIN = { lon: 70, lat: 45 } as const;
const frame = localFrame(ORIGIN.lon, ORIGIN.lat);

/** Lon/lat of a point `x` metres east and `y` metres north of ORIGIN. */
export const at = (x: number, y: number): Position => frame.toLonLat(x, y);

export function lineFeature(id: string, metres: [number, number][], props: Record<string, unknown> = {}): FeatureCollection<LineString> {
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { segment: id, ...props }, geometry: { type: 'LineString', coordinates: metres.map(([x, y]) => at(x, y)) } }],
  };
}

/** Axis-aligned rectangle in metres. */
export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: 'Polygon', coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] };
}

/** Square of side `sizeM` centred at (x, y) metres. */
export const square = (x: number, y: number, sizeM: number): Polygon => rect(x - sizeM / 2, y - sizeM / 2, x + sizeM / 2, y + sizeM / 2);
