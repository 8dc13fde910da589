// What a receiver's answer means for an outbox row, and how long to leave a failing receiver
// alone before the next attempt.

export type Verdict = 'sent' | 'retry' | 'permanent';

/** 2xx delivers; 408, 429 and 5xx are the receiver's trouble and retried; any other 4xx (and a
 *  3xx, which we never follow) means the request itself is refused, so repeating it cannot help. */
export function verdictForStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

export interface BackoffSettings {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Delay after the `failures`-th consecutive failure (1 = first): base·2^(failures−1) capped at
 *  max, with the upper half jittered so notifiers restarted together do not retry in lockstep. */
export function backoffDelayMs(failures: number, s: BackoffSettings, random: () => number): number {
  const full = Math.min(s.maxMs, s.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 52)));
  return Math.round(full / 2 + (full / 2) * random());
}
