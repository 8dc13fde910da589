// Exact order statistics of a stream of non-negative float32 values in two passes and constant
// memory: a float32's bit pattern orders like its value when the sign is clear, so one pass counts
// the high 16 bits, and a second pass counts the low 16 bits inside the bins holding the wanted
// ranks. Gives the same numbers as sorting the values (orderStatistics), without holding them.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function bitsOf(v: number): number {
  f32[0] = v;
  return u32[0]!;
}

export class StreamRankSelect {
  private readonly high = new Uint32Array(65536);
  private count = 0;
  private located: { bin: number; rankInBin: number }[] = [];
  private readonly low = new Map<number, Uint32Array>();

  /** Pass 1: every value (non-negative, finite), in any order. */
  addHigh(v: number): void {
    this.high[bitsOf(v) >>> 16]!++;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Between the passes: the ranks (0 = smallest) wanted, each in [0, size). */
  locate(ranks: readonly number[]): void {
    this.located = ranks.map((rank) => {
      if (!(rank >= 0 && rank < this.count)) throw new Error(`StreamRankSelect: rank ${rank} outside [0, ${this.count})`);
      let below = 0;
      let bin = 0;
      while (below + this.high[bin]! <= rank) below += this.high[bin++]!;
      if (!this.low.has(bin)) this.low.set(bin, new Uint32Array(65536));
      return { bin, rankInBin: rank - below };
    });
  }

  /** Pass 2: the same values again (any order). */
  addLow(v: number): void {
    const bits = bitsOf(v);
    const counts = this.low.get(bits >>> 16);
    if (counts) counts[bits & 0xffff]!++;
  }

  /** After pass 2: the values of the located ranks, in the order given to locate. */
  values(): number[] {
    return this.located.map(({ bin, rankInBin }) => {
      const counts = this.low.get(bin)!;
      let below = 0;
      let lo = 0;
      while (below + counts[lo]! <= rankInBin) below += counts[lo++]!;
      u32[0] = ((bin << 16) | lo) >>> 0;
      return f32[0]!;
    });
  }
}
