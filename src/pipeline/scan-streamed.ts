// The streaming engines' ends of a scan (fixed-threshold CVA; the previous default, CVA 3×3 + Otsu;
// the default, agreement + hysteresis), for local pairs on one grid: run the streamed raster
// passes, then turn their blobs into candidates and a report.
import { availableParallelism } from 'node:os';
import { diskSpillDir } from '../io/term-spill.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { SegmentIndex } from '../core/geo/segment-index.js';
import { AGREE_MEASURE, CVA_MEAN3_MEASURE } from '../core/detect/find-changes.js';
import { HYSTERESIS_MULTIPLIERS } from '../core/detect/threshold/hysteresis.js';
import { agreementUnits } from '../core/detect/change/agreement.js';
import { detailUnits } from '../core/detect/change/detail-change.js';
import type { ScoreUnits } from '../core/detect/change/types.js';
import type { AgreeCuts } from '../core/detect/stream/agree-cuts.js';
import { changeVectorMagnitude } from '../core/detect/change/cva.js';
import type { ChangeMeasure } from '../core/detect/change/types.js';
import { blobCandidates, buildCandidates, mergeByFingerprint, type CandidateContext } from '../core/alerts/build-candidates.js';
import { byOutputOrder, type AlertCandidate, type DetectorInfo, type SourceTile } from '../core/alerts/candidate.js';
import type { BorderSegment, Grid } from '../core/types.js';
import type { LinearFit } from '../core/raster/normalise.js';
import type { OpenTile } from '../io/tiff/open.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import { streamChanges } from './stream-scan.js';
import { DEFAULT_SCAN_MEMORY_MB } from './scan-budget.js';
import { streamDefaultChanges } from './stream-default.js';
import { streamAgreeChanges } from './stream-agree.js';
import { detectorInfo, inhibitUnobserved, pixelAreaM2, sourceTile, type StageClock } from './scan-facts.js';
import type { ScanInput, ScanParams, ScanResult, SegmentCoverage } from './scan.js';

/** A local pair on one grid the streaming engines can read, with the scan's input and clock. */
export interface StreamedPair {
  readonly baseline: OpenTile;
  readonly current: OpenTile;
  readonly input: ScanInput;
  readonly params: ScanParams;
  readonly clock: StageClock;
  readonly files: PairFiles;
}

/**
 * The streaming engine for these parameters, or null when the scan must hold the window in memory:
 * the peers' fixed-threshold CVA without normalisation, the default (agreement + hysteresis) and
 * the previous default (CVA 3×3 + Otsu), both normalised.
 */
export function streamingEngineFor(params: ScanParams): ((pair: StreamedPair) => Promise<ScanResult>) | null {
  if (params.measure === 'cva' && typeof params.threshold === 'number' && !params.normalise) return streamedScan;
  if (params.measure === 'cva-agree' && params.threshold === 'hysteresis' && params.normalise) return streamedAgreeScan;
  if (params.measure === 'cva+mean3' && params.threshold === 'otsu' && params.normalise) return streamedDefaultScan;
  return null;
}

/** Decode threads and memory budget of a scan: the engine's, else every core and the default budget. */
function engineOf(input: ScanInput): { threads: number; maxMemoryMb: number } {
  return { threads: input.engine?.threads ?? availableParallelism(), maxMemoryMb: input.engine?.maxMemoryMb ?? DEFAULT_SCAN_MEMORY_MB };
}

/** The multi-pass engines' share of the memory budget: a quarter keeps decoded strips (then terms) between passes. */
function passEngine(input: ScanInput): { cacheMb: number; threads: number } {
  const { threads, maxMemoryMb } = engineOf(input);
  return { cacheMb: maxMemoryMb / 4, threads };
}

async function streamedScan(pair: StreamedPair): Promise<ScanResult> {
  const { baseline, files, input, params, clock } = pair;
  const threshold = params.threshold as number;
  const facts = scanFacts(pair, changeVectorMagnitude, threshold);
  const out = await streamChanges(baseline, files, input.segments, { threshold, speckleMinNeighbours: params.speckleMinNeighbours, minAreaM2: params.minAreaM2, pixelAreaM2 }, {
    ...engineOf(input),
    // Each blob is clipped and judged as soon as it is traced, overlapping the decode of later strips.
    prepare: (grid, touching) => {
      const ctx = facts.contextFor(grid, touching);
      return (blob) => blobCandidates(blob, ctx);
    },
  });
  clock.mark('raster');
  // Busy time of the overlapped streaming stages (threads summed), for the benchmark.
  for (const [stage, ms] of Object.entries(out.busyMs)) clock.timings[`busy:${stage}`] = ms;
  return streamedResult(pair, facts, out, { thresholdMethod: 'fixed', fits: null });
}

