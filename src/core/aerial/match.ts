// Authorisation of aerial detections: a detection is authorised when a cooperative track report
// (ADS-B-like) or a valid flight plan / air corridor explains it within a distance and time;
// otherwise it is "dark". Pure: reports and plans arrive parsed, times as epoch seconds.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { InputError } from '../errors.js';

export interface AerialObservation {
  readonly lon: number;
  readonly lat: number;
  /** Epoch seconds (UTC) of the observation. */
  readonly timeS: number;
}

export interface TrackReport {
  readonly timeS: number;
  readonly lon: number;
  readonly lat: number;
  readonly id: string;
}

export interface MatchOptions {
  readonly maxDistanceM: number;
  readonly maxTimeS: number;
}

export type FlightMatch =
  | { readonly matchedId: string; readonly via: 'report'; readonly distanceM: number; readonly timeOffsetS: number }
  | { readonly matchedId: string; readonly via: 'plan'; readonly distanceM: number; readonly timeOffsetS: 0 }
  | { readonly matchedId: null; readonly via: null };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Where a reported aircraft was at time t: interpolated between bracketing reports, else the nearest report in time. */
function reportedPositionAt(track: readonly TrackReport[], timeS: number, maxTimeS: number): { lon: number; lat: number; offsetS: number } | null {
  let before: TrackReport | null = null;
  let after: TrackReport | null = null;
  for (const r of track) {
    if (r.timeS <= timeS) before = r;
    else {
      after = r;
      break;
    }
  }
  if (before && after && after.timeS - before.timeS <= 2 * maxTimeS) {
    const f = (timeS - before.timeS) / (after.timeS - before.timeS);
    return { lon: before.lon + f * (after.lon - before.lon), lat: before.lat + f * (after.lat - before.lat), offsetS: 0 };
  }
  const nearest = [before, after]
    .filter((r): r is TrackReport => r !== null)
    .sort((a, b) => Math.abs(a.timeS - timeS) - Math.abs(b.timeS - timeS))[0];
  if (!nearest || Math.abs(nearest.timeS - timeS) > maxTimeS) return null;
  return { lon: nearest.lon, lat: nearest.lat, offsetS: nearest.timeS - timeS };
}

/** Distance from a point to a geometry in metres (0 inside a polygon), on a local flat frame around the point. */
function distanceToGeometryM(lon: number, lat: number, g: Geometry): number {
  const kx = EARTH_RADIUS_M * RAD * Math.cos(lat * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  const xy = (p: Position): [number, number] => [(p[0]! - lon) * kx, (p[1]! - lat) * ky];
  const toPath = (ring: Position[]): number => {
    let d = Infinity;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = xy(ring[i]!);
      const [bx, by] = xy(ring[i + 1]!);
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
      d = Math.min(d, Math.hypot(ax + t * dx, ay + t * dy));
    }
    return ring.length === 1 ? Math.hypot(...xy(ring[0]!)) : d;
  };
  const inside = (rings: Position[][]): boolean => {
    let odd = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = xy(ring[i]!);
        const [xj, yj] = xy(ring[j]!);
        if (yi > 0 !== yj > 0 && 0 < ((xj - xi) * -yi) / (yj - yi) + xi) odd = !odd;
      }
    }
    return odd;
  };
  switch (g.type) {
    case 'Point':
      return toPath([g.coordinates]);
    case 'MultiPoint':
    case 'LineString':
      return toPath(g.coordinates);
    case 'MultiLineString':
      return Math.min(...g.coordinates.map(toPath));
    case 'Polygon':
      return inside(g.coordinates) ? 0 : Math.min(...g.coordinates.map(toPath));
    case 'MultiPolygon':
      return Math.min(...g.coordinates.map((p) => (inside(p) ? 0 : Math.min(...p.map(toPath)))));
    case 'GeometryCollection':
      return Math.min(...g.geometries.map((c) => distanceToGeometryM(lon, lat, c)));
  }
}

