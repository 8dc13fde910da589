// The streamed statistics of the agreement rule must be the in-memory ones exactly: order statistics
// of signed float32 streams equal sorting, and the units and both hysteresis cuts found in passes
// over (C, M5, D5) equal noise-units.ts + chooseThreshold on the whole arrays — including the
// fallbacks (MAD 0 → mean absolute deviation; flat low tail → median floor).
import { mulberry32 } from '../../../src/core/prng.js';
import { describe, expect, it } from 'vitest';
import { FloatRankSelect } from '../../../src/core/detect/stream/float-rank-select.js';
import { AgreeCutFinder } from '../../../src/core/detect/stream/agree-cuts.js';
import { applyUnits, lowTailUnits, robustUnits } from '../../../src/core/detect/change/noise-units.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';

describe('FloatRankSelect', () => {
  it('gives the values sorting gives, for values of both signs, ties, zeros of both signs and tiny/huge magnitudes', () => {
    const random = mulberry32(3);
    const values = Float32Array.from({ length: 20_000 }, (_, i) => {
      const u = random();
      if (i % 97 === 0) return -0;
      if (i % 89 === 0) return 0;
      if (i % 13 === 0) return 1.5; // a tie
      if (i % 31 === 0) return (u - 0.5) * 1e-40; // subnormal
      return (u - 0.3) * 10 ** Math.floor(random() * 12 - 4);
    });
    const sorted = values.slice().sort();
    const select = new FloatRankSelect();
    for (const v of values) select.addHigh(v);
    const ranks = [0, 1, 500, 4999, 10_000, 15_000, 19_998, 19_999];
    select.locate(ranks);
    for (let i = values.length - 1; i >= 0; i--) select.addLow(values[i]!); // any order
    expect(select.values()).toEqual(ranks.map((r) => sorted[r]!));
  });
});

/** The in-memory definition: AGREE_MEASURE's units and findChanges' hysteresis cuts on whole arrays. */
function inMemory(c: Float32Array, m: Float32Array, d: Float32Array): { units: number[]; low: number; high: number; lowFloor: number } {
  const uc = lowTailUnits(c);
  const um = robustUnits(m);
  const ud = robustUnits(d);
  const s = applyUnits(m.slice(), um);
  const dz = applyUnits(d.slice(), ud);
  for (let i = 0; i < s.length; i++) s[i] = s[i]! + dz[i]!;
  const us = lowTailUnits(s);
  const score = applyUnits(c.slice(), uc);
  const sz = applyUnits(s, us);
  for (let i = 0; i < score.length; i++) score[i] = Math.min(score[i]!, sz[i]!);
  const all = new Uint8Array(score.length).fill(1);
  const low = chooseThreshold(score, all, { method: 'otsu-low', noiseFloorK: 6.5 });
  const high = chooseThreshold(score, all, { method: 'otsu-low', noiseFloorK: 16 });
  return { units: [uc, um, ud, us].flatMap((u) => [u.location, u.scale]), low: low.threshold, high: high.threshold, lowFloor: low.noiseFloor };
}

function streamed(c: Float32Array, m: Float32Array, d: Float32Array): { units: number[]; low: number; high: number; lowFloor: number; passes: number } {
  const finder = new AgreeCutFinder(6.5, 16);
  let passes = 0;
  while (!finder.done) {
    for (let i = 0; i < c.length; i++) finder.add(c[i]!, m[i]!, d[i]!);
    finder.endPass();
    passes++;
  }
  const r = finder.result();
  return { units: [r.cva, r.magnitude, r.detail, r.sum].flatMap((u) => [u.location, u.scale]), low: r.low, high: r.high, lowFloor: r.lowFloor, passes };
}

describe('AgreeCutFinder', () => {
  it('finds the in-memory units and cuts in nine passes on noise with a changed tail', () => {
    const random = mulberry32(11);
    const n = 30_000; // even: the lower median is not the upper one
    const changed = (i: number): boolean => i % 50 === 0;
    const c = Float32Array.from({ length: n }, (_, i) => 20 + 8 * random() + (changed(i) ? 300 * random() : 0));
    const m = Float32Array.from({ length: n }, (_, i) => 30 + 10 * random() + (changed(i) ? 200 : 0));
    const d = Float32Array.from({ length: n }, (_, i) => 5 + 3 * random() + (changed(i) ? 40 * random() : 0));
    const got = streamed(c, m, d);
    const want = inMemory(c, m, d);
    expect(got.passes).toBe(9);
    expect({ ...got, passes: undefined }).toEqual({ ...want, passes: undefined });
  });

  it('falls back as the in-memory rule does when most terms are one value (MAD 0, flat low tail): ten passes', () => {
    const random = mulberry32(5);
    const n = 20_000;
    const flat = (i: number): boolean => i % 10 < 6;
    const c = Float32Array.from({ length: n }, (_, i) => (flat(i) ? 4 : 4 + 50 * random()));
    const m = Float32Array.from({ length: n }, (_, i) => (flat(i) ? 7 : 7 + 60 * random()));
    const d = Float32Array.from({ length: n }, (_, i) => (flat(i) ? 0 : 30 * random()));
    const got = streamed(c, m, d);
    const want = inMemory(c, m, d);
    expect(got.passes).toBe(10);
    expect({ ...got, passes: undefined }).toEqual({ ...want, passes: undefined });
    expect(got.low).toBe(got.high); // both cuts are the median floor
  });
});
