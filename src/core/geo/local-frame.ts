// A local metric frame around a point: WGS 84 lon/lat <-> metres east/north, using the
// ellipsoid's radii of curvature at the centre. It is an affine map of lon/lat, so straight
// GeoJSON edges stay straight and a polygon is valid in metres exactly when it is valid in degrees;
// over a few kilometres its scale error is below 1e-4, far under Natural Earth's positional error.
import type { Position } from 'geojson';

const A_M = 6378137; // WGS 84 semi-major axis
const E2 = 0.00669437999014; // WGS 84 first eccentricity squared
const DEG = Math.PI / 180;

/** Metres per degree of longitude and of latitude at a latitude (degrees). */
export function metresPerDegree(latDeg: number): { readonly x: number; readonly y: number } {
  const s = Math.sin(latDeg * DEG);
  const w = 1 - E2 * s * s;
  const primeVerticalM = A_M / Math.sqrt(w);
  const meridionalM = (A_M * (1 - E2)) / (w * Math.sqrt(w));
  return { x: primeVerticalM * Math.cos(latDeg * DEG) * DEG, y: meridionalM * DEG };
}

export interface LocalFrame {
  readonly lon0: number;
  readonly lat0: number;
  /** Metres east/north of the centre. */
  toLocal(lon: number, lat: number): [number, number];
  toLonLat(x: number, y: number): [number, number];
}

export function localFrame(lon0: number, lat0: number): LocalFrame {
  const k = metresPerDegree(lat0);
  return {
    lon0,
    lat0,
    toLocal: (lon, lat) => [(lon - lon0) * k.x, (lat - lat0) * k.y],
    toLonLat: (x, y) => [lon0 + x / k.x, lat0 + y / k.y],
  };
}

/** A frame centred on the middle of the bounding box of some positions. */
export function frameAround(positions: Iterable<Position>): LocalFrame {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of positions) {
    const x = p[0]!, y = p[1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return localFrame((minX + maxX) / 2, (minY + maxY) / 2);
}

/**
 * Length in metres of the short edge between two positions, measured in a frame at its middle
 * latitude. Border edges are at most tens of kilometres, where this agrees with the ellipsoidal
 * geodesic to better than 1e-4.
 */
export function edgeLengthM(a: Position, b: Position): number {
  const k = metresPerDegree((a[1]! + b[1]!) / 2);
  return Math.hypot((b[0]! - a[0]!) * k.x, (b[1]! - a[1]!) * k.y);
}
