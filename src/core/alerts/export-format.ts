// Alerts as standard GIS data: RFC 7946 GeoJSON features and RFC 4180 CSV rows (WKT geometry plus
// a lon/lat centroid), built one alert at a time so a large store can be streamed out.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { AlertRecord } from './record.js';

type Ring = Position[];

/** Twice the signed planar area of a ring (positive = counterclockwise), relative to its first vertex for precision. */
function signedArea2(ring: readonly Position[]): number {
  if (ring.length === 0) return 0;
  const ox = ring[0]![0]!;
  const oy = ring[0]![1]!;
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ox) * (ring[i]![1]! - oy) - (ring[i]![0]! - ox) * (ring[j]![1]! - oy);
  }
  return sum;
}

/** RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise. */
function rewindPolygon(rings: readonly Position[][]): Ring[] {
  return rings.map((ring, i) => {
    const ccw = signedArea2(ring) > 0;
    const wantCcw = i === 0;
    return ccw === wantCcw ? ring.map((p) => [p[0]!, p[1]!]) : ring.map((p) => [p[0]!, p[1]!]).reverse();
  });
}

export function rewindRfc7946(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rewindPolygon(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(rewindPolygon) };
}

/**
 * Area-weighted centroid in lon/lat degrees, computed in the plane. At alert sizes (metres to a few
 * kilometres) the planar error is far below a pixel; it is a label point, not a measurement.
 */
export function planarCentroid(geometry: Polygon | MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const origin = polygons[0]?.[0]?.[0] ?? [0, 0];
  // Shoelace on coordinates relative to a vertex: with raw lon/lat (~70 × ~55) the cross products
  // are ~4000 while a 60 m polygon's area is ~1e-6 square degrees, and the difference cancels out.
  const ox = origin[0]!;
  const oy = origin[1]!;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const xj = ring[j]![0]! - ox;
        const yj = ring[j]![1]! - oy;
        const xi = ring[i]![0]! - ox;
        const yi = ring[i]![1]! - oy;
        const cross = xj * yi - xi * yj;
        area += cross;
        cx += (xj + xi) * cross;
        cy += (yj + yi) * cross;
      }
    }
  }
  if (area === 0) {
    // Degenerate (zero-area) shape: fall back to the mean of its first ring's vertices.
    const ring = polygons[0]?.[0] ?? [];
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + p[0]!, 0) / n, ring.reduce((s, p) => s + p[1]!, 0) / n];
  }
  return [ox + cx / (3 * area), oy + cy / (3 * area)];
}

function wktRings(rings: readonly Position[][]): string {
  return `(${rings.map((r) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`).join(', ')})`;
}

/** OGC WKT of a polygon or multipolygon (lon lat order, as QGIS and GDAL read it for EPSG:4326 CSV). */
export function toWkt(geometry: Polygon | MultiPolygon): string {
  return geometry.type === 'Polygon'
    ? `POLYGON ${wktRings(geometry.coordinates)}`
    : `MULTIPOLYGON (${geometry.coordinates.map(wktRings).join(', ')})`;
}

/** Properties every export carries: identity, lifecycle and the border facts an operator filters on. */
function exportProperties(a: AlertRecord) {
  return {
    fingerprint: a.fingerprint,
    state: a.state,
    kind: a.kind,
    segment_id: a.segmentId,
    side: a.side,
    side_name: a.sideName,
    distance_to_line_m: a.distanceToLineM,
    crosses_line: a.crossesLine,
    area_m2: a.areaM2,
    change_magnitude: a.changeMagnitude,
    score: a.score,
    confidence: a.confidence,
    authorised: a.authorised,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    observation_count: a.observationCount,
    assignee: a.assignee,
    dismiss_reason: a.dismissReason,
    detector: `${a.detector.name}@${a.detector.version}`,
    current_tile_id: a.current.tileId,
    baseline_tile_id: a.baseline.tileId,
  };
}

export type AlertExportProperties = ReturnType<typeof exportProperties>;

export function alertToFeature(alert: AlertRecord): Feature<Polygon | MultiPolygon, AlertExportProperties> {
  return {
    type: 'Feature',
    id: alert.fingerprint,
    bbox: [...alert.bbox],
    geometry: rewindRfc7946(alert.geometry),
    properties: exportProperties(alert),
  };
}

/** CSV columns: the export properties, then `centroid_lon`, `centroid_lat` (WGS 84) and `wkt`. */
const PROPERTY_COLUMNS: readonly (keyof AlertExportProperties)[] = [
  'fingerprint', 'state', 'kind', 'segment_id', 'side', 'side_name', 'distance_to_line_m', 'crosses_line',
  'area_m2', 'change_magnitude', 'score', 'confidence', 'authorised', 'first_seen', 'last_seen',
  'observation_count', 'assignee', 'dismiss_reason', 'detector', 'current_tile_id', 'baseline_tile_id',
];
export const CSV_COLUMNS: readonly string[] = [...PROPERTY_COLUMNS, 'centroid_lon', 'centroid_lat', 'wkt'];

/** RFC 4180 quoting: fields with a comma, quote, CR or LF are quoted, quotes doubled. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without the line break) in CSV_COLUMNS order. */
export function alertToCsvRow(alert: AlertRecord): string {
  const [lon, lat] = planarCentroid(alert.geometry);
  const props = exportProperties(alert);
  const values: (string | number | boolean | null)[] = [
    ...PROPERTY_COLUMNS.map((key) => props[key]),
    lon,
    lat,
    toWkt(alert.geometry),
  ];
  return values.map(csvField).join(',');
}
