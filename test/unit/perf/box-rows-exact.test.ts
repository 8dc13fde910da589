// The streamed box means add by sliding (entering tap or row in, leaving one out) only where a
// check proves every addition exact; they must equal, bit for bit, the sums taken in order
// (taps left to right, rows top to bottom, from +0) that the in-memory scan takes — on data that
// passes the check and on data built to fail it (huge next to tiny values, subnormals, NaN holes,
// infinities, both zeros), or a threshold and an alert could move with the engine.
import { describe, expect, it } from 'vitest';
import { boxRowSums, orderedRowSums, powerOfTwoAtLeast, slidingRowSums, widenSpans, type Spans } from '../../../src/core/detect/stream/box-rows.js';
import { SlidingColumnMean, type RowSumsRef } from '../../../src/core/detect/stream/sliding-column-mean.js';
import { mulberry32 } from '../../../src/core/prng.js';

/** Deterministic uniform [0, 1) numbers. */
const uniform = mulberry32;

type Kind = 'dn-difference' | 'magnitude' | 'wide-range' | 'subnormal-next-to-large' | 'holes-and-infinities' | 'zeros' | 'cancelling';
const KINDS: Kind[] = ['dn-difference', 'magnitude', 'wide-range', 'subnormal-next-to-large', 'holes-and-infinities', 'zeros', 'cancelling'];

/** A float32 row of one kind; the first two are what the default detector feeds (differences of fitted DN, their roots). */
function rowOf(kind: Kind, width: number, rand: () => number): Float32Array {
  const row = new Float32Array(width);
  for (let c = 0; c < width; c++) {
    const before = Math.floor(rand() * 4000);
    const after = Math.fround(1.0137 * Math.floor(rand() * 4000) - 7.31);
    const d = Math.fround(after - before);
    switch (kind) {
      case 'dn-difference': row[c] = d; break;
      case 'magnitude': row[c] = Math.sqrt(d * d + 3 * before); break;
      case 'wide-range': row[c] = (rand() < 0.5 ? -1 : 1) * 10 ** (rand() * 60 - 30); break;
      case 'subnormal-next-to-large': row[c] = rand() < 0.5 ? (rand() < 0.5 ? 1e-45 : 3e-40) : d * 1e6; break;
      case 'holes-and-infinities': row[c] = rand() < 0.3 ? NaN : rand() < 0.1 ? (rand() < 0.5 ? Infinity : -Infinity) : d / 7; break;
      case 'zeros': row[c] = rand() < 0.5 ? 0 : -0; break;
      case 'cancelling': row[c] = c % 13 === 0 ? 2 ** 40 : c % 13 === 1 ? -(2 ** 40) : Math.fround(rand() * 1e-3); break;
    }
  }
  return row;
}

/** Random ascending, disjoint column spans (possibly none, possibly the whole row). */
function spansOf(width: number, rand: () => number): Spans {
  const out: number[] = [];
  let c = Math.floor(rand() * 6);
  while (c < width && rand() < 0.85) {
    const end = Math.min(width, c + 1 + Math.floor(rand() * 30));
    out.push(c, end);
    c = end + 1 + Math.floor(rand() * 10);
  }
  return Int32Array.from(out);
}

