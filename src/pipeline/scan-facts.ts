// What every scan engine records the same way: stage timings, a pixel's ground area, the tiles'
// identities, the detector's description, and inhibition of change in mostly unseen segments.
import { isGeographic } from '../core/geo/crs.js';
import { pixelSize, pixelToCrs } from '../core/raster/affine.js';
import type { ChangeMeasure } from '../core/detect/change/types.js';
import type { AlertCandidate, DetectorInfo, SourceTile } from '../core/alerts/candidate.js';
import type { Grid } from '../core/types.js';
import type { OpenTile } from '../io/tiff/open.js';
import type { ScanParams, SegmentCoverage, StageTimings } from './scan.js';

export const PIPELINE_VERSION = '0.1.0';

/** Wall time per stage: each mark() charges the time since the last one to `stage`. */
export interface StageClock {
  mark: (stage: string) => void;
  readonly timings: StageTimings;
}

export function stageClock(): StageClock {
  const timings: StageTimings = {};
  let last = performance.now();
  return {
    timings,
    mark(stage) {
      const now = performance.now();
      timings[stage] = (timings[stage] ?? 0) + (now - last);
      last = now;
    },
  };
}

/** Ground area of one pixel in m² (geographic grids: at the window's centre latitude). */
export function pixelAreaM2(grid: Grid): number {
  const t = grid.transform;
  const area = Math.abs(t[1] * t[5] - t[2] * t[4]);
  if (!isGeographic(grid.crs)) return area;
  const [, lat] = pixelToCrs(t, grid.width / 2, grid.height / 2);
  const px = pixelSize(t);
  return px.x * 111_320 * Math.cos((lat * Math.PI) / 180) * px.y * 110_574;
}

export function sourceTile(tile: OpenTile, acquiredAt: string | null | undefined): SourceTile {
  return { tileId: tile.tileId as SourceTile['tileId'], sha256: tile.sha256, acquiredAt: acquiredAt ?? null };
}

/** What every alert records about how it was detected (one definition for all scan engines). */
export function detectorInfo(measure: ChangeMeasure, params: ScanParams, threshold: number, seedThreshold?: number): DetectorInfo {
  const rounded = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    name: measure.name,
    version: `${measure.version}+borderwatch-${PIPELINE_VERSION}`,
    params: {
      threshold: params.threshold,
      normalise: params.normalise,
      min_area_m2: params.minAreaM2,
      speckle_min_neighbours: params.speckleMinNeighbours,
      threshold_value: rounded(threshold),
      ...(seedThreshold === undefined ? {} : { seed_threshold_value: rounded(seedThreshold) }),
      ...measure.params,
    },
  };
}

/** Below this share of a segment seen in both dates, its change alerts are inhibited (suppressed). */
export const MIN_OBSERVED_SHARE = 0.5;

/** Ground change in a mostly unseen segment is suppressed with a reason; the coverage notice tells why. */
export function inhibitUnobserved(candidates: readonly AlertCandidate[], coverage: readonly SegmentCoverage[]): AlertCandidate[] {
  const share = new Map(coverage.map((c) => [c.segmentId as string, c.observedShare]));
  return candidates.map((c) => {
    const observedShare = share.get(c.segmentId) ?? 1;
    if (observedShare >= MIN_OBSERVED_SHARE) return c;
    return { ...c, inhibition: { observedShare, reason: `segment ${c.segmentId} was only ${Math.round(observedShare * 100)} % observed (cloud or nodata)` } };
  });
}
