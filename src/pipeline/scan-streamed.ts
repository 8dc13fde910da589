// The two streaming engines' ends of a scan (fixed-threshold CVA; the product default), for local
// pairs on one grid: run the streamed raster pass, then turn its blobs into candidates and a report.
import { availableParallelism } from 'node:os';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { SegmentIndex } from '../core/geo/segment-index.js';
import { DEFAULT_MEASURE } from '../core/detect/find-changes.js';
import { changeVectorMagnitude } from '../core/detect/change/cva.js';
import type { ChangeMeasure } from '../core/detect/change/types.js';
import { blobCandidates, buildCandidates, mergeByFingerprint, type CandidateContext } from '../core/alerts/build-candidates.js';
import { byOutputOrder, type AlertCandidate } from '../core/alerts/candidate.js';
import type { BorderSegment, Grid } from '../core/types.js';
import type { LinearFit } from '../core/raster/normalise.js';
import type { OpenTile } from '../io/tiff/open.js';
import { streamableFiles, streamChanges } from './stream-scan.js';
import { streamDefaultChanges } from './stream-default.js';
import { detectorInfo, inhibitUnobserved, pixelAreaM2, sourceTile, type StageClock } from './scan-facts.js';
import type { ScanInput, ScanParams, ScanResult, SegmentCoverage } from './scan.js';

export async function streamedScan(
  baseline: OpenTile,
  current: OpenTile,
  input: ScanInput,
  params: ScanParams,
  clock: StageClock,
  files: NonNullable<ReturnType<typeof streamableFiles>>,
): Promise<ScanResult> {
  const threshold = params.threshold as number;
  const candidateContext = candidateContextFor(baseline, current, input, params, changeVectorMagnitude, threshold);
  const out = await streamChanges(baseline, files, input.segments, { threshold, speckleMinNeighbours: params.speckleMinNeighbours, minAreaM2: params.minAreaM2, pixelAreaM2 }, {
    threads: input.engine?.threads ?? availableParallelism(),
    maxMemoryMb: input.engine?.maxMemoryMb ?? 512,
    // Each blob is clipped and judged as soon as it is traced, overlapping the decode of later strips.
    prepare: (grid, touching) => {
      const ctx = candidateContext(grid, touching);
      return (blob) => blobCandidates(blob, ctx);
    },
  });
  clock.mark('raster');
  // Busy time of the overlapped streaming stages (threads summed), for the benchmark.
  for (const [stage, ms] of Object.entries(out.busyMs)) clock.timings[`busy:${stage}`] = ms;
  return streamedResult({ baseline, current, input, params, clock, out, measure: changeVectorMagnitude, threshold, thresholdMethod: 'fixed', fits: null });
}

export async function streamedDefaultScan(
  baseline: OpenTile,
  current: OpenTile,
  input: ScanInput,
  params: ScanParams,
  clock: StageClock,
  files: NonNullable<ReturnType<typeof streamableFiles>>,
): Promise<ScanResult> {
  const out = await streamDefaultChanges(baseline, files, input.segments, { normalise: params.normalise, speckleMinNeighbours: params.speckleMinNeighbours, minAreaM2: params.minAreaM2, pixelAreaM2,
    // A quarter of the budget keeps decoded strips between the seven passes; the rest is headroom.
    cacheMb: (input.engine?.maxMemoryMb ?? 512) / 4,
    threads: input.engine?.threads ?? availableParallelism(),
  });
  clock.mark('raster');
  return streamedResult({ baseline, current, input, params, clock, out, measure: DEFAULT_MEASURE, threshold: out.threshold.threshold, thresholdMethod: out.threshold.method, fits: out.fits });
}

interface StreamedOutcome {
  readonly blobs: Parameters<typeof buildCandidates>[0];
  /** Each blob's candidates when the engine built them while streaming (same order as blobs). */
  readonly prepared?: readonly AlertCandidate[][] | null;
  readonly grid: Grid;
  readonly segments: readonly BorderSegment[];
  readonly coverage: SegmentCoverage[];
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly decodedBlocks: number;
}

/** What turns a streamed window's blobs into candidates, once the window grid and its segments are known. */
function candidateContextFor(baseline: OpenTile, current: OpenTile, input: ScanInput, params: ScanParams, measure: ChangeMeasure, threshold: number): (grid: Grid, segments: readonly BorderSegment[]) => CandidateContext {
  const baseSource = sourceTile(baseline, input.baselineAcquiredAt);
  const currSource = sourceTile(current, input.currentAcquiredAt);
  const detector = detectorInfo(measure, params, threshold);
  return (grid, segments) => ({
    grid,
    toWgs84: transformer(baseline.grid.crs, WGS84),
    segments: new SegmentIndex([...segments]),
    zones: input.zones ?? [],
    threshold,
    detector,
    baseline: baseSource,
    current: currSource,
    observedAt: currSource.acquiredAt,
    snapM: params.snapM,
  });
}

/** Candidates and report from a streamed raster pass (both streaming engines end the same way). */
function streamedResult(r: {
  baseline: OpenTile; current: OpenTile; input: ScanInput; params: ScanParams; clock: StageClock;
  out: StreamedOutcome; measure: ChangeMeasure; threshold: number; thresholdMethod: string; fits: readonly LinearFit[] | null;
}): ScanResult {
  const { baseline, current, input, params, clock, out, measure, threshold } = r;
  const baseSource = sourceTile(baseline, input.baselineAcquiredAt);
  const currSource = sourceTile(current, input.currentAcquiredAt);
  const detector = detectorInfo(measure, params, threshold);
  const built = out.prepared
    ? mergeByFingerprint(out.prepared)
    : buildCandidates(out.blobs, candidateContextFor(baseline, current, input, params, measure, threshold)(out.grid, out.segments));
  const candidates = inhibitUnobserved(built, out.coverage).sort(byOutputOrder);
  clock.mark('clip+alerts');
  return {
    timingsMs: clock.timings,
    normalisationFits: r.fits,
    candidates,
    report: {
      baseline: baseSource,
      current: currSource,
      detector,
      threshold,
      thresholdMethod: r.thresholdMethod,
      watchedPixels: out.watchedPixels,
      observedPixels: out.observedPixels,
      decodedBlocks: out.decodedBlocks,
      totalBlocks: baseline.blocksAcross * baseline.blocksDown,
      resampled: false,
      aerial: 'off',
      cloudMaskedPixels: 0,
      coverage: out.coverage,
    },
  };
}
