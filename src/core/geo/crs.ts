// CRS helpers over proj4: which EPSG codes we understand, and WGS 84 <-> raster CRS transforms.
// We support what all our imagery uses (WGS 84 and the UTM zones); anything else is rejected with
// GEO_UNSUPPORTED_CRS rather than guessed.
import proj4 from 'proj4';
import { InputError } from '../errors.js';
import type { CrsCode } from '../types.js';

export const WGS84 = 'EPSG:4326' as CrsCode;

/** proj4 definition for the EPSG codes we support, or null. */
export function proj4Definition(epsg: number): string | null {
  if (epsg === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (epsg >= 32601 && epsg <= 32660) return `+proj=utm +zone=${epsg - 32600} +datum=WGS84 +units=m +no_defs`;
  if (epsg >= 32701 && epsg <= 32760) return `+proj=utm +zone=${epsg - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return null;
}

export function crsFromEpsg(epsg: number): CrsCode {
  const def = proj4Definition(epsg);
  if (!def) throw new InputError('GEO_UNSUPPORTED_CRS', `EPSG:${epsg} is not supported (WGS 84 and UTM zones are)`, { epsg });
  const code = `EPSG:${epsg}`;
  if (!proj4.defs(code)) proj4.defs(code, def);
  return code as CrsCode;
}

export function epsgOf(crs: CrsCode): number {
  return Number(crs.slice(5));
}

export function isGeographic(crs: CrsCode): boolean {
  return crs === WGS84;
}

export type PointTransform = (x: number, y: number) => [number, number];

/**
 * Transforms already built, by "from>to": proj4 parses both definitions into fresh projection
 * objects on every call, and an alert's fingerprint asks for one per alert (~80 µs each).
 */
const transformers = new Map<string, PointTransform>();

/** A function mapping coordinates from one supported CRS to another. */
export function transformer(from: CrsCode, to: CrsCode): PointTransform {
  if (from === to) return (x, y) => [x, y];
  const key = `${from}>${to}`;
  let t = transformers.get(key);
  if (!t) {
    crsFromEpsg(epsgOf(from));
    crsFromEpsg(epsgOf(to));
    t = directTransform(from, to) ?? viaProj4(from, to);
    transformers.set(key, t);
  }
  return t;
}

function viaProj4(from: CrsCode, to: CrsCode): PointTransform {
  const conv = proj4(from, to);
  return (x, y) => conv.forward([x, y]) as [number, number];
}

/** proj4's own degree/radian factors, so the direct path multiplies by the very same numbers. */
const D2R = 0.01745329251994329577;
const R2D = 57.29577951308232088;

/**
 * Between WGS 84 lon/lat and a WGS 84 UTM zone, proj4's transform is degrees <-> radians around the
 * zone's own forward or inverse projection: same datum, metres, Greenwich. Called directly, a point
 * costs half as much (proj4 wraps each in several fresh objects and checks, and a scan converts
 * every vertex of every change outline); the results are proj4's to the bit (spec: crs.test.ts).
 */
export function directTransform(from: CrsCode, to: CrsCode): PointTransform | null {
  const toUtm = from === WGS84 ? directUtm(to) : null;
  if (toUtm) {
    return (lon, lat) => {
      finite(lon, lat);
      const p = toUtm.forward({ x: lon * D2R, y: lat * D2R });
      return [p.x, p.y];
    };
  }
  const fromUtm = to === WGS84 ? directUtm(from) : null;
  if (fromUtm) {
    return (x, y) => {
      finite(x, y);
      const p = fromUtm.inverse({ x, y });
      return [p.x * R2D, p.y * R2D];
    };
  }
  return null;
}

/** proj4 rejects what is not a finite number (checkSanity); so does the direct path. */
function finite(x: number, y: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new TypeError('coordinates must be finite numbers');
}

/** The zone's projection, if `crs` is a UTM zone with nothing a full transform would add (no scaling, no prime-meridian shift). */
function directUtm(crs: CrsCode): ReturnType<typeof proj4.Proj> | null {
  if (!proj4Definition(epsgOf(crs))?.startsWith('+proj=utm')) return null;
  const p = new proj4.Proj(crs);
  const extra = p as unknown as { to_meter?: number; from_greenwich?: number };
  return extra.to_meter || extra.from_greenwich ? null : p;
}

/** The UTM zone EPSG code that contains a WGS 84 point: a sensible metric frame for it. */
export function utmEpsgFor(lon: number, lat: number): number {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat >= 0 ? 32600 : 32700) + zone;
}
