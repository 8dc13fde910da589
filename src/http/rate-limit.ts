// Token-bucket rate limits (RELIABILITY.md "least privilege"): each caller (token) gets a steady
// rate with a burst, and failed authentications are limited per client address so tokens cannot
// be guessed at speed. Time comes in as an argument, so the limiter is tested without sleeping.

export interface RateLimit {
  /** Sustained requests per second. */
  readonly perSecond: number;
  /** Requests allowed at once after an idle spell. */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterS: number };

/** Keyed token buckets; idle keys are forgotten so the map stays small. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly limit: RateLimit, private readonly maxKeys = 10_000) {}

  /** Whether `key` is out of tokens right now, without spending one. */
  check(key: string, nowMs: number): Admission {
    const b = this.buckets.get(key);
    if (!b) return { ok: true };
    const tokens = Math.min(this.limit.burst, b.tokens + ((nowMs - b.atMs) / 1000) * this.limit.perSecond);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond)) };
  }

  take(key: string, nowMs: number): Admission {
    const { perSecond, burst } = this.limit;
    const b = this.buckets.get(key) ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.atMs) / 1000) * perSecond);
    b.atMs = nowMs;
    this.buckets.delete(key);
    this.buckets.set(key, b); // most recently used last, so eviction drops the idlest
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perSecond)) };
  }
}

/** Defaults sized for analysts triaging at keyboard speed and GIS clients paging through features. */
export const DEFAULT_CALLER_LIMIT: RateLimit = { perSecond: 30, burst: 300 };
export const DEFAULT_AUTH_FAILURE_LIMIT: RateLimit = { perSecond: 5, burst: 200 };
