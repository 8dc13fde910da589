// Which earlier acquisitions make a tile's multi-date baseline. Rule: the `depth` most recent
// earlier tiles whose day of year lies within ±windowDays (default 45) of the current tile's —
// same season, any year, including the same year — when at least `depth` such exist; otherwise the
// `depth` most recent earlier tiles whatever their season (fewer when fewer exist). Same season
// keeps bare spring fields from being compared with summer crops, or snow with none.
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

export const DEFAULT_SEASON_WINDOW_DAYS = 45;

/** Day of year on a common non-leap calendar, so 1 July is day 181 in every year (29 Feb = 1 Mar). */
function dayOfYear(ms: number): number {
  const d = new Date(ms);
  return Math.round((Date.UTC(2001, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(2001, 0, 1)) / DAY_MS);
}

/** Distance between two instants' days of year, around the year's end (Dec 28 ↔ Jan 3 = 6 days). */
export function dayOfYearDistance(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) throw new RangeError(`dayOfYearDistance: not ISO 8601 dates: '${a}', '${b}'`);
  const d = Math.abs(dayOfYear(ta) - dayOfYear(tb));
  return Math.max(0, Math.min(d, YEAR_DAYS - d));
}

export interface BaselineSetOptions {
  readonly depth: number;
  readonly windowDays?: number;
}

/**
 * Indices into `earlier` (acquisition times, oldest first, all before `current`) of the baseline
 * set, oldest first. Empty only when `earlier` is.
 */
export function chooseBaselineSet(current: string, earlier: readonly string[], opts: BaselineSetOptions): number[] {
  if (!Number.isInteger(opts.depth) || opts.depth < 1) throw new RangeError(`baseline depth must be a positive integer, got ${opts.depth}`);
  const windowDays = opts.windowDays ?? DEFAULT_SEASON_WINDOW_DAYS;
  const all = earlier.map((_, k) => k);
  const seasonal = all.filter((k) => dayOfYearDistance(current, earlier[k]!) <= windowDays);
  const pool = seasonal.length >= opts.depth ? seasonal : all;
  return pool.slice(Math.max(0, pool.length - opts.depth));
}
