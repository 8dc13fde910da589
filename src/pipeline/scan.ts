// Scan one tile pair against border segments: the one place that wires io → core for a pair.
// Input: two GeoTIFF paths, segments, authorised zones, parameters. Output: alert candidates and
// a report of what was looked at (coverage per segment), so "no alert" can be told from "not seen".
import { InputError } from '../core/errors.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { SegmentIndex } from '../core/geo/segment-index.js';
import { windowGrid } from '../core/raster/affine.js';
import { watchArea, watchedBlocks } from '../core/raster/watch-area.js';
import { findChanges, type ChangeParams } from '../core/detect/find-changes.js';
import { changeCutOf, changeMeasureOf, type ScanMeasure, type ScanThreshold } from './detector-choice.js';
import { buildCandidates } from '../core/alerts/build-candidates.js';
import type { AuthorisedZone } from '../core/alerts/authorise.js';
import { byOutputOrder, type AlertCandidate, type DetectorInfo, type SourceTile } from '../core/alerts/candidate.js';
import type { BorderSegment, Grid, Raster, SegmentId } from '../core/types.js';

export { MIN_OBSERVED_SHARE, PIPELINE_VERSION, pixelAreaM2 } from './scan-facts.js';
import { openTile, type OpenTile } from '../io/tiff/open.js';
import { discardEarlyPairThreads } from '../io/tiff/early-pair-threads.js';
import { readAligned } from './align.js';
import { runAerialStage, type FlightEvidence } from './aerial-stage.js';
import { screenClouds } from '../core/quality/cloud-mask.js';
import { streamableFiles } from './stream-scan.js';
import { streamingEngineFor } from './scan-streamed.js';
import { detectorInfo, inhibitUnobserved, pixelAreaM2, sourceTile, stageClock, type StageClock } from './scan-facts.js';
import type { LinearFit } from '../core/raster/normalise.js';
import type { ScoreUnits } from '../core/detect/change/types.js';
import { anySegmentParams, applySegmentOverrides, type SegmentOverrideReport } from './segment-overrides.js';


export interface ScanParams {
  readonly threshold: ScanThreshold;
  readonly normalise: boolean;
  readonly minAreaM2: number;
  readonly speckleMinNeighbours: number;
  /** Fingerprint snap cell (m). */
  readonly snapM: number;
  /** Change measure (detector-choice.ts): the agreement default, the previous 3×3-mean CVA, or plain per-pixel CVA (the GDAL/rasterio peers'). */
  readonly measure: ScanMeasure;
}

/** The product default: README "Why these defaults" has the evidence. */
export const DEFAULT_SCAN_PARAMS: ScanParams = { threshold: 'hysteresis', normalise: true, minAreaM2: 400, speckleMinNeighbours: 1, snapM: 50, measure: 'cva-agree' };

/** How the pixel work runs (not part of the result: any setting gives the same candidates). */
export interface ScanEngine {
  /** Decode threads of the streaming path (default: every core); 0 = on the calling thread. */
  readonly threads?: number;
  /** Memory budget (MiB) bounding strips in flight (BW_MAX_MEMORY_MB). */
  readonly maxMemoryMb?: number;
  /**
   * Where a streamed scan may keep a temporary file of per-pixel terms that do not fit the budget
   * (default /var/tmp — never a tmpfs; commands pass BW_SPILL_DIR, checked at start; null: recompute them on every pass instead).
   */
  readonly spillDir?: string | null;
  /** 'never' forces the in-memory path (for equivalence tests). */
  readonly streaming?: 'auto' | 'never';
}

export interface ScanInput {
  readonly baselinePath: string;
  readonly currentPath: string;
  readonly segments: readonly BorderSegment[];
  readonly zones?: readonly AuthorisedZone[];
  readonly baselineAcquiredAt?: string | null;
  readonly currentAcquiredAt?: string | null;
  readonly params?: Partial<ScanParams>;
  /**
   * Sensor band names of the tiles' bands, e.g. ['B02','B03','B04','B08'] for Sentinel-2. The aerial
   * detector needs them (band timing); without them the aerial stage is off, never guessed.
   */
  readonly bandNames?: readonly string[];
  readonly flights?: FlightEvidence | null;
  /** Report slow movers (could be road traffic) as aerial alerts too. */
  readonly aerialIncludeSlow?: boolean;
  /** The side the service guards, by name: aerial "inbound" means towards it. */
  readonly homeSideName?: string;
  readonly engine?: ScanEngine;
}

export interface SegmentCoverage {
  readonly segmentId: SegmentId;
  readonly watchedPixels: number;
  /** Share of the segment's watched pixels seen in both dates. */
  readonly observedShare: number;
}

