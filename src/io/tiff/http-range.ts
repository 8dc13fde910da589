// Pure pieces of reading an object with HTTP range requests: what a status means for us, the
// Content-Range header, which ETags identify bytes, and how long to wait before a retry.
import type { InputErrorCode } from '../../core/errors.js';

/** What to do with an HTTP status answering a `Range: bytes=a-b` GET. */
export type RangeStatusVerdict =
  | { readonly kind: 'partial' }
  | { readonly kind: 'whole' }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'transient' }
  | { readonly kind: 'rejected'; readonly code: InputErrorCode };

export function rangeStatusVerdict(status: number): RangeStatusVerdict {
  if (status === 206) return { kind: 'partial' };
  // 200 means the server ignored Range and is sending the whole object.
  if (status === 200) return { kind: 'whole' };
  if (status === 416) return { kind: 'unsatisfiable' };
  if (status === 404 || status === 410) return { kind: 'rejected', code: 'FILE_NOT_FOUND' };
  // Timeouts, throttling and server faults pass; everything else (401, 403, 400, 3xx left
  // unfollowed, …) will not change by asking again.
  if (status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599)) return { kind: 'transient' };
  return { kind: 'rejected', code: 'URL_UNREADABLE' };
}

export interface ContentRange {
  /** First byte sent (inclusive); null for the `bytes *\/size` form of a 416. */
  readonly start: number | null;
  /** Last byte sent (inclusive). */
  readonly end: number | null;
  /** Size of the whole object; null when the server says `*` (unknown). */
  readonly totalBytes: number | null;
}

const CONTENT_RANGE = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i;

/** Parses `bytes a-b/size`, `bytes a-b/*` or `bytes *\/size`; null when malformed. */
export function parseContentRange(header: string | null): ContentRange | null {
  if (header === null) return null;
  const m = CONTENT_RANGE.exec(header);
  if (!m) return null;
  const num = (s: string | undefined): number | null => (s === undefined || s === '*' ? null : Number(s));
  const start = num(m[1]);
  const end = num(m[2]);
  const totalBytes = num(m[3]);
  if ([start, end, totalBytes].some((v) => v !== null && !Number.isSafeInteger(v))) return null;
  if (start !== null && end !== null && (end < start || (totalBytes !== null && end >= totalBytes))) return null;
  return { start, end, totalBytes };
}

/**
 * A strong ETag (`"…"`, not `W/"…"`) names the exact bytes of one version of the object (RFC 9110
 * 8.8.3); a weak one only says two versions are equivalent, so it cannot stand for the content.
 */
export function isStrongEtag(etag: string | null): etag is string {
  return etag !== null && /^"[^"]*"$/.test(etag.trim());
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, with jitter
 * in [50 %, 100 %] so workers that failed together do not come back together. `random` in [0, 1).
 */
export function retryDelayMs(attempt: number, baseMs: number, random: number): number {
  return baseMs * 2 ** (attempt - 1) * (0.5 + random / 2);
}
