import { describe, expect, it } from 'vitest';
import { findMatchingSilence, globMatches, isActive, matches, validateSilence, type Silence, type SilenceSpec } from '../../../src/core/alerts/silences.js';
import { makeCandidate } from './make-candidate.js';

const spec = (o: Partial<SilenceSpec> = {}): SilenceSpec => ({
  matchers: { segmentIds: ['KAZ-RUS-017'] },
  startsAt: '2021-06-01T00:00:00Z',
  endsAt: '2021-07-01T00:00:00Z',
  author: 'operator-1',
  comment: 'permitted road works at the Petropavl crossing',
  ...o,
});
const INSIDE = '2021-06-15T06:00:00Z';

describe('silence matching', () => {
  it('suppresses a candidate on a listed segment only while the window is open, end exclusive', () => {
    const s = spec();
    const c = makeCandidate();
    expect(matches(s, c, INSIDE)).toBe(true);
    expect(matches(s, c, '2021-06-01T00:00:00Z')).toBe(true);
    expect(matches(s, c, '2021-05-31T23:59:59Z')).toBe(false);
    expect(matches(s, c, '2021-07-01T00:00:00Z')).toBe(false);
  });

  it('matches segment ids by glob: * for any run, ? for one character, other characters literally', () => {
    expect(globMatches('KAZ-RUS-*', 'KAZ-RUS-017')).toBe(true);
    expect(globMatches('KAZ-RUS-01?', 'KAZ-RUS-017')).toBe(true);
    expect(globMatches('KAZ-RUS-01?', 'KAZ-RUS-0170')).toBe(false);
    expect(globMatches('KAZ-CHN-*', 'KAZ-RUS-017')).toBe(false);
    expect(globMatches('KAZ.RUS.017', 'KAZxRUSx017')).toBe(false);
    expect(matches(spec({ matchers: { segmentIds: ['KAZ-CHN-*', 'KAZ-RUS-0*'] } }), makeCandidate(), INSIDE)).toBe(true);
  });

  it('requires every matcher to hold: kind, area range and side', () => {
    const s = spec({ matchers: { segmentIds: ['KAZ-*'], kinds: ['ground'], minAreaM2: 1000, maxAreaM2: 5000, sides: ['left'] } });
    expect(matches(s, makeCandidate(), INSIDE)).toBe(true);
    expect(matches(s, makeCandidate({ kind: 'aerial' }), INSIDE)).toBe(false);
    expect(matches(s, makeCandidate({ areaM2: 999 }), INSIDE)).toBe(false);
    expect(matches(s, makeCandidate({ areaM2: 5001 }), INSIDE)).toBe(false);
    expect(matches(s, makeCandidate({ side: 'right' }), INSIDE)).toBe(false);
  });

  it('a side matcher never hides a change whose side is unknown', () => {
    expect(matches(spec({ matchers: { sides: ['left', 'right'] } }), makeCandidate({ side: null }), INSIDE)).toBe(false);
  });

  it('finds the first matching silence and none when none match', () => {
    const silences: Silence[] = [
      { ...spec({ matchers: { kinds: ['aerial'] } }), id: 's-air', createdAt: INSIDE, updatedAt: INSIDE },
      { ...spec(), id: 's-seg', createdAt: INSIDE, updatedAt: INSIDE },
    ];
    expect(findMatchingSilence(silences, makeCandidate(), INSIDE)?.id).toBe('s-seg');
    expect(findMatchingSilence(silences, makeCandidate({ segmentId: 'KAZ-CHN-001' }), INSIDE)).toBeNull();
  });

  it('compares instants, not text, so time zones do not shift the window', () => {
    expect(isActive(spec(), '2021-06-01T05:00:00+06:00')).toBe(false);
    expect(isActive(spec(), '2021-06-01T07:00:00+06:00')).toBe(true);
  });
});

describe('silence validation', () => {
  it('refuses a silence with no matcher, which would hide the whole border', () => {
    expect(validateSilence(spec({ matchers: {} }))).toEqual({ code: 'SILENCE_NO_MATCHERS' });
    expect(validateSilence(spec({ matchers: { segmentIds: [] } }))).toEqual({ code: 'SILENCE_NO_MATCHERS' });
  });

  it('refuses an empty or inverted window, bad times, inverted area ranges, unknown kinds', () => {
    expect(validateSilence(spec({ endsAt: '2021-06-01T00:00:00Z' }))).toEqual({ code: 'SILENCE_EMPTY_WINDOW' });
    expect(validateSilence(spec({ startsAt: 'tomorrow' }))).toEqual({ code: 'SILENCE_BAD_TIME', field: 'startsAt' });
    expect(validateSilence(spec({ matchers: { minAreaM2: 10, maxAreaM2: 5 } }))).toEqual({ code: 'SILENCE_BAD_AREA' });
    expect(validateSilence(spec({ matchers: { kinds: ['naval' as 'ground'] } }))).toEqual({ code: 'SILENCE_BAD_MATCHER', field: 'kinds' });
  });

  it('requires an author and a comment, so a silence can be explained later', () => {
    expect(validateSilence(spec({ author: ' ' }))).toEqual({ code: 'SILENCE_AUTHOR_REQUIRED' });
    expect(validateSilence(spec({ comment: '' }))).toEqual({ code: 'SILENCE_COMMENT_REQUIRED' });
    expect(validateSilence(spec())).toBeNull();
  });
});