async function streamedDefaultScan(pair: StreamedPair): Promise<ScanResult> {
  const { baseline, files, input, params, clock } = pair;
  const out = await streamDefaultChanges(baseline, files, input.segments, { normalise: params.normalise, speckleMinNeighbours: params.speckleMinNeighbours, minAreaM2: params.minAreaM2, pixelAreaM2, ...passEngine(input) });
  clock.mark('raster');
  const facts = scanFacts(pair, CVA_MEAN3_MEASURE, out.threshold.threshold);
  return streamedResult(pair, facts, out, { thresholdMethod: out.threshold.method, fits: out.fits });
}

async function streamedAgreeScan(pair: StreamedPair): Promise<ScanResult> {
  const { baseline, files, input, params, clock } = pair;
  const out = await streamAgreeChanges(baseline, files, input.segments, { normalise: params.normalise, speckleMinNeighbours: params.speckleMinNeighbours, minAreaM2: params.minAreaM2, pixelAreaM2,
    ...HYSTERESIS_MULTIPLIERS,
    ...passEngine(input),
    // Terms that do not fit go to a temporary file rather than being recomputed on every pass.
    spillDir: input.engine?.spillDir === undefined ? diskSpillDir() : input.engine.spillDir,
  });
  clock.mark('raster');
  const facts = scanFacts(pair, AGREE_MEASURE, out.threshold.threshold, out.seedThreshold.threshold);
  return streamedResult(pair, facts, out, { thresholdMethod: out.threshold.method, fits: out.fits, seedThreshold: out.seedThreshold.threshold, scoreUnits: agreeUnits(out.cuts) });
}

/** The units as AGREE_MEASURE.calibrate names them (agreement of CVA 3×3 and detailChange's terms). */
function agreeUnits(cuts: AgreeCuts): ScoreUnits {
  return agreementUnits({}, cuts.cva, detailUnits(cuts.magnitude, cuts.detail), cuts.sum);
}

interface StreamedOutcome {
  /** The blobs, unless the engine built their candidates while streaming (then empty). */
  readonly blobs: Parameters<typeof buildCandidates>[0];
  /** Each blob's candidates when the engine built them while streaming, in raster order of the blobs. */
  readonly prepared?: readonly AlertCandidate[][] | null;
  readonly grid: Grid;
  readonly segments: readonly BorderSegment[];
  readonly coverage: SegmentCoverage[];
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly decodedBlocks: number;
}

/** What every alert of this scan shares, and the candidate context of a window once it is known. */
interface ScanFacts {
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly detector: DetectorInfo;
  readonly threshold: number;
  readonly contextFor: (grid: Grid, segments: readonly BorderSegment[]) => CandidateContext;
}

function scanFacts({ baseline, current, input, params }: StreamedPair, measure: ChangeMeasure, threshold: number, seedThreshold?: number): ScanFacts {
  const facts = {
    baseline: sourceTile(baseline, input.baselineAcquiredAt),
    current: sourceTile(current, input.currentAcquiredAt),
    detector: detectorInfo(measure, params, threshold, seedThreshold),
    threshold,
  };
  return {
    ...facts,
    contextFor: (grid, segments) => ({
      ...facts,
      grid,
      toWgs84: transformer(baseline.grid.crs, WGS84),
      segments: new SegmentIndex([...segments]),
      zones: input.zones ?? [],
      observedAt: facts.current.acquiredAt,
      snapM: params.snapM,
    }),
  };
}

/** Candidates and report from a streamed raster pass (both streaming engines end the same way). */
function streamedResult(pair: StreamedPair, facts: ScanFacts, out: StreamedOutcome, how: { thresholdMethod: string; fits: readonly LinearFit[] | null; seedThreshold?: number; scoreUnits?: ScoreUnits }): ScanResult {
  const built = out.prepared ? mergeByFingerprint(out.prepared) : buildCandidates(out.blobs, facts.contextFor(out.grid, out.segments));
  const candidates = inhibitUnobserved(built, out.coverage).sort(byOutputOrder);
  pair.clock.mark('clip+alerts');
  return {
    timingsMs: pair.clock.timings,
    normalisationFits: how.fits,
    scoreUnits: how.scoreUnits ?? null,
    candidates,
    report: {
      baseline: facts.baseline,
      current: facts.current,
      detector: facts.detector,
      threshold: facts.threshold,
      thresholdMethod: how.thresholdMethod,
      ...(how.seedThreshold === undefined ? {} : { seedThreshold: how.seedThreshold }),
      watchedPixels: out.watchedPixels,
      observedPixels: out.observedPixels,
      decodedBlocks: out.decodedBlocks,
      totalBlocks: pair.baseline.blocksAcross * pair.baseline.blocksDown,
      resampled: false,
      aerial: 'off',
      cloudMaskedPixels: 0,
      coverage: out.coverage,
    },
  };
}
