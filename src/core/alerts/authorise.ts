// Authorised zones (crossing points, permitted works, air corridors) with validity windows:
// a change inside a zone while the zone is valid is kept but marked authorised, so an analyst
// can see why it was not raised. Zones are data (GeoJSON), never constants.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../errors.js';
import type { AlertKind, Authorisation } from './candidate.js';

export interface AuthorisedZone {
  readonly id: string;
  readonly name: string | null;
  readonly geometry: Polygon | MultiPolygon;
  /** ISO 8601 instants; null = open-ended. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Kinds of activity the zone authorises; null = all. */
  readonly kinds: readonly AlertKind[] | null;
}

function isoOrNull(v: unknown, where: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) {
    throw new InputError('AUTHORISED_INVALID', `${where}: '${String(v)}' is not an ISO 8601 date-time`);
  }
  return new Date(Date.parse(v)).toISOString();
}

/** Parse and validate an authorised-zones FeatureCollection. */
export function parseAuthorisedZones(json: unknown): AuthorisedZone[] {
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new InputError('AUTHORISED_INVALID', 'authorised zones must be a GeoJSON FeatureCollection');
  }
  return (fc.features as Feature[]).map((f, k) => {
    const where = `authorised zone feature ${k}`;
    const g = f?.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new InputError('AUTHORISED_INVALID', `${where}: geometry must be a Polygon or MultiPolygon`);
    }
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const validFrom = isoOrNull(p.valid_from, where);
    const validTo = isoOrNull(p.valid_to, where);
    if (validFrom && validTo && validFrom > validTo) {
      throw new InputError('AUTHORISED_INVALID', `${where}: valid_from is after valid_to`);
    }
    let kinds: AlertKind[] | null = null;
    if (p.kinds !== undefined && p.kinds !== null) {
      if (!Array.isArray(p.kinds) || !p.kinds.every((x) => x === 'ground' || x === 'aerial')) {
        throw new InputError('AUTHORISED_INVALID', `${where}: kinds must be a list of 'ground' | 'aerial'`);
      }
      kinds = p.kinds as AlertKind[];
    }
    const id = p.id ?? f.id ?? `zone-${k}`;
    return { id: String(id), name: typeof p.name === 'string' ? p.name : null, geometry: g, validFrom, validTo, kinds };
  });
}

/**
 * The zone that authorises a change at `point` (WGS 84) of `kind` observed at `observedAt`, or null.
 * The test is on a representative point (the change's centroid): simple to explain to an analyst.
 * When the observation time is unknown, only zones without a window apply — a time-limited
 * permit cannot vouch for a change we cannot date.
 */
export function authorisationFor(
  zones: readonly AuthorisedZone[],
  point: readonly [number, number],
  kind: AlertKind,
  observedAt: string | null,
): Authorisation | null {
  for (const z of zones) {
    if (z.kinds && !z.kinds.includes(kind)) continue;
    const windowed = z.validFrom !== null || z.validTo !== null;
    if (windowed) {
      if (observedAt === null) continue;
      if (z.validFrom && observedAt < z.validFrom) continue;
      if (z.validTo && observedAt > z.validTo) continue;
    }
    if (booleanPointInPolygon([point[0], point[1]], z.geometry)) {
      return { zoneId: z.id, name: z.name, validFrom: z.validFrom, validTo: z.validTo };
    }
  }
  return null;
}
