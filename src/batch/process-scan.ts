// The scan job processor, the same in both modes: one tile pair through the scan pipeline.
// A multi-date baseline is first built (or found in the cache) as a median GeoTIFF, then scanned
// as the pair's baseline. An input rejection is an outcome (never retried); anything else throws
// and is retried.
import type { AlertCandidate } from '../core/alerts/candidate.js';
import { isInputError } from '../core/errors.js';
import type { TileId } from '../core/types.js';
import type { ScanJobData, ScanOutcome, SegmentSet } from '../io/queue/jobs.js';
import { buildBaselineComposite } from '../pipeline/baseline-composite.js';
import { scanPair, type ScanParams } from '../pipeline/scan.js';

export interface ProcessScanOptions {
  /** Where multi-date baseline composites are cached (BW_BASELINE_CACHE); needed by jobs with `baselines`. */
  readonly baselineCacheDir?: string;
  /** The scan's memory budget in MiB (BW_MAX_MEMORY_MB); the engine's default (512) without it. */
  readonly maxMemoryMb?: number;
  /** Where the default rule spills window terms that do not fit the budget (BW_SPILL_DIR, checked at start). */
  readonly spillDir?: string;
}

/**
 * The scan names tiles by file stem; the store keys observations by catalog id, so use that. A
 * median baseline is no catalog tile: alerts cite the newest tile of its set (catalog id and hash),
 * so the evidence view can still show a real "before" image.
 */
function withCatalogIds(c: AlertCandidate, job: ScanJobData): AlertCandidate {
  const baseline = job.baselines ? { ...c.baseline, tileId: job.baseline.tileId as TileId, sha256: job.baseline.sha256 } : { ...c.baseline, tileId: job.baseline.tileId as TileId };
  return { ...c, baseline, current: { ...c.current, tileId: job.current.tileId as TileId } };
}

/** The file the scan reads as the baseline: the single tile, or the median of the set. */
async function baselinePath(job: ScanJobData, opts: ProcessScanOptions): Promise<string> {
  if (!job.baselines) return job.baseline.location;
  if (!opts.baselineCacheDir) throw new Error(`job ${job.jobId} has a multi-date baseline but no baseline cache folder was configured`);
  const composite = await buildBaselineComposite(
    job.baselines.map((b) => ({ path: b.location, tileId: b.tileId, acquiredAt: b.acquiredAt })),
    { cacheDir: opts.baselineCacheDir },
  );
  return composite.path;
}

export async function processScan(job: ScanJobData, set: SegmentSet, opts: ProcessScanOptions = {}): Promise<ScanOutcome> {
  if (set.version !== job.segmentSetVersion) {
    throw new Error(`segment set ${set.version} given for a job planned on ${job.segmentSetVersion}`);
  }
  try {
    const result = await scanPair({
      baselinePath: await baselinePath(job, opts),
      currentPath: job.current.location,
      segments: set.segments,
      zones: set.zones,
      baselineAcquiredAt: job.baseline.acquiredAt,
      currentAcquiredAt: job.current.acquiredAt,
      params: job.params as Partial<ScanParams>,
      ...(typeof job.params['bands'] === 'string' ? { bandNames: job.params['bands'].split(',') } : {}),
      // A batch already runs one scan per core (scan pool / queue workers): a scan decodes on its
      // own thread rather than start a second pool of decode threads per scan.
      engine: { threads: 0, ...(opts.maxMemoryMb ? { maxMemoryMb: opts.maxMemoryMb } : {}), ...(opts.spillDir ? { spillDir: opts.spillDir } : {}) },
    });
    return {
      kind: 'done',
      jobId: job.jobId,
      tileId: job.current.tileId,
      candidates: result.candidates.map((c) => withCatalogIds(c, job)),
      watchedPixels: result.report.watchedPixels,
    };
  } catch (err) {
    if (!isInputError(err)) throw err;
    return { kind: 'rejected', jobId: job.jobId, tileId: job.current.tileId, code: err.code, message: err.message };
  }
}
