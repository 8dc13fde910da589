// What a webhook receiver's status means for a row, and how long a failing receiver is left alone.
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, verdictForStatus } from '../../../src/io/notify/retry-policy.js';

describe('verdictForStatus', () => {
  it('any 2xx delivers the row', () => {
    expect([200, 201, 202, 204, 299].map(verdictForStatus)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('408, 429 and every 5xx are the receiver\'s trouble, so the row is retried', () => {
    expect([408, 429, 500, 502, 503, 504, 599].map(verdictForStatus)).toEqual(Array(7).fill('retry'));
  });

  it('other 4xx refuse the request itself, and an unfollowed redirect cannot succeed either: permanent', () => {
    expect([400, 401, 403, 404, 410, 413, 422, 301, 302].map(verdictForStatus)).toEqual(Array(9).fill('permanent'));
  });
});

describe('backoffDelayMs', () => {
  const s = { baseMs: 1000, maxMs: 60_000 };

  it('doubles with each consecutive failure until the cap, jitter only ever shortening it to half', () => {
    const top = (n: number) => backoffDelayMs(n, s, () => 1);
    const bottom = (n: number) => backoffDelayMs(n, s, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(top)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect([1, 2, 7].map(bottom)).toEqual([500, 1000, 30000]);
  });

  it('never overflows to Infinity or NaN after a receiver has been down for a very long time', () => {
    expect(backoffDelayMs(10_000, s, () => 1)).toBe(60_000);
  });

  it('spreads notifiers that failed together across the upper half of the delay', () => {
    const draws = [0.1, 0.35, 0.6, 0.85];
    const delays = draws.map((r) => backoffDelayMs(3, s, () => r));
    expect(new Set(delays).size).toBe(draws.length);
    expect(delays.every((d) => d >= 2000 && d <= 4000)).toBe(true);
  });
});
