// The scan job processor, the same in both modes: one tile pair through the scan pipeline.
// An input rejection is an outcome (never retried); anything else throws and is retried.
import type { AlertCandidate } from '../core/alerts/candidate.js';
import { isInputError } from '../core/errors.js';
import type { TileId } from '../core/types.js';
import type { ScanJobData, ScanOutcome, SegmentSet } from '../io/queue/jobs.js';
import { scanPair, type ScanParams } from '../pipeline/scan.js';

/** The scan names tiles by file stem; the store keys observations by catalog id, so use that. */
function withCatalogIds(c: AlertCandidate, job: ScanJobData): AlertCandidate {
  return {
    ...c,
    baseline: { ...c.baseline, tileId: job.baseline.tileId as TileId },
    current: { ...c.current, tileId: job.current.tileId as TileId },
  };
}

export async function processScan(job: ScanJobData, set: SegmentSet): Promise<ScanOutcome> {
  if (set.version !== job.segmentSetVersion) {
    throw new Error(`segment set ${set.version} given for a job planned on ${job.segmentSetVersion}`);
  }
  try {
    const result = await scanPair({
      baselinePath: job.baseline.location,
      currentPath: job.current.location,
      segments: set.segments,
      zones: set.zones,
      baselineAcquiredAt: job.baseline.acquiredAt,
      currentAcquiredAt: job.current.acquiredAt,
      params: job.params as Partial<ScanParams>,
      ...(typeof job.params['bands'] === 'string' ? { bandNames: job.params['bands'].split(',') } : {}),
      // A batch already runs one scan per core (scan pool / queue workers): a scan decodes on its
      // own thread rather than start a second pool of decode threads per scan.
      engine: { threads: 0 },
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
