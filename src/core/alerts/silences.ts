// Silences: time-windowed matchers that express planned or authorised activity (Alertmanager's
// idea, made spatial-ish: segment, kind, area, side). A candidate they match is suppressed, not lost.
import type { AlertCandidate, AlertKind } from './candidate.js';
import type { BorderSide } from '../types.js';

export interface SilenceMatchers {
  /** Segment ids or globs (`*` any run, `?` one character), e.g. ['KAZ-RUS-0*']. */
  readonly segmentIds?: readonly string[];
  readonly kinds?: readonly AlertKind[];
  readonly minAreaM2?: number;
  readonly maxAreaM2?: number;
  readonly sides?: readonly BorderSide[];
}

export interface SilenceSpec {
  readonly matchers: SilenceMatchers;
  /** ISO 8601; the silence covers observations in [startsAt, endsAt). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly author: string;
  readonly comment: string;
}

export interface Silence extends SilenceSpec {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type SilenceError =
  | { readonly code: 'SILENCE_NO_MATCHERS' }
  | { readonly code: 'SILENCE_BAD_TIME'; readonly field: 'startsAt' | 'endsAt' }
  | { readonly code: 'SILENCE_EMPTY_WINDOW' }
  | { readonly code: 'SILENCE_BAD_AREA' }
  | { readonly code: 'SILENCE_AUTHOR_REQUIRED' }
  | { readonly code: 'SILENCE_COMMENT_REQUIRED' }
  | { readonly code: 'SILENCE_BAD_MATCHER'; readonly field: 'segmentIds' | 'kinds' | 'sides' };

const KINDS: readonly AlertKind[] = ['ground', 'aerial'];
const SIDES: readonly BorderSide[] = ['left', 'right'];

function hasAny(list: readonly unknown[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}

/**
 * Checks a silence before it is stored. A silence with no matcher would hide every alert on the
 * border, so at least one is required; a comment is required because a silence is a decision
 * someone must be able to explain later.
 */
export function validateSilence(spec: SilenceSpec): SilenceError | null {
  const m = spec.matchers;
  const hasArea = m.minAreaM2 !== undefined || m.maxAreaM2 !== undefined;
  if (!hasAny(m.segmentIds) && !hasAny(m.kinds) && !hasAny(m.sides) && !hasArea) return { code: 'SILENCE_NO_MATCHERS' };
  if (m.segmentIds && m.segmentIds.some((s) => typeof s !== 'string' || s.trim() === '')) {
    return { code: 'SILENCE_BAD_MATCHER', field: 'segmentIds' };
  }
  if (m.kinds && m.kinds.some((k) => !KINDS.includes(k))) return { code: 'SILENCE_BAD_MATCHER', field: 'kinds' };
  if (m.sides && m.sides.some((s) => !SIDES.includes(s))) return { code: 'SILENCE_BAD_MATCHER', field: 'sides' };
  const areaOk = (v: number | undefined): boolean => v === undefined || (Number.isFinite(v) && v >= 0);
  if (!areaOk(m.minAreaM2) || !areaOk(m.maxAreaM2)) return { code: 'SILENCE_BAD_AREA' };
  if (m.minAreaM2 !== undefined && m.maxAreaM2 !== undefined && m.minAreaM2 > m.maxAreaM2) return { code: 'SILENCE_BAD_AREA' };
  const starts = Date.parse(spec.startsAt);
  const ends = Date.parse(spec.endsAt);
  if (Number.isNaN(starts)) return { code: 'SILENCE_BAD_TIME', field: 'startsAt' };
  if (Number.isNaN(ends)) return { code: 'SILENCE_BAD_TIME', field: 'endsAt' };
  if (ends <= starts) return { code: 'SILENCE_EMPTY_WINDOW' };
  if (!spec.author.trim()) return { code: 'SILENCE_AUTHOR_REQUIRED' };
  if (!spec.comment.trim()) return { code: 'SILENCE_COMMENT_REQUIRED' };
  return null;
}

/** Whether the silence covers instant `at` (ISO 8601): startsAt ≤ at < endsAt. */
export function isActive(silence: SilenceSpec, at: string): boolean {
  const t = Date.parse(at);
  return Date.parse(silence.startsAt) <= t && t < Date.parse(silence.endsAt);
}

/** Glob over segment ids: `*` matches any run of characters, `?` exactly one; the rest is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** The candidate facts a silence can match on. */
export type SilenceSubject = Pick<AlertCandidate, 'segmentId' | 'kind' | 'areaM2' | 'side'>;

/**
 * Whether the silence suppresses this subject observed at `at`. Every matcher present must match
 * (AND); a side matcher never matches a change with no known side, so a silence on one side of
 * the border cannot hide something whose side we could not tell.
 */
export function matches(silence: SilenceSpec, subject: SilenceSubject, at: string): boolean {
  if (!isActive(silence, at)) return false;
  const m = silence.matchers;
  if (hasAny(m.segmentIds) && !m.segmentIds!.some((p) => globMatches(p, subject.segmentId))) return false;
  if (hasAny(m.kinds) && !m.kinds!.includes(subject.kind)) return false;
  if (m.minAreaM2 !== undefined && subject.areaM2 < m.minAreaM2) return false;
  if (m.maxAreaM2 !== undefined && subject.areaM2 > m.maxAreaM2) return false;
  if (hasAny(m.sides) && (subject.side === null || !m.sides!.includes(subject.side))) return false;
  return true;
}

/** The first silence (in the given order) that suppresses the subject at `at`, or null. */
export function findMatchingSilence<S extends SilenceSpec>(silences: readonly S[], subject: SilenceSubject, at: string): S | null {
  return silences.find((s) => matches(s, subject, at)) ?? null;
}