function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`${what}: index ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Sliding sums with no check at all (all taps finite): what the fast path would give unguarded. */
function naiveSlide(row: Float32Array, r: number): Float64Array {
  const W = row.length;
  const out = new Float64Array(W);
  let s = 0;
  for (let d = 0; d <= Math.min(W - 1, r); d++) s += row[d]!;
  out[0] = s;
  for (let c = 1; c < W; c++) {
    if (c + r < W) s += row[c + r]!;
    if (c - r - 1 >= 0) s -= row[c - r - 1]!;
    out[c] = s;
  }
  return out;
}

describe('horizontal box sums', () => {
  it('equal the left-to-right sums from +0 on every kind of row, at every radius and span layout', () => {
    const rand = uniform(7);
    for (let trial = 0; trial < 400; trial++) {
      const kind = KINDS[trial % KINDS.length]!;
      const width = 1 + Math.floor(rand() * 90);
      const r = [1, 2, 5, 7][trial % 4]!;
      const row = rowOf(kind, width, rand);
      const spans = spansOf(width, rand);
      const sums = new Float64Array(width), counts = new Uint16Array(width);
      const wantSums = new Float64Array(width), wantCounts = new Uint16Array(width);
      boxRowSums(row, r, spans, sums, counts);
      for (let k = 0; k < spans.length; k += 2) orderedRowSums(row, r, spans[k]!, spans[k + 1]!, wantSums, wantCounts);
      expectSameBits(sums, wantSums, `${kind} r=${r} sums`);
      expectSameBits(counts, wantCounts, `${kind} r=${r} counts`);
    }
  });

  it('the reference itself is the plain definition: finite taps in reach, left to right', () => {
    const rand = uniform(11);
    const row = rowOf('holes-and-infinities', 40, rand);
    const sums = new Float64Array(40), counts = new Uint16Array(40);
    orderedRowSums(row, 3, 0, 40, sums, counts);
    for (let c = 0; c < 40; c++) {
      let s = 0, n = 0;
      for (let d = Math.max(0, c - 3); d <= Math.min(39, c + 3); d++) if (Number.isFinite(row[d])) { s += row[d]!; n++; }
      expect(Object.is(sums[c], s) && counts[c] === n).toBe(true);
    }
  });

  it('slides on the rows the default detector feeds it (fitted-DN differences and their roots)', () => {
    const rand = uniform(3);
    for (const kind of ['dn-difference', 'magnitude', 'zeros'] as const) {
      for (const r of [2, 5]) {
        const row = rowOf(kind, 500, rand);
        expect(slidingRowSums(row, r, 0, 500, new Float64Array(500), new Uint16Array(500))).toBe(true);
      }
    }
  });

  it('does not slide over a value far off the grid of the others (sliding would leave rounding behind)', () => {
    // 2^40 then small values: (2^40 + x) − 2^40 ≠ x for most float32 x below 2^-13.
    const row = rowOf('cancelling', 60, uniform(5));
    const r = 2;
    const want = new Float64Array(60), n = new Uint16Array(60);
    orderedRowSums(row, r, 0, 60, want, n);
    // What an unchecked slide gives differs: the case is one the check must catch.
    const naive = naiveSlide(row, r);
    expect(Array.from(naive).some((v, i) => !Object.is(v, want[i]))).toBe(true);
    expect(slidingRowSums(row, r, 0, 60, new Float64Array(60), new Uint16Array(60))).toBe(false);
    const got = new Float64Array(60);
    boxRowSums(row, r, Int32Array.from([0, 60]), got, new Uint16Array(60));
    expectSameBits(got, want, 'cancelling row');
  });

  it('does not slide where values share a grid but a window sum needs more than 53 bits of it', () => {
    // All multiples of 2^-13, yet 2^40 + 2^40 + 2^-13 needs 55 bits: the bound must count the taps.
    const r = 2;
    const row = Float32Array.from({ length: 48 }, (_, c) => [2 ** 40, 2 ** 40, 2 ** -13, -(2 ** 40), 2 ** -13, 2 ** -12][c % 6]!);
    const want = new Float64Array(48), n = new Uint16Array(48);
    orderedRowSums(row, r, 0, 48, want, n);
    expect(Array.from(naiveSlide(row, r)).some((v, i) => !Object.is(v, want[i]))).toBe(true);
    const got = new Float64Array(48);
    boxRowSums(row, r, Int32Array.from([0, 48]), got, new Uint16Array(48));
    expectSameBits(got, want, 'wide sums');
  });

  it('rounds bounds up to exact powers of two, also at and next to a power of two', () => {
    for (let e = -140; e <= 130; e++) {
      const p = 2 ** e;
      expect(powerOfTwoAtLeast(p)).toBe(p);
      const above = p * (1 + 2 ** -52);
      expect(powerOfTwoAtLeast(above)).toBe(2 * p);
      expect(powerOfTwoAtLeast(p * (1 - 2 ** -53))).toBe(p);
    }
  });
});

/**
 * Streams an image through row sums + SlidingColumnMean the way AgreeRows does (row d enters, row
 * d − 2r − 1 leaves, row d − r is written) and returns the means and how many rows were slid.
 */
function streamedMeans(image: Float32Array[], rowSpans: Spans[], r: number, width: number): { out: Float32Array[]; slid: number } {
  const H = image.length;
  const refs: RowSumsRef[] = image.map((row, i) => {
    const spans = widenSpans(rowSpans[i]!, r, width);
    const sums = new Float64Array(width), counts = new Uint16Array(width);
    boxRowSums(row, r, spans, sums, counts);
    return { row: i, sums, counts, spans };
  });
  const columns = new SlidingColumnMean(width, r);
  const out = image.map(() => new Float32Array(width).fill(NaN));
  let slid = 0;
  for (let d = 0; d < H + r; d++) {
    if (d - 2 * r - 1 >= 0 && d - 2 * r - 1 < H) columns.leave(refs[d - 2 * r - 1]!);
    if (d < H) columns.enter(refs[d]!);
    const e = d - r;
    if (e >= 0) {
      const reach = refs.slice(Math.max(0, e - r), Math.min(H, e + r + 1));
      columns.mean(image[e]!, rowSpans[e]!, out[e]!, reach);
      if (columns.sliding) slid++;
    }
  }
  return { out, slid };
}

/** The box mean by definition over the window (values outside a row's spans unseen): rows of left-to-right sums, added top to bottom. */
function meanByDefinition(image: Float32Array[], rowSpans: Spans[], r: number, width: number): Float32Array[] {
  const H = image.length;
  return image.map((centre, e) => {
    const out = new Float32Array(width).fill(NaN);
    const spans = rowSpans[e]!;
    for (let k = 0; k < spans.length; k += 2) {
      for (let c = spans[k]!; c < spans[k + 1]!; c++) {
        if (!Number.isFinite(centre[c])) continue;
        let s = 0, n = 0;
        for (let j = Math.max(0, e - r); j <= Math.min(H - 1, e + r); j++) {
          let rs = 0;
          for (let d = Math.max(0, c - r); d <= Math.min(width - 1, c + r); d++) if (Number.isFinite(image[j]![d])) { rs += image[j]![d]!; n++; }
          s += rs;
        }
        out[c] = s / n;
      }
    }
    return out;
  });
}

/** Rows of `kinds`, NaN outside random spans (what a row reader leaves where nothing is watched). */
function imageOf(kinds: Kind[], width: number, rand: () => number): { image: Float32Array[]; spans: Spans[] } {
  const spans = kinds.map(() => spansOf(width, rand));
  const image = kinds.map((kind, i) => {
    const values = rowOf(kind, width, rand);
    const row = new Float32Array(width).fill(NaN);
    const s = spans[i]!;
    for (let k = 0; k < s.length; k += 2) row.set(values.subarray(s[k]!, s[k + 1]!), s[k]!);
    return row;
  });
  return { image, spans };
}

describe('vertical box sums', () => {
  it('streamed with a sliding column sum, equal the box mean by definition on every mix of rows', () => {
    const rand = uniform(19);
    for (let trial = 0; trial < 60; trial++) {
      const width = 20 + Math.floor(rand() * 60);
      const height = 1 + Math.floor(rand() * 40);
      const r = [2, 5][trial % 2]!;
      // Mostly detector-like rows, with rows of every other kind dropped in now and then.
      const kinds = Array.from({ length: height }, () => (rand() < 0.75 ? KINDS[Math.floor(rand() * 2)]! : KINDS[Math.floor(rand() * KINDS.length)]!));
      const { image, spans } = imageOf(kinds, width, rand);
      const { out } = streamedMeans(image, spans, r, width);
      const want = meanByDefinition(image, spans, r, width);
      for (let e = 0; e < height; e++) expectSameBits(out[e]!, want[e]!, `trial ${trial} r=${r} row ${e} (${kinds[e]})`);
    }
  });

  it('stops sliding while a row off the grid is in reach, and slides again once it has left', () => {
    const rand = uniform(23);
    const kinds: Kind[] = Array.from({ length: 40 }, (_, i) => (i === 20 ? 'cancelling' : 'dn-difference'));
    const width = 64;
    const spans = kinds.map(() => Int32Array.from([0, width]));
    const image = kinds.map((k) => rowOf(k, width, rand));
    const r = 2;
    const { out, slid } = streamedMeans(image, spans, r, width);
    // Rows 18…22 have row 20 in reach: added in order; all other rows slide.
    expect(slid).toBe(40 - (2 * r + 1));
    const want = meanByDefinition(image, spans, r, width);
    for (let e = 0; e < 40; e++) expectSameBits(out[e]!, want[e]!, `row ${e}`);
  });

  it('does not slide where later rows, larger than the first but within the headroom, make column sums need more than 53 bits', () => {
    // Rows 0…4 set the bound (row sums ≤ 1.25 → 16 with the headroom); rows 5…7 sum to 15 a row,
    // within it; then rows of odd multiples of 2^-48: 46.25 + k·2^-48 needs 54 bits and rounds,
    // and once the large rows have left, the rounding would be all that is left of the small sums.
    // The grid must count the rows summed, not only the bound of one.
    const width = 24, r = 2, H = 16;
    const spans = Array.from({ length: H }, () => Int32Array.from([0, width]));
    const image = Array.from({ length: H }, (_, i) => Float32Array.from({ length: width }, (_, c) => (i < 5 ? 0.25 : i < 8 ? 3 : 2 ** -48 * (1 + 2 * ((c + i) % 5)))));
    const { out } = streamedMeans(image, spans, r, width);
    const want = meanByDefinition(image, spans, r, width);
    for (let e = 0; e < H; e++) expectSameBits(out[e]!, want[e]!, `row ${e}`);
  });

  it('does not slide across a row whose sums are far off the grid of the rows before it', () => {
    // Rows of tiny float32 values, then a row of 2^40: (run + 2^40) − 2^40 would round the run.
    const rand = uniform(29);
    const width = 30, r = 2;
    const spans = Array.from({ length: 12 }, () => Int32Array.from([0, width]));
    const image = Array.from({ length: 12 }, (_, i) => Float32Array.from({ length: width }, () => (i === 6 ? 2 ** 40 : Math.fround(rand() * 1e-3))));
    const { out } = streamedMeans(image, spans, r, width);
    const want = meanByDefinition(image, spans, r, width);
    for (let e = 0; e < 12; e++) expectSameBits(out[e]!, want[e]!, `row ${e}`);
  });
});
