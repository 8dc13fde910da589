// Retry delay for transient scan failures: exponential with jitter, like BullMQ's, so the
// embedded runner retries the way the distributed one does.

/** Delay before retry `attempt` (1 = the first retry): base·2^(attempt−1), jitter·that taken off at random. */
export function retryDelayMs(attempt: number, baseMs: number, jitter: number, random: () => number): number {
  const full = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(full * (1 - jitter * random()));
}