function planWindow(f: Feature): { id: string; fromS: number; toS: number; halfWidthM: number } {
  const p = f.properties ?? {};
  const id = typeof p.id === 'string' ? p.id : typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : null;
  const fromS = typeof p.validFrom === 'string' ? Date.parse(p.validFrom) / 1000 : NaN;
  const toS = typeof p.validTo === 'string' ? Date.parse(p.validTo) / 1000 : NaN;
  if (!id || !Number.isFinite(fromS) || !Number.isFinite(toS) || toS < fromS) {
    throw new InputError('AUTHORISED_INVALID', 'a flight plan needs properties id, validFrom and validTo (ISO 8601, from ≤ to)', { id });
  }
  const halfWidthM = typeof p.widthM === 'number' && p.widthM > 0 ? p.widthM / 2 : 0;
  return { id, fromS, toS, halfWidthM };
}

/**
 * Per detection (same order): the cooperative report that explains it (nearest within maxDistanceM
 * at the detection time ± maxTimeS), else a flight plan or corridor valid at that time whose
 * geometry (widened by properties.widthM / 2) lies within maxDistanceM, else a dark detection.
 * Reports win over plans: they name the aircraft, a plan only the permission.
 */
export function matchFlights(
  detections: readonly AerialObservation[],
  plans: FeatureCollection | null,
  reports: readonly TrackReport[],
  opts: MatchOptions,
): FlightMatch[] {
  const byId = new Map<string, TrackReport[]>();
  for (const r of reports) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  for (const list of byId.values()) list.sort((a, b) => a.timeS - b.timeS);
  const windows = (plans?.features ?? []).filter((f) => f.geometry).map((f) => ({ f, w: planWindow(f) }));

  return detections.map((d): FlightMatch => {
    let best: FlightMatch = { matchedId: null, via: null };
    let bestD = Infinity;
    for (const [id, track] of byId) {
      const at = reportedPositionAt(track, d.timeS, opts.maxTimeS);
      if (!at) continue;
      const dist = haversineM(d.lon, d.lat, at.lon, at.lat);
      if (dist <= opts.maxDistanceM && dist < bestD) {
        bestD = dist;
        best = { matchedId: id, via: 'report', distanceM: dist, timeOffsetS: at.offsetS };
      }
    }
    if (best.matchedId !== null) return best;
    for (const { f, w } of windows) {
      if (d.timeS < w.fromS - opts.maxTimeS || d.timeS > w.toS + opts.maxTimeS) continue;
      const dist = Math.max(0, distanceToGeometryM(d.lon, d.lat, f.geometry) - w.halfWidthM);
      if (dist <= opts.maxDistanceM && dist < bestD) {
        bestD = dist;
        best = { matchedId: w.id, via: 'plan', distanceM: dist, timeOffsetS: 0 };
      }
    }
    return best;
  });
}

/**
 * Parse cooperative track reports from CSV text with a header naming time, lon, lat and id columns
 * (any order, extra columns ignored). Time is ISO 8601 or epoch seconds. Bad rows are rejected with
 * their line number rather than skipped: a silently dropped report would turn a flight dark.
 */
export function parseTrackReportsCsv(text: string): TrackReport[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError('AUTHORISED_INVALID', `track reports: header has no '${name}' column`, { header });
    return i;
  };
  const [ti, loi, lai, idi] = [col('time'), col('lon'), col('lat'), col('id')];
  return lines.slice(1).map((line, k) => {
    const cells = line.split(',').map((c) => c.trim());
    const rawTime = cells[ti] ?? '';
    const timeS = /^-?\d+(\.\d+)?$/.test(rawTime) ? Number(rawTime) : Date.parse(rawTime) / 1000;
    const lon = Number(cells[loi]);
    const lat = Number(cells[lai]);
    const id = cells[idi] ?? '';
    if (!Number.isFinite(timeS) || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90 || id === '') {
      throw new InputError('AUTHORISED_INVALID', `track reports: bad row at line ${k + 2}`, { line: k + 2 });
    }
    return { timeS, lon, lat, id };
  });
}