export interface ScanReport {
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly detector: DetectorInfo;
  readonly threshold: number;
  readonly thresholdMethod: string;
  /** Hysteresis only: the cut some pixel of every alerted blob clears (threshold is the low cut). */
  readonly seedThreshold?: number;
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly decodedBlocks: number;
  readonly totalBlocks: number;
  readonly resampled: boolean;
  /** 'off' when band names were not given (the aerial detector needs the sensor's band timing). */
  readonly aerial: 'on' | 'off';
  /** Watched pixels screened out as cloud, cloud shadow or snow (either date). */
  readonly cloudMaskedPixels: number;
  readonly coverage: SegmentCoverage[];
  /** Segments judged by their own minimum mapping unit or threshold (absent when none was). */
  readonly segmentOverrides?: readonly SegmentOverrideReport[];
}

/** Wall time per stage (ms), for the benchmark; kept out of the report so output stays byte-stable. */
export type StageTimings = Record<string, number>;

export interface ScanResult {
  readonly candidates: AlertCandidate[];
  readonly report: ScanReport;
  readonly timingsMs: StageTimings;
  /** The radiometric fits the change scores were computed with (null: not normalised). */
  readonly normalisationFits: readonly LinearFit[] | null;
  /** The window statistics a standardised measure scored in (null: raw units), so a segment's re-score matches. */
  readonly scoreUnits: ScoreUnits | null;
}

export async function scanPair(input: ScanInput): Promise<ScanResult> {
  const params: ScanParams = { ...DEFAULT_SCAN_PARAMS, ...input.params };
  const clock = stageClock();
  const baseline = await openTile(input.baselinePath);
  try {
    const current = await openTile(input.currentPath);
    clock.mark('open');
    try {
      const scan = await scanOpenPair(baseline, current, input, params, clock);
      if (!anySegmentParams(input.segments)) return scan;
      const judged = await applySegmentOverrides(scan, { baseline, current, input, params, fits: scan.normalisationFits, units: scan.scoreUnits, stages: { pixelAreaM2, maskClouds, inhibitUnobserved } });
      clock.mark('segment-params');
      return judged;
    } finally {
      await current.close();
    }
  } finally {
    await baseline.close();
  }
}

