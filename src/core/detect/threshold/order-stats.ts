// Exact order statistics of an unsorted array without sorting it: a fine histogram finds the bin
// holding each wanted rank, and only that bin's values are gathered and ordered. O(n) per pass.

/** Bins of the locating histogram: 256 KiB of counts, a few values per bin on real scores. */
const LOCATE_BINS = 1 << 16;
/** Below this many values a plain sort is cheaper than another histogram level. */
const SORT_BELOW = 4096;

/**
 * The values of rank `ranks[j]` (0 = smallest) of the finite array `values`, as if it were sorted
 * ascending: the same numbers `Float32Array.from(values).sort()[rank]` gives, without the sort.
 * `values` is not modified. Ranks must lie in [0, values.length).
 */
export function orderStatistics(values: Float32Array, ranks: readonly number[]): number[] {
  const n = values.length;
  for (const r of ranks) if (!(r >= 0 && r < n && Number.isInteger(r))) throw new Error(`orderStatistics: rank ${r} outside [0, ${n})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return selectRanks(values, ranks, lo, hi);
}

function selectRanks(values: Float32Array, ranks: readonly number[], lo: number, hi: number): number[] {
  const n = values.length;
  if (!(hi > lo)) return ranks.map(() => lo);
  if (n <= SORT_BELOW) {
    const sorted = Float32Array.from(values).sort();
    return ranks.map((r) => sorted[r]!);
  }
  // The bin index is a non-decreasing function of the value, so the rank-r value lies in the bin
  // where the cumulative count first exceeds r, at rank r − (count of the bins below) within it.
  const scale = LOCATE_BINS / (hi - lo);
  const last = LOCATE_BINS - 1;
  const counts = new Uint32Array(LOCATE_BINS);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((values[i]! - lo) * scale);
    counts[b > last ? last : b]++;
  }
  const order = ranks.map((_, j) => j).sort((x, y) => ranks[x]! - ranks[y]!);
  const binOfRank = new Int32Array(ranks.length);
  const rankInBin = new Float64Array(ranks.length);
  let below = 0;
  let bin = 0;
  for (const j of order) {
    while (below + counts[bin]! <= ranks[j]!) below += counts[bin++]!;
    binOfRank[j] = bin;
    rankInBin[j] = ranks[j]! - below;
  }
  // Gather each distinct wanted bin once, in one pass.
  const slotOfBin = new Map<number, Float32Array>();
  for (const b of binOfRank) if (!slotOfBin.has(b)) slotOfBin.set(b, new Float32Array(counts[b]!));
  const fill = new Map<number, number>();
  for (const b of slotOfBin.keys()) fill.set(b, 0);
  const wanted = new Uint8Array(LOCATE_BINS);
  for (const b of slotOfBin.keys()) wanted[b] = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let b = Math.floor((v - lo) * scale);
    if (b > last) b = last;
    if (wanted[b] === 1) {
      const k = fill.get(b)!;
      slotOfBin.get(b)![k] = v;
      fill.set(b, k + 1);
    }
  }
  return ranks.map((_, j) => {
    const members = slotOfBin.get(binOfRank[j]!)!;
    let mlo = Infinity;
    let mhi = -Infinity;
    for (let i = 0; i < members.length; i++) {
      const v = members[i]!;
      if (v < mlo) mlo = v;
      if (v > mhi) mhi = v;
    }
    // A bin holding most of the data (one far outlier stretched the range) is narrowed again.
    return selectRanks(members, [rankInBin[j]!], mlo, mhi)[0]!;
  });
}
