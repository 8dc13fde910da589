// Rule: range answers are read by what they say — a 206 is trusted only with a Content-Range that
// matches, only strong ETags stand for bytes, and retries back off exponentially with jitter.
import { describe, expect, it } from 'vitest';
import { isStrongEtag, parseContentRange, rangeStatusVerdict, retryDelayMs } from '../../../src/io/tiff/http-range.js';

describe('Content-Range', () => {
  it('reads the three forms servers send', () => {
    expect(parseContentRange('bytes 0-1023/776801')).toEqual({ start: 0, end: 1023, totalBytes: 776801 });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ start: 5, end: 9, totalBytes: null });
    expect(parseContentRange('bytes */0')).toEqual({ start: null, end: null, totalBytes: 0 });
  });

  it('refuses ranges that cannot describe the object', () => {
    for (const bad of [null, '', 'bytes 9-5/100', 'bytes 0-100/100', 'items 0-1/2', 'bytes 0-1', 'bytes -1-5/10']) {
      expect(parseContentRange(bad)).toBeNull();
    }
  });
});

describe('HTTP status of a range GET', () => {
  it('separates what a retry can fix from what it cannot', () => {
    expect(rangeStatusVerdict(206).kind).toBe('partial');
    expect(rangeStatusVerdict(200).kind).toBe('whole');
    for (const s of [408, 429, 500, 502, 503, 504]) expect(rangeStatusVerdict(s).kind).toBe('transient');
    expect(rangeStatusVerdict(404)).toEqual({ kind: 'rejected', code: 'FILE_NOT_FOUND' });
    expect(rangeStatusVerdict(410)).toEqual({ kind: 'rejected', code: 'FILE_NOT_FOUND' });
    for (const s of [400, 401, 403, 301]) expect(rangeStatusVerdict(s)).toEqual({ kind: 'rejected', code: 'URL_UNREADABLE' });
  });
});

describe('ETags', () => {
  it('only a strong ETag names exact bytes', () => {
    expect(isStrongEtag('"d41d8cd98f00b204e9800998ecf8427e"')).toBe(true);
    expect(isStrongEtag('W/"abc"')).toBe(false);
    expect(isStrongEtag(null)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles per attempt and jitters within half to all of it', () => {
    expect(retryDelayMs(1, 100, 0)).toBe(50);
    expect(retryDelayMs(1, 100, 0.999999)).toBeCloseTo(100, 3);
    expect(retryDelayMs(3, 100, 0)).toBe(200);
    expect(retryDelayMs(3, 100, 0.999999)).toBeCloseTo(400, 3);
  });
});
