// Ids derived from inputs (ARCHITECTURE.md "Identity and idempotency"): the same tile pair, segment
// set, parameters and pipeline version always give the same job id, so submitting twice is a no-op.
import { createHash } from 'node:crypto';
import type { AuthorisedZone } from '../core/alerts/authorise.js';
import type { BorderSegment } from '../core/types.js';
import type { ScanJobParams, TileRef } from '../io/queue/jobs.js';

/** JSON with object keys sorted, so equal values hash equally whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Version of a segment set plus its authorised zones: a content hash, 16 hex characters. */
export function segmentSetVersion(segments: readonly BorderSegment[], zones: readonly AuthorisedZone[]): string {
  return sha256Hex(canonicalJson({ segments, zones })).slice(0, 16);
}

export interface ScanJobKey {
  readonly current: Pick<TileRef, 'tileId' | 'sha256'>;
  readonly baseline: Pick<TileRef, 'tileId' | 'sha256'>;
  /** A multi-date baseline (two or more tiles); absent or one tile = the single `baseline`. */
  readonly baselines?: readonly Pick<TileRef, 'tileId' | 'sha256'>[];
  readonly segmentSetVersion: string;
  readonly params: ScanJobParams;
  readonly pipelineVersion: string;
}

/**
 * `scan-` + 32 hex characters (BullMQ ids must not contain ':' nor be all digits). The catalog id
 * of the current tile is part of it: two catalog entries with the same bytes are two tiles to
 * finish, and each needs its own job. A multi-date baseline enters as the sorted set of its tiles'
 * hashes (a median does not depend on their order); a single tile exactly as it always has, so a
 * depth-1 batch keeps its job ids.
 */
export function scanJobId(key: ScanJobKey): string {
  const baseline = key.baselines && key.baselines.length > 1
    ? { median: key.baselines.map((b) => b.sha256).sort() }
    : key.baseline.sha256;
  return `scan-${sha256Hex(canonicalJson([
    key.current.tileId, key.current.sha256, baseline, key.segmentSetVersion, key.params, key.pipelineVersion,
  ])).slice(0, 32)}`;
}
