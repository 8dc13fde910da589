// The per-segment watch parameters pass of a scan: for each segment with its own minimum mapping
// unit or threshold, re-detect change in that segment's corridor window only (the blocks it
// touches) with the scan's scores and the segment's parameters, and let those pieces replace the
// scan's pieces for that segment. Runs after whichever engine did the scan, so it works for all.
import { transformer, WGS84 } from '../core/geo/crs.js';
import { SegmentIndex } from '../core/geo/segment-index.js';
import { clampWindow, windowGrid } from '../core/raster/affine.js';
import { rasterisePolygons } from '../core/raster/rasterise.js';
import { watchGeometry, type WatchGeometry } from '../core/raster/watch-area.js';
import type { ChangeMeasure, ScoreUnits } from '../core/detect/change/types.js';
import { changeMeasureOf } from './detector-choice.js';
import type { LinearFit } from '../core/raster/normalise.js';
import { hasOwnParams, inexactEdges, scoresWithFits, segmentChanges, segmentHaloPx, segmentWatchParams, type SegmentWatchParams } from '../core/detect/segment-changes.js';
import { buildCandidates } from '../core/alerts/build-candidates.js';
import { byOutputOrder, type AlertCandidate, type DetectorInfo } from '../core/alerts/candidate.js';
import type { BorderSegment, Grid, PixelWindow, Raster, SegmentId } from '../core/types.js';
import type { OpenTile } from '../io/tiff/open.js';
import { readAligned } from './align.js';
import type { ScanInput, ScanParams, ScanResult, SegmentCoverage } from './scan.js';

/** What the scan report says about each segment judged by its own parameters. */
export interface SegmentOverrideReport {
  readonly segmentId: SegmentId;
  /** The parameters the segment was judged by (its own where set, else the scan's). */
  readonly minAreaM2: number;
  readonly threshold: number;
  /** Which of them the segment set itself. */
  readonly overridden: readonly ('min_area_m2' | 'threshold')[];
  /** Ground change pieces the segment now has (they replace the scan's pieces for it). */
  readonly pieces: number;
  readonly decodedBlocks: number;
}

/** The scan's own stages, handed in so this pass runs them exactly as the scan does. */
export interface ScanStages {
  readonly pixelAreaM2: (grid: Grid) => number;
  /** Clears cloud, shadow and snow from `observed`; returns how many pixels it cleared. */
  readonly maskClouds: (bandNames: readonly string[], rasters: readonly Raster[], observed: Uint8Array) => number;
  readonly inhibitUnobserved: (candidates: readonly AlertCandidate[], coverage: readonly SegmentCoverage[]) => AlertCandidate[];
}

export interface OverrideContext {
  readonly baseline: OpenTile;
  readonly current: OpenTile;
  readonly input: ScanInput;
  readonly params: ScanParams;
  /** The radiometric fits the scan's scores were computed with (null: not normalised). */
  readonly fits: readonly LinearFit[] | null;
  /** The window statistics the scan's standardised measure scored in (null: raw units). */
  readonly units: ScoreUnits | null;
  readonly stages: ScanStages;
}

/**
 * The cloud screen looks for a cloud's shadow up to 300 px away (cloud-mask.ts): when clouds are
 * screened, the window reaches that far beyond the corridor so a shadow's cloud is in view.
 */
const CLOUD_CONTEXT_PX = 300;

/** Whether any segment of the scan has its own watch parameters (else the pass is skipped). */
export function anySegmentParams(segments: readonly BorderSegment[]): boolean {
  return segments.some(hasOwnParams);
}

export async function applySegmentOverrides(scan: ScanResult, ctx: OverrideContext): Promise<ScanResult> {
  const watched = new Set(scan.report.coverage.filter((c) => c.watchedPixels > 0).map((c) => c.segmentId as string));
  const targets = ctx.input.segments.filter((s) => hasOwnParams(s) && watched.has(s.id));
  if (targets.length === 0) return scan;
  const grid = ctx.baseline.grid;
  const all = watchGeometry(ctx.input.segments, grid, transformer(WGS84, grid.crs));
  if (!all.window) return scan;
  const measure: ChangeMeasure = changeMeasureOf(ctx.params.measure);
  // The pixel area the scan used (it depends on the window's latitude on geographic grids).
  const pixelAreaM2 = ctx.stages.pixelAreaM2(windowGrid(grid, all.window));
  const replaced = new Map<string, AlertCandidate[]>();
  const reports: SegmentOverrideReport[] = [];
  for (const segment of targets) {
    const watch = segmentWatchParams(segment, { threshold: scan.report.threshold, minAreaM2: ctx.params.minAreaM2 });
    const found = await segmentPieces(segment, watch, all, all.window, measure, pixelAreaM2, scan, ctx);
    if (!found) continue;
    replaced.set(segment.id, found.candidates);
    reports.push({ segmentId: segment.id, minAreaM2: watch.minAreaM2, threshold: watch.threshold, overridden: watch.overridden, pieces: found.candidates.length, decodedBlocks: found.decodedBlocks });
  }
  if (reports.length === 0) return scan;
  // Aerial detections are not judged by change parameters: only ground pieces are replaced.
  const kept = scan.candidates.filter((c) => c.kind !== 'ground' || !replaced.has(c.segmentId));
  return {
    ...scan,
    candidates: [...kept, ...[...replaced.values()].flat()].sort(byOutputOrder),
    report: { ...scan.report, segmentOverrides: reports },
  };
}

