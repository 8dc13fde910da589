// Request schemas without a library: small checkers that either return the typed value or throw a
// 400 naming the field and what was expected. Unknown fields are refused, so a typo is an error.
import { ApiError } from './errors.js';

export const MAX_TEXT_CHARS = 2000;
const MAX_ID_CHARS = 200;

type Where = 'BODY_INVALID' | 'QUERY_INVALID';

function bad(where: Where, field: string, expected: string): ApiError {
  return new ApiError(where, `${field}: expected ${expected}`, { field });
}

export function object(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('BODY_INVALID', field, 'a JSON object');
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new ApiError('BODY_INVALID', `${field}: unknown field '${extra}' (allowed: ${allowed.join(', ')})`, { field: extra });
  return value as Record<string, unknown>;
}

export function text(value: unknown, field: string, opts: { optional: true; maxChars?: number }): string | undefined;
export function text(value: unknown, field: string, opts?: { optional?: false; maxChars?: number }): string;
export function text(value: unknown, field: string, opts: { optional?: boolean; maxChars?: number } = {}): string | undefined {
  if (value === undefined && opts.optional) return undefined;
  const max = opts.maxChars ?? MAX_TEXT_CHARS;
  if (typeof value !== 'string' || value.length > max) throw bad('BODY_INVALID', field, `a string of at most ${max} characters`);
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) throw bad('BODY_INVALID', field, `one of ${options.join(', ')}`);
  return value as T;
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('BODY_INVALID', field, 'a finite number');
  return value;
}

export function list<T>(value: unknown, field: string, item: (v: unknown, f: string) => T, maxItems: number, minItems = 0): T[] {
  if (!Array.isArray(value) || value.length > maxItems || value.length < minItems) {
    throw bad('BODY_INVALID', field, `an array of ${minItems}..${maxItems} items`);
  }
  return value.map((v, i) => item(v, `${field}[${i}]`));
}

/**
 * An id from a path or body: opaque, printable, bounded. Ids are only ever database keys (never
 * joined into a file path), so this is about clear errors, not the safety of the lookup.
 */
export function opaqueId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_CHARS || /[\u0000-\u001f\u007f]/.test(value)) {
    throw bad('BODY_INVALID', field, `an id of 1..${MAX_ID_CHARS} printable characters`);
  }
  return value;
}

// --- query strings ------------------------------------------------------------------------------

export function allowOnly(query: URLSearchParams, allowed: readonly string[]): void {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) throw new ApiError('QUERY_INVALID', `unknown query parameter '${key}' (allowed: ${allowed.join(', ')})`, { field: key });
  }
}

export function queryInt(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw bad('QUERY_INVALID', name, `an integer in ${min}..${max}`);
  return n;
}

export function queryList<T extends string>(query: URLSearchParams, name: string, options?: readonly T[]): T[] | undefined {
  const raw = query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (!raw.length) return undefined;
  if (options) for (const v of raw) if (!(options as readonly string[]).includes(v)) throw bad('QUERY_INVALID', name, `values from ${options.join(', ')}`);
  return raw as T[];
}

/** bbox=west,south,east,north in WGS 84 degrees (OGC API order). */
export function queryBbox(query: URLSearchParams): [number, number, number, number] | undefined {
  const raw = query.get('bbox');
  if (raw === null) return undefined;
  const parts = raw.split(',').map(Number);
  const ok = parts.length === 4 && parts.every(Number.isFinite) && parts[1]! <= parts[3]! && Math.abs(parts[0]!) <= 180 &&
    Math.abs(parts[2]!) <= 180 && Math.abs(parts[1]!) <= 90 && Math.abs(parts[3]!) <= 90;
  if (!ok) throw bad('QUERY_INVALID', 'bbox', 'west,south,east,north in degrees (WGS 84)');
  return parts as [number, number, number, number];
}

/**
 * datetime as OGC API Features defines it: an instant, or `start/end` with `..` (or empty) for an
 * open end. Returns the closed interval to test against; undefined bounds are open.
 */
export function queryDatetime(query: URLSearchParams): { from?: string; to?: string } | undefined {
  const raw = query.get('datetime');
  if (raw === null) return undefined;
  const iso = (s: string): string | undefined => {
    if (s === '' || s === '..') return undefined;
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw bad('QUERY_INVALID', 'datetime', 'an RFC 3339 instant or interval start/end (.. for open)');
    return new Date(t).toISOString();
  };
  const parts = raw.split('/');
  if (parts.length > 2) throw bad('QUERY_INVALID', 'datetime', 'an RFC 3339 instant or interval start/end');
  if (parts.length === 1) {
    const at = iso(parts[0]!);
    if (at === undefined) throw bad('QUERY_INVALID', 'datetime', 'an RFC 3339 instant');
    return { from: at, to: at };
  }
  const from = iso(parts[0]!);
  const to = iso(parts[1]!);
  if (from !== undefined && to !== undefined && from > to) throw bad('QUERY_INVALID', 'datetime', 'an interval whose start is not after its end');
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
