// Job payloads on the queues and what a scan produces. Data read back from Redis is checked
// before use: a queue is shared state, and a malformed job must fail loudly, not half-run.
import type { AuthorisedZone } from '../../core/alerts/authorise.js';
import type { AlertCandidate } from '../../core/alerts/candidate.js';
import type { InputErrorCode } from '../../core/errors.js';
import type { BorderSegment } from '../../core/types.js';

/** The segments and authorised zones a batch scans against, named by a content hash. */
export interface SegmentSet {
  readonly version: string;
  readonly segments: readonly BorderSegment[];
  readonly zones: readonly AuthorisedZone[];
}

/** One tile of a pair as the scan sees it. */
export interface TileRef {
  readonly tileId: string;
  /** A file path (URL sources are not supported yet). */
  readonly location: string;
  readonly sha256: string;
  readonly acquiredAt: string | null;
}

/** Parameters of the scan that change its result (part of the job id). */
export type ScanJobParams = Readonly<Record<string, string | number | boolean>>;

export interface ScanJobData {
  /** Derived from the inputs (tile hashes, segment set version, params, pipeline version). */
  readonly jobId: string;
  readonly footprint: string;
  /** The tile the scan compares against; with `baselines`, the newest of them (alerts cite it as evidence). */
  readonly baseline: TileRef;
  /**
   * A multi-date baseline: the earlier tiles (oldest first, at least two) whose per-pixel median the
   * current tile is scanned against. Absent for a single-tile baseline.
   */
  readonly baselines?: readonly TileRef[];
  readonly current: TileRef;
  readonly segmentSetVersion: string;
  readonly params: ScanJobParams;
}

/** What one scan job produced: the current tile's fate. */
export type ScanOutcome =
  | {
      readonly kind: 'done';
      readonly jobId: string;
      readonly tileId: string;
      readonly candidates: readonly AlertCandidate[];
      /** Pixels inside the corridors (the work done), for throughput figures. */
      readonly watchedPixels: number;
    }
  | {
      readonly kind: 'rejected';
      readonly jobId: string;
      readonly tileId: string;
      readonly code: InputErrorCode;
      readonly message: string;
    };

export interface ApplyJobData {
  readonly scanJobId: string;
  readonly outcome: ScanOutcome;
}

/** What applying one outcome did to the store (alert counts are zero for a rejection). */
export interface ApplyResult {
  readonly tileId: string;
  readonly status: 'done' | 'rejected';
  readonly code: string | null;
  readonly created: number;
  readonly updated: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly unchanged: number;
  readonly watchedPixels: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function tileRef(v: unknown, what: string): TileRef {
  if (!isObject(v) || !isString(v.tileId) || !isString(v.location) || !isString(v.sha256) || !(v.acquiredAt === null || isString(v.acquiredAt))) {
    throw new TypeError(`malformed job: ${what} is not a tile reference`);
  }
  return { tileId: v.tileId, location: v.location, sha256: v.sha256, acquiredAt: v.acquiredAt };
}

export function parseScanJobData(v: unknown): ScanJobData {
  if (!isObject(v) || !isString(v.jobId) || !isString(v.footprint) || !isString(v.segmentSetVersion) || !isObject(v.params)) {
    throw new TypeError('malformed scan job data');
  }
  for (const [k, p] of Object.entries(v.params)) {
    if (!['string', 'number', 'boolean'].includes(typeof p)) throw new TypeError(`malformed scan job: param ${k}`);
  }
  if (v.baselines !== undefined && (!Array.isArray(v.baselines) || v.baselines.length < 2)) {
    throw new TypeError('malformed scan job: baselines must list at least two tiles');
  }
  return {
    jobId: v.jobId,
    footprint: v.footprint,
    baseline: tileRef(v.baseline, 'baseline'),
    ...(Array.isArray(v.baselines) ? { baselines: v.baselines.map((b, k) => tileRef(b, `baselines[${k}]`)) } : {}),
    current: tileRef(v.current, 'current'),
    segmentSetVersion: v.segmentSetVersion,
    params: v.params as ScanJobParams,
  };
}

export function parseApplyJobData(v: unknown): ApplyJobData {
  if (!isObject(v) || !isString(v.scanJobId) || !isObject(v.outcome)) throw new TypeError('malformed apply job data');
  const o = v.outcome;
  if (!isString(o.jobId) || !isString(o.tileId)) throw new TypeError('malformed scan outcome');
  if (o.kind === 'done' && Array.isArray(o.candidates) && typeof o.watchedPixels === 'number') {
    return { scanJobId: v.scanJobId, outcome: o as unknown as ScanOutcome };
  }
  if (o.kind === 'rejected' && isString(o.code) && isString(o.message)) {
    return { scanJobId: v.scanJobId, outcome: o as unknown as ScanOutcome };
  }
  throw new TypeError('malformed scan outcome');
}
