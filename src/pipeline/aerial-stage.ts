// The aerial stage of a scan: movers in the current window (band-offset "rainbows", issue 7),
// checked against the baseline for static bright features, matched against flight plans and
// cooperative track reports, turned into 'aerial' alert candidates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { detectAerial, type AerialDetection } from '../core/aerial/detect.js';
import { matchFlights, type FlightMatch, type TrackReport } from '../core/aerial/match.js';
import { sensorTimingFrom, type SensorTiming } from '../core/aerial/sensor.js';
import { aerialCandidates, locateDetection, type AerialContext } from '../core/alerts/aerial-candidates.js';
import type { AlertCandidate } from '../core/alerts/candidate.js';
import { isGeographic } from '../core/geo/crs.js';
import { pixelSize, pixelToCrs } from '../core/raster/affine.js';
import type { Grid, Raster } from '../core/types.js';
import { PROJECT_ROOT } from '../io/project-root.js';

export const AERIAL_DETECTOR = { name: 'aerial-band-offset', version: '1' } as const;

/** Evidence that explains a flight: plans / air corridors (GeoJSON) and cooperative track reports. */
export interface FlightEvidence {
  readonly plans: FeatureCollection | null;
  readonly reports: readonly TrackReport[];
  readonly maxDistanceM: number;
  readonly maxTimeS: number;
}

export interface AerialStageOptions {
  readonly bandNames: readonly string[];
  readonly flights: FlightEvidence | null;
  /**
   * Slow movers (< 50 m/s apparent) cannot be told from road traffic without a road mask, so by
   * default only 'fast' ones — speeds no surface vehicle reaches — become alerts.
   */
  readonly includeSlow: boolean;
}

let sentinel2: SensorTiming | null = null;
export function sentinel2Timing(): SensorTiming {
  sentinel2 ??= sensorTimingFrom(JSON.parse(readFileSync(join(PROJECT_ROOT, 'data', 'sensors', 'sentinel2-msi.json'), 'utf8')));
  return sentinel2;
}

function pixelSizeM(grid: Grid): [number, number] {
  const px = pixelSize(grid.transform);
  if (!isGeographic(grid.crs)) return [px.x, px.y];
  const [, lat] = pixelToCrs(grid.transform, grid.width / 2, grid.height / 2);
  return [px.x * 111_320 * Math.cos((lat * Math.PI) / 180), px.y * 110_574];
}

export function runAerialStage(
  before: Raster,
  after: Raster,
  observed: Uint8Array,
  opts: AerialStageOptions,
  ctx: Omit<AerialContext, 'detector'>,
): { candidates: AlertCandidate[]; detections: AerialDetection[] } {
  const { grid } = after;
  const all = detectAerial(
    { bands: after.bands, bandNames: opts.bandNames, width: grid.width, height: grid.height, pixelSizeM: pixelSizeM(grid), observed, baseline: before.bands },
    sentinel2Timing(),
  );
  const detections = opts.includeSlow ? all : all.filter((d) => d.speedClass === 'fast');
  const timeS = ctx.observedAt ? Date.parse(ctx.observedAt) / 1000 : null;
  let matches: (FlightMatch | null)[] = detections.map(() => null);
  if (opts.flights && timeS !== null && detections.length) {
    const points = detections.map((d) => {
      const { lonLat } = locateDetection(d, ctx);
      return { lon: lonLat[0], lat: lonLat[1], timeS };
    });
    matches = matchFlights(points, opts.flights.plans, opts.flights.reports, { maxDistanceM: opts.flights.maxDistanceM, maxTimeS: opts.flights.maxTimeS });
  }
  const detector = { ...AERIAL_DETECTOR, params: { include_slow: opts.includeSlow, bands: opts.bandNames.join(',') } };
  return { candidates: aerialCandidates(detections, matches, { ...ctx, detector }), detections };
}
