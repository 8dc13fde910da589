// Exact order statistics of a stream of finite float32 values of either sign, in two passes and
// constant memory: each value maps to a 32-bit key that orders like the value (negative values
// bit-flipped, others with the sign bit set), one pass counts the keys' high 16 bits and a second
// the low 16 bits inside the bins holding the wanted ranks. Same numbers as sorting the values
// (orderStatistics).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The order-preserving key of a float32 value (−0 sorts just below +0, as TypedArray sort puts it). */
function orderKeyOf(v: number): number {
  f32[0] = v;
  const bits = u32[0]!;
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

/** The float32 value a key was made from. */
function valueOfOrderKey(key: number): number {
  u32[0] = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return f32[0]!;
}

export class FloatRankSelect {
  private readonly high = new Uint32Array(65536);
  private count = 0;
  private located: { bin: number; rankInBin: number }[] = [];
  /** Low-bit counts of the located bins, indexed by slotOfBin. */
  private readonly slotOfBin = new Int32Array(65536).fill(-1);
  private readonly lows: Uint32Array[] = [];

  /** Pass 1: every value (finite), in any order. */
  addHigh(v: number): void {
    this.high[orderKeyOf(v) >>> 16]!++;
    this.count++;
  }

  /** Between the passes: the ranks (0 = smallest) wanted, each in [0, values added). */
  locate(ranks: readonly number[]): void {
    this.located = ranks.map((rank) => {
      if (!(rank >= 0 && rank < this.count && Number.isInteger(rank))) throw new Error(`FloatRankSelect: rank ${rank} outside [0, ${this.count})`);
      let below = 0;
      let bin = 0;
      while (below + this.high[bin]! <= rank) below += this.high[bin++]!;
      if (this.slotOfBin[bin]! < 0) {
        this.slotOfBin[bin] = this.lows.length;
        this.lows.push(new Uint32Array(65536));
      }
      return { bin, rankInBin: rank - below };
    });
  }

  /** Pass 2: the same values again (any order). */
  addLow(v: number): void {
    const key = orderKeyOf(v);
    const slot = this.slotOfBin[key >>> 16]!;
    if (slot >= 0) this.lows[slot]![key & 0xffff]!++;
  }

  /** After pass 2: the values of the located ranks, in the order given to locate. */
  values(): number[] {
    return this.located.map(({ bin, rankInBin }) => {
      const counts = this.lows[this.slotOfBin[bin]!]!;
      let below = 0;
      let lo = 0;
      while (below + counts[lo]! <= rankInBin) below += counts[lo++]!;
      return valueOfOrderKey(((bin << 16) | lo) >>> 0);
    });
  }
}
