// Exact order statistics of an unsorted array without sorting it: a fine histogram finds the bin
// holding each wanted rank, and only that bin's values are gathered and ordered. O(n) per pass.

/** At most 2^16 bins (256 KiB of counts), about four values per bin on smaller inputs. */
const MAX_LOCATE_BINS = 1 << 16;
/** Below this many values a plain sort is cheaper than another histogram level. */
const SORT_BELOW = 4096;

/**
 * The values of rank `ranks[j]` (0 = smallest) of the finite array `values`, as if it were sorted
 * ascending: the same numbers `Float32Array.from(values).sort()[rank]` gives, without the sort.
 * `values` (float32 or float64) is not modified. Ranks must lie in [0, values.length).
 */
export type Values = Float32Array | Float64Array;

export function orderStatistics(values: Values, ranks: readonly number[]): number[] {
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

function selectRanks(values: Values, ranks: readonly number[], lo: number, hi: number): number[] {
  const n = values.length;
  if (!(hi > lo)) return ranks.map(() => lo);
  if (n <= SORT_BELOW) {
    const sorted = values.slice().sort();
    return ranks.map((r) => sorted[r]!);
  }
  // The bin index is a non-decreasing function of the value, so the rank-r value lies in the bin
  // where the cumulative count first exceeds r, at rank r − (count of the bins below) within it.
  let bins = 256;
  while (bins < MAX_LOCATE_BINS && bins * 4 < n) bins *= 2;
  const scale = bins / (hi - lo);
  const last = bins - 1;
  const counts = new Uint32Array(bins);
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
  const slotOfBin = new Map<number, Values>();
  for (const b of binOfRank) if (!slotOfBin.has(b)) slotOfBin.set(b, values instanceof Float64Array ? new Float64Array(counts[b]!) : new Float32Array(counts[b]!));
  const fill = new Map<number, number>();
  for (const b of slotOfBin.keys()) fill.set(b, 0);
  const wanted = new Uint8Array(bins);
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
