// Hysteresis cut of a score image: keep each connected region above a low cut only if some pixel in
// it also clears a high cut. Seeds decide *whether* there is change, the low cut decides its extent.

/*
 * Why: one cut has to serve two scenes that want different things. Where a fifth of a scene
 * changed (Landsat Taizhou) the best cut is low; in OSCD most moderate scores are unlabelled
 * crop and water change and the best cut is high. A changed area large enough to matter has
 * some pixels far above the noise; a field that merely changed colour mostly does not. So seeds
 * come from a high cut and regions grow down to a low one.
 * Evidence (`borderwatch eval`, agreement of CVA 3×3 and cva-detail, low-tail floors m_low/m_high):
 * OSCD pooled F1 / Taizhou κ at 6.5/16 0.391 / 0.948; one cut at m 9 0.330 / 0.923.
 */

/**
 * The low and high multipliers m of the low-tail floor (P25 + m·σ_low) the product uses. OSCD's 8
 * cities choose 6.5 / 16, and every leave-one-city-out fold picks 6–6.5 / 16; Taizhou holds at 0.948.
 */
export const HYSTERESIS_MULTIPLIERS = { lowK: 6.5, highK: 16 } as const;

/**
 * 1 where `score > lowCut` and the pixel's 8-connected region of such pixels holds at least one
 * pixel with `score > highCut`; 0 elsewhere (NaN never passes). highCut below lowCut acts as lowCut.
 */
export function hysteresisMask(score: Float32Array, width: number, height: number, lowCut: number, highCut: number): Uint8Array {
  if (score.length !== width * height) throw new Error(`hysteresisMask: ${score.length} scores for a ${width}×${height} grid`);
  const out = new Uint8Array(score.length);
  const stack: number[] = [];
  for (let seed = 0; seed < score.length; seed++) {
    if (out[seed] === 1 || !(score[seed]! > highCut) || !(score[seed]! > lowCut)) continue;
    out[seed] = 1;
    stack.push(seed);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const row = Math.floor(i / width);
      const col = i - row * width;
      for (let dr = -1; dr <= 1; dr++) {
        const r = row + dr;
        if (r < 0 || r >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const c = col + dc;
          if (c < 0 || c >= width) continue;
          const j = r * width + c;
          if (out[j] === 0 && score[j]! > lowCut) {
            out[j] = 1;
            stack.push(j);
          }
        }
      }
    }
  }
  return out;
}
