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
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      if (mask[i] === 0) continue;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++) {
        const r = row + dr;
        if (r < 0 || r >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const c = col + dc;
          if ((dr === 0 && dc === 0) || c < 0 || c >= width) continue;
          n += mask[r * width + c]!;
        }
      }
      if (n >= minNeighbours) out[i] = 1;
    }
  }
  return out;
}
