// Alert candidates as an RFC 7946 FeatureCollection (WGS 84, flat properties so QGIS and ogrinfo
// show every fact as a column). Deterministic: the same scan gives byte-identical output.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { AlertCandidate } from '../core/alerts/candidate.js';
import type { ScanReport } from './scan.js';

export function candidateFeature(c: AlertCandidate): Feature<Polygon | MultiPolygon> {
  return {
    type: 'Feature',
    id: c.fingerprint,
    bbox: [...c.bbox],
    geometry: c.geometry,
    properties: {
      fingerprint: c.fingerprint,
      segment_id: c.segmentId,
      kind: c.kind,
      side: c.side,
      side_name: c.sideName,
      distance_to_line_m: c.distanceToLineM,
      crosses_line: c.crossesLine,
      area_m2: c.areaM2,
      change_magnitude: c.changeMagnitude,
      score: c.score,
      confidence: c.confidence,
      authorised: c.authorised,
      authorised_zone: c.authorisation?.zoneId ?? null,
      authorised_zone_name: c.authorisation?.name ?? null,
      observed_at: c.observedAt,
      inhibited: c.inhibition?.reason ?? null,
      detector_name: c.detector.name,
      detector_version: c.detector.version,
      detector_params: JSON.stringify(c.detector.params),
      baseline_tile_id: c.baseline.tileId,
      baseline_sha256: c.baseline.sha256,
      current_tile_id: c.current.tileId,
      current_sha256: c.current.sha256,
      ...(c.aerial
        ? {
            heading_deg: c.aerial.headingDeg,
            speed_mps: c.aerial.speedMps,
            direction: c.aerial.direction,
            seconds_to_line: c.aerial.secondsToLine,
            matched_flight: c.aerial.matchedFlight,
          }
        : {}),
    },
  };
}

/** RFC 7946 allows foreign members: the scan report rides along without bothering GIS readers. */
export function alertsFeatureCollection(candidates: readonly AlertCandidate[], reports: readonly ScanReport[]): FeatureCollection & { borderwatch: unknown } {
  return {
    type: 'FeatureCollection',
    features: candidates.map(candidateFeature),
    borderwatch: { scans: reports },
  };
}
