// Compact anomalies in one band: hysteresis-thresholded connected components of the contrast map,
// with a sub-pixel centroid. Each is a candidate "copy" of a moving object in that band.

export interface Blob {
  readonly bandIndex: number;
  /** +1 brighter than its surroundings, −1 darker. */
  readonly sign: 1 | -1;
  /** Centroid in grid pixel coordinates (pixel i spans [i, i+1), so its centre is i + 0.5). */
  readonly col: number;
  readonly row: number;
  readonly pixelCount: number;
  readonly peakZ: number;
  /** Pixel index of the peak. */
  readonly peakIndex: number;
  /** Length of the major axis from second moments, in pixels (≥ 1). */
  readonly majorAxisPx: number;
}

export interface BlobOptions {
  readonly seedZ: number;
  readonly growZ: number;
  readonly maxPixels: number;
}

/**
 * Blobs of sign·z ≥ growZ (8-connected) that contain a seed pixel ≥ seedZ and are no larger than
 * maxPixels (clouds, fields and roofs are not compact movers). Centroid weights are sign·z − growZ/2,
 * so the faint rim counts a little and the core most.
 */
export function findBlobs(z: Float32Array, width: number, height: number, bandIndex: number, sign: 1 | -1, opts: BlobOptions): Blob[] {
  const label = new Int32Array(z.length);
  const stack: number[] = [];
  const members: number[] = [];
  const blobs: Blob[] = [];
  let next = 1;
  for (let start = 0; start < z.length; start++) {
    if (label[start] !== 0 || sign * z[start]! < opts.seedZ) continue;
    label[start] = next;
    stack.push(start);
    members.length = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(i);
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (label[j] === 0 && sign * z[j]! >= opts.growZ) {
            label[j] = next;
            stack.push(j);
          }
        }
      }
    }
    next++;
    if (members.length > opts.maxPixels) continue;
    let sw = 0, sx = 0, sy = 0, peak = 0, peakIndex = start;
    for (const i of members) {
      const v = sign * z[i]!;
      const wgt = v - opts.growZ / 2;
      const x = i % width;
      const y = (i - x) / width;
      sw += wgt;
      sx += wgt * (x + 0.5);
      sy += wgt * (y + 0.5);
      if (v > peak) {
        peak = v;
        peakIndex = i;
      }
    }
    const cx = sx / sw;
    const cy = sy / sw;
    let sxx = 0, syy = 0, sxy = 0;
    for (const i of members) {
      const wgt = sign * z[i]! - opts.growZ / 2;
      const x = (i % width) + 0.5 - cx;
      const y = Math.floor(i / width) + 0.5 - cy;
      sxx += wgt * x * x;
      syy += wgt * y * y;
      sxy += wgt * x * y;
    }
    sxx /= sw; syy /= sw; sxy /= sw;
    const lambda = (sxx + syy) / 2 + Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
    // A uniform bar of length L has variance L²/12 along its axis; one pixel adds its own 1/12.
    const majorAxisPx = Math.max(1, Math.sqrt(Math.max(0, 12 * lambda)));
    blobs.push({ bandIndex, sign, col: cx, row: cy, pixelCount: members.length, peakZ: peak, peakIndex, majorAxisPx });
  }
  return blobs;
}
