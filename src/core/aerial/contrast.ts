// Per-band local contrast: how far each pixel stands out from its neighbourhood, in robust sigmas.
// Moving-object copies are small and compact, so a box mean a few objects wide is the background.

/** Mean of observed pixels in a (2r+1)² box around each pixel (integral images, O(n)). */
export function localMean(band: Float32Array, observed: Uint8Array, width: number, height: number, radiusPx: number): Float32Array {
  const w1 = width + 1;
  const sum = new Float64Array(w1 * (height + 1));
  const cnt = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let rs = 0;
    let rc = 0;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (observed[i]) {
        rs += band[i]!;
        rc += 1;
      }
      const j = (y + 1) * w1 + x + 1;
      sum[j] = sum[j - w1]! + rs;
      cnt[j] = cnt[j - w1]! + rc;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radiusPx);
    const y1 = Math.min(height, y + radiusPx + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radiusPx);
      const x1 = Math.min(width, x + radiusPx + 1);
      const a = y0 * w1 + x0;
      const b = y0 * w1 + x1;
      const c = y1 * w1 + x0;
      const d = y1 * w1 + x1;
      const n = cnt[d]! - cnt[b]! - cnt[c]! + cnt[a]!;
      out[y * width + x] = n > 0 ? (sum[d]! - sum[b]! - sum[c]! + sum[a]!) / n : 0;
    }
  }
  return out;
}

/** Median of |v| over (a strided sample of) the observed values: the noise scale, immune to the objects we look for. */
export function robustSigma(residual: Float32Array, observed: Uint8Array): number {
  const stride = Math.max(1, Math.floor(residual.length / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < residual.length; i += stride) if (observed[i]) sample.push(Math.abs(residual[i]!));
  if (sample.length === 0) return 1;
  sample.sort((a, b) => a - b);
  const mad = sample[Math.floor(sample.length / 2)]!;
  return mad > 0 ? mad * 1.4826 : 1;
}

/** z = (value − local mean) / robust sigma per band; 0 where not observed. */
export function contrastZ(band: Float32Array, observed: Uint8Array, width: number, height: number, radiusPx: number): Float32Array {
  const mean = localMean(band, observed, width, height, radiusPx);
  const residual = new Float32Array(band.length);
  for (let i = 0; i < band.length; i++) residual[i] = observed[i] ? band[i]! - mean[i]! : 0;
  const sigma = robustSigma(residual, observed);
  for (let i = 0; i < residual.length; i++) residual[i] = residual[i]! / sigma;
  return residual;
}

/**
 * How much more a band stands out than the other bands do at the same pixel, in robust sigmas.
 * A static white roof stands out in every band and cancels; a mover's copy stands out in its own
 * band only (the others saw the object elsewhere), so this sharpens copies against clutter.
 */
export function colourExcessZ(zs: readonly Float32Array[], which: number, observed: Uint8Array): Float32Array {
  const own = zs[which]!;
  const out = new Float32Array(own.length);
  const others = zs.filter((_, k) => k !== which);
  for (let i = 0; i < own.length; i++) {
    if (!observed[i]) continue;
    let s = 0;
    for (const z of others) s += z[i]!;
    out[i] = own[i]! - s / others.length;
  }
  const sigma = robustSigma(out, observed);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sigma;
  return out;
}
