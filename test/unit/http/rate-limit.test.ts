import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/http/rate-limit.js';

describe('token-bucket rate limits', () => {
  it('allows a burst, then refuses with how long to wait, then refills at the sustained rate', () => {
    const l = new RateLimiter({ perSecond: 2, burst: 3 });
    expect([1, 2, 3].map(() => l.take('a', 0).ok)).toEqual([true, true, true]);
    expect(l.take('a', 0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(l.take('a', 499).ok).toBe(false);
    expect(l.take('a', 1000).ok).toBe(true); // 2/s: one token back after 500 ms
  });

  it('keeps callers apart: one busy token does not slow another', () => {
    const l = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(l.take('busy', 0).ok).toBe(true);
    expect(l.take('busy', 0).ok).toBe(false);
    expect(l.take('other', 0).ok).toBe(true);
  });

  it('can tell whether a key is exhausted without spending a token', () => {
    const l = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(l.check('k', 0).ok).toBe(true);
    expect(l.take('k', 0).ok).toBe(true);
    expect(l.check('k', 0).ok).toBe(false);
    expect(l.check('k', 1000).ok).toBe(true);
  });
});