/** The part of `a` inside `b`, or null. */
function intersectWindows(a: PixelWindow, b: PixelWindow): PixelWindow | null {
  const w = clampWindow({ col0: a.col0 - b.col0, row0: a.row0 - b.row0, width: a.width, height: a.height }, b.width, b.height);
  return w && { col0: w.col0 + b.col0, row0: w.row0 + b.row0, width: w.width, height: w.height };
}

async function segmentPieces(
  segment: BorderSegment,
  watch: SegmentWatchParams,
  all: WatchGeometry,
  scanWindow: PixelWindow,
  measure: ChangeMeasure,
  pixelAreaM2: number,
  scan: ScanResult,
  ctx: OverrideContext,
): Promise<{ candidates: AlertCandidate[]; decodedBlocks: number } | null> {
  const { baseline, current, input, params } = ctx;
  const grid = baseline.grid;
  const own = watchGeometry([segment], grid, transformer(WGS84, grid.crs));
  if (!own.window) return null;
  const clouds = Boolean(input.bandNames?.length);
  const pad = segmentHaloPx(measure, scan.report.seedThreshold !== undefined) + (clouds ? CLOUD_CONTEXT_PX : 0);
  // Never beyond the scan's window: the scan's scores stop at its edge, and so must these.
  const win = intersectWindows({ col0: own.window.col0 - pad, row0: own.window.row0 - pad, width: own.window.width + 2 * pad, height: own.window.height + 2 * pad }, scanWindow);
  if (!win) return null;
  const wantBlock = scanBlocks(all, scanWindow, baseline.blockWidth, baseline.blockHeight);
  const before = await baseline.readWindow(win, { wantBlock });
  const after = (await readAligned(current, grid, win, wantBlock)).raster;

  const watched = rasterisePolygons(all.polygons, win);
  const observed = new Uint8Array(win.width * win.height);
  for (let i = 0; i < observed.length; i++) observed[i] = watched[i]! & before.observed[i]! & after.observed[i]!;
  if (clouds) ctx.stages.maskClouds(input.bandNames!, [before, after], observed);
  const scored = scoresWithFits(before, after, observed, ctx.fits, measure, ctx.units);
  const blobs = segmentChanges({ before, after: scored.after, observed, own: rasterisePolygons(own.polygons, win) }, scored.score, {
    threshold: watch.threshold,
    // Hysteresis: the segment's own threshold sets the extent; a piece still needs a pixel above
    // the scan's seed cut (met by every pixel when its own threshold is the higher one).
    ...(scan.report.seedThreshold === undefined ? {} : { seedThreshold: scan.report.seedThreshold, inexactEdgesPx: inexactEdges(win, scanWindow, measure) }),
    minAreaM2: watch.minAreaM2,
    speckleMinNeighbours: params.speckleMinNeighbours,
    pixelAreaM2,
  });
  const report = scan.report;
  const candidates = buildCandidates(blobs, {
    grid: windowGrid(grid, win),
    toWgs84: transformer(grid.crs, WGS84),
    segments: new SegmentIndex([segment]),
    zones: input.zones ?? [],
    threshold: watch.threshold,
    detector: segmentDetector(report.detector, watch),
    baseline: report.baseline,
    current: report.current,
    observedAt: report.current.acquiredAt,
    snapM: params.snapM,
  });
  return { candidates: ctx.stages.inhibitUnobserved(candidates, report.coverage), decodedBlocks: wantBlock.decoded() };
}

/**
 * The blocks the scan itself decodes (those holding a watched pixel inside its window), decided
 * block by block as the read asks: the pixels outside corridors that the cloud screen sees are
 * then the scan's, and no scan-sized mask is ever made.
 */
function scanBlocks(all: WatchGeometry, scanWindow: PixelWindow, blockWidth: number, blockHeight: number): ((bx: number, by: number) => boolean) & { decoded: () => number } {
  const verdicts = new Map<string, boolean>();
  const want = (bx: number, by: number): boolean => {
    const key = `${bx},${by}`;
    let v = verdicts.get(key);
    if (v === undefined) {
      const inScan = intersectWindows({ col0: bx * blockWidth, row0: by * blockHeight, width: blockWidth, height: blockHeight }, scanWindow);
      v = inScan !== null && rasterisePolygons(all.polygons, inScan).includes(1);
      verdicts.set(key, v);
    }
    return v;
  };
  return Object.assign(want, { decoded: () => [...verdicts.values()].filter(Boolean).length });
}

/** The scan's detector record with the segment's parameters in it, so every alert says what judged it. */
function segmentDetector(scan: DetectorInfo, watch: SegmentWatchParams): DetectorInfo {
  return {
    ...scan,
    params: {
      ...scan.params,
      ...(watch.overridden.includes('threshold') ? { threshold: watch.threshold } : {}),
      min_area_m2: watch.minAreaM2,
      threshold_value: Math.round(watch.threshold * 1000) / 1000,
      segment_params: watch.overridden.join(','),
    },
  };
}
