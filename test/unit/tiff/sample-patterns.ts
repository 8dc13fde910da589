// Deterministic, non-smooth band samples for the writer tests: large jumps exercise the
// predictor's wrap-around, and every sample type the writer takes has a maker.

export function pattern(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 8;
  });
}

export const makers = {
  uint8: (n: number, k: number) => Uint8Array.from(pattern(n, k), (v) => v & 0xff),
  uint16: (n: number, k: number) => Uint16Array.from(pattern(n, k), (v) => v & 0xffff),
  int16: (n: number, k: number) => Int16Array.from(pattern(n, k), (v) => (v & 0xffff) - 32768),
  float32: (n: number, k: number) => Float32Array.from(pattern(n, k), (v) => (v - 8e6) / 3.7),
} as const;
