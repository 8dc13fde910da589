// Cleaning a binary change mask before labelling. We remove speckle (pixels with too few changed
// 8-neighbours) rather than apply a 3×3 opening: an opening erases 1–2 px wide linear features,
// and a vehicle track across the border at 10 m is exactly such a feature. Small blobs are then
// removed by the minimum mapping unit on whole components.

/** Clear set pixels that have fewer than `minNeighbours` set 8-neighbours. Returns a new mask. */
export function removeSpeckle(mask: Uint8Array, width: number, height: number, minNeighbours: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  if (minNeighbours <= 0) {
    out.set(mask);
    return out;
  }
  for (let row = 0; row < height; row++) {
    const mid = mask.subarray(row * width, (row + 1) * width);
    const up = row > 0 ? mask.subarray((row - 1) * width, row * width) : null;
    const down = row + 1 < height ? mask.subarray((row + 1) * width, (row + 2) * width) : null;
    for (let col = 0; col < width; col++) {
      if (mid[col] !== 0 && setNeighbours(mid, up, down, col, width) >= minNeighbours) out[row * width + col] = 1;
    }
  }
  return out;
}

/**
 * Set 8-neighbours of column `c` from three rows of a 0/1 mask (`up`/`down` null at the window's
 * edges): the streamed engines' form of removeSpeckle's count, a row at a time.
 */
export function setNeighbours(mid: Uint8Array, up: Uint8Array | null, down: Uint8Array | null, c: number, width: number): number {
  const left = c > 0;
  const right = c + 1 < width;
  let n = 0;
  if (left) n += mid[c - 1]!;
  if (right) n += mid[c + 1]!;
  if (up) {
    n += up[c]!;
    if (left) n += up[c - 1]!;
    if (right) n += up[c + 1]!;
  }
  if (down) {
    n += down[c]!;
    if (left) n += down[c - 1]!;
    if (right) n += down[c + 1]!;
  }
  return n;
}
