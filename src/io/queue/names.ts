// Queue and job names: one place, so producers, workers and the status command agree.

/** Scan jobs: one tile pair each; any number of workers on any number of machines. */
export const SCAN_QUEUE = 'scan';
/** Scan outcomes to apply to the store: consumed by the one alert worker that owns the store. */
export const ALERTS_QUEUE = 'alerts';

export const SCAN_JOB = 'scan-pair';
export const APPLY_JOB = 'apply-outcome';

/** The Redis hash (under the queue prefix) holding every planned scan, for the reconciler. */
export const PLAN_KEY = 'plan';
/** The Redis key prefix holding segment sets by version, so workers on other machines can load them. */
export const SEGMENT_SET_KEY = 'segment-set';

/** The alert job id for a scan job id: derived, so re-adding after a crash is a no-op while it exists. */
export function alertJobId(scanJobId: string): string {
  return `apply-${scanJobId}`;
}