async function scanOpenPair(baseline: OpenTile, current: OpenTile, input: ScanInput, params: ScanParams, clock: StageClock): Promise<ScanResult> {
  if (baseline.bandCount !== current.bandCount) {
    throw new InputError('PAIR_BAND_MISMATCH', `baseline has ${baseline.bandCount} bands, current has ${current.bandCount}`);
  }
  // Local pairs on one grid without the aerial stage (it needs whole rasters) stream strip by strip
  // in bounded memory: the peers' fixed-threshold CVA in one pass, the default and the previous
  // default in several passes for their whole-window statistics. Everything else (resampled or URL
  // tiles, --bands, other measure/threshold combinations) holds the window in memory.
  const engine = input.engine?.streaming !== 'never' && !input.bandNames?.length ? streamingEngineFor(params) : null;
  const files = engine ? streamableFiles(baseline, current) : null;
  if (engine && files) return engine({ baseline, current, input, params, clock, files });
  // Held in memory on this thread: decode threads a command started early have nothing to do.
  discardEarlyPairThreads();
  const area = watchArea(input.segments, baseline.grid, transformer(WGS84, baseline.grid.crs));
  const baseSource = sourceTile(baseline, input.baselineAcquiredAt);
  const currSource = sourceTile(current, input.currentAcquiredAt);
  const totalBlocks = baseline.blocksAcross * baseline.blocksDown;
  if (!area.window) {
    throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');
  }
  const win = area.window;
  const blocks = watchedBlocks(area, baseline.blockWidth, baseline.blockHeight);
  const wantBlock = (bx: number, by: number): boolean => blocks.has(`${bx},${by}`);
  const before = await baseline.readWindow(win, { wantBlock });
  const aligned = await readAligned(current, baseline.grid, win, wantBlock);
  const after = aligned.raster;
  clock.mark('decode');

  const observed = new Uint8Array(win.width * win.height);
  let observedPixels = 0;
  for (let i = 0; i < observed.length; i++) {
    if (area.mask[i] === 1 && before.observed[i] === 1 && after.observed[i] === 1) {
      observed[i] = 1;
      observedPixels++;
    }
  }
  if (observedPixels === 0 && !aligned.resampled && current.grid.crs === baseline.grid.crs) {
    // Same grid, nothing seen in both: report coverage, no change (not an error).
  } else if (observedPixels === 0) {
    throw new InputError('PAIR_NO_OVERLAP', 'baseline and current tiles share no observed pixel inside the watched corridors');
  }
  // Clouds, their shadows and snow are "not observed", never change. Counted after the overlap
  // check: a pair that overlaps but is all cloud is a coverage problem, not a bad pair.
  const cloudMaskedPixels = input.bandNames ? maskClouds(input.bandNames, [before, after], observed) : 0;
  observedPixels -= cloudMaskedPixels;

  const grid = windowGrid(baseline.grid, win);
  const changeParams: ChangeParams = {
    normalise: params.normalise,
    threshold: changeCutOf(params.threshold),
    speckleMinNeighbours: params.speckleMinNeighbours,
    minAreaM2: params.minAreaM2,
    pixelAreaM2: pixelAreaM2(grid),
    measure: changeMeasureOf(params.measure),
  };
  clock.mark('mask');
  const result = findChanges(before, after, observed, changeParams, clock.mark);
  const detector = detectorInfo(result.measure, params, result.threshold.threshold, result.seedThreshold?.threshold);
  const groundCandidates = buildCandidates(result.blobs, {
    grid,
    toWgs84: transformer(baseline.grid.crs, WGS84),
    segments: new SegmentIndex(area.segments),
    zones: input.zones ?? [],
    threshold: result.threshold.threshold,
    detector,
    baseline: baseSource,
    current: currSource,
    observedAt: currSource.acquiredAt,
    snapM: params.snapM,
  });
  clock.mark('clip+alerts');
  const aerial = input.bandNames?.length
    ? runAerialStage(before, after, observed, { bandNames: input.bandNames, flights: input.flights ?? null, includeSlow: input.aerialIncludeSlow ?? false }, {
        grid,
        toWgs84: transformer(baseline.grid.crs, WGS84),
        segments: new SegmentIndex(area.segments),
        zones: input.zones ?? [],
        baseline: baseSource,
        current: currSource,
        observedAt: currSource.acquiredAt,
        snapM: params.snapM,
        homeSideName: input.homeSideName ?? 'Kazakhstan',
      }).candidates
    : [];
  clock.mark('aerial');
  const coverage = segmentCoverage(area.segments, grid, observed);
  const candidates = [...inhibitUnobserved(groundCandidates, coverage), ...aerial].sort(byOutputOrder);
  clock.mark('coverage');
  return {
    timingsMs: clock.timings,
    normalisationFits: result.fits,
    scoreUnits: result.units,
    candidates,
    report: {
      baseline: baseSource,
      current: currSource,
      detector,
      threshold: result.threshold.threshold,
      thresholdMethod: result.threshold.method,
      ...(result.seedThreshold ? { seedThreshold: result.seedThreshold.threshold } : {}),
      watchedPixels: area.pixels,
      observedPixels,
      decodedBlocks: blocks.size,
      totalBlocks,
      resampled: aligned.resampled,
      aerial: input.bandNames?.length ? 'on' : 'off',
      cloudMaskedPixels,
      coverage,
    },
  };
}

/**
 * Screen both dates for cloud, shadow and snow when the tiles are Sentinel-2 (band names known)
 * and clear those pixels from `observed`. Returns how many watched pixels were cleared.
 */
function maskClouds(bandNames: readonly string[], rasters: readonly Raster[], observed: Uint8Array): number {
  const at = (b: string): number => bandNames.indexOf(b);
  const bands = { blue: at('B02'), green: at('B03'), red: at('B04'), nir: at('B08'), ...(at('B11') >= 0 ? { swir1: at('B11') } : {}) };
  if (bands.blue < 0 || bands.green < 0 || bands.red < 0 || bands.nir < 0) return 0;
  let cleared = 0;
  for (const r of rasters) {
    const { notObserved } = screenClouds(r, bands, { reflectanceScale: 10_000 });
    for (let i = 0; i < observed.length; i++) {
      if (observed[i] === 1 && notObserved[i] === 1) {
        observed[i] = 0;
        cleared++;
      }
    }
  }
  return cleared;
}

function segmentCoverage(segments: readonly BorderSegment[], grid: Grid, observed: Uint8Array): SegmentCoverage[] {
  const wgs = transformer(WGS84, grid.crs);
  return segments.map((segment) => {
    const own = watchArea([segment], grid, wgs);
    if (!own.window) return { segmentId: segment.id, watchedPixels: 0, observedShare: 0 };
    let seen = 0;
    for (let row = 0; row < own.window.height; row++) {
      for (let col = 0; col < own.window.width; col++) {
        if (own.mask[row * own.window.width + col] === 0) continue;
        seen += observed[(row + own.window.row0) * grid.width + col + own.window.col0]!;
      }
    }
    return { segmentId: segment.id, watchedPixels: own.pixels, observedShare: own.pixels ? Math.round((seen / own.pixels) * 1000) / 1000 : 0 };
  });
}
