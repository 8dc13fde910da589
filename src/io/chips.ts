// Evidence chips: a window of a tile rendered as a PNG an analyst can read at a glance — true
// colour, each band stretched between its 2nd and 98th percentile (16-bit data has most of its
// range empty), pixels never seen drawn as a grey checker, and outlines (the changed polygon, the
// corridor, the border line) drawn on top in the raster's own pixel space. sharp does the encoding.
import sharp from 'sharp';
import type { Raster } from '../core/types.js';

/** A line or ring in the raster's pixel space (col, row; corner-based like the geotransform). */
export interface ChipOverlay {
  readonly paths: readonly (readonly (readonly [number, number])[])[];
  readonly closed: boolean;
  readonly stroke: string;
  readonly strokeWidthPx: number;
  readonly fill?: string;
  readonly dash?: string;
}

export interface ChipOptions {
  /** Band indexes for red, green, blue (one index: grey). */
  readonly displayBands: readonly number[];
  /** Longest side of the PNG; small windows are enlarged with square pixels, never smoothed. */
  readonly maxSidePx: number;
  readonly overlays?: readonly ChipOverlay[];
  readonly stretchPercent?: readonly [number, number];
}

/** Which bands make a true-colour picture: B04/B03/B02 of our B02 B03 B04 B08 tiles, and Landsat 3/2/1 alike. */
export function trueColourBands(bandCount: number): number[] {
  return bandCount >= 3 ? [2, 1, 0] : [0];
}

/** Sample values of the band at the given percentiles, over observed pixels only (null when none). */
export function bandPercentiles(band: Float32Array, observed: Uint8Array, lowPct: number, highPct: number): [number, number] | null {
  // A strided sample keeps the sort small on big windows; the percentiles barely move.
  const stride = Math.max(1, Math.floor(band.length / 262_144));
  const values: number[] = [];
  for (let i = 0; i < band.length; i += stride) {
    const v = band[i]!;
    if (observed[i] === 1 && Number.isFinite(v)) values.push(v);
  }
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))]!;
  return [at(lowPct), at(highPct)];
}

const CHECKER_DARK = 0x2b;
const CHECKER_LIGHT = 0x3a;

/** Interleaved 8-bit RGB of the raster, stretched per band; unobserved pixels as a checker. */
export function stretchedRgb(raster: Raster, displayBands: readonly number[], stretchPercent: readonly [number, number] = [2, 98]): Uint8Array {
  const { width, height } = raster.grid;
  const n = width * height;
  const out = new Uint8Array(n * 3);
  const channels = displayBands.length === 1 ? [displayBands[0]!, displayBands[0]!, displayBands[0]!] : displayBands.slice(0, 3);
  channels.forEach((b, c) => {
    const band = raster.bands[b];
    if (!band) throw new RangeError(`the raster has no band ${b}`);
    const range = bandPercentiles(band, raster.observed, stretchPercent[0], stretchPercent[1]);
    const [lo, hi] = range ?? [0, 1];
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) {
      const v = (band[i]! - lo) * scale;
      out[i * 3 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  });
  for (let i = 0; i < n; i++) {
    if (raster.observed[i] === 1) continue;
    const col = i % width;
    const row = (i - col) / width;
    const shade = ((col >> 2) + (row >> 2)) % 2 === 0 ? CHECKER_DARK : CHECKER_LIGHT;
    out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = shade;
  }
  return out;
}

function overlaySvg(overlays: readonly ChipOverlay[], sx: number, sy: number, width: number, height: number): string {
  const items = overlays.map((o) => {
    const d = o.paths
      .filter((p) => p.length >= 2)
      .map((p) => `M${p.map(([c, r]) => `${(c * sx).toFixed(1)},${(r * sy).toFixed(1)}`).join('L')}${o.closed ? 'Z' : ''}`)
      .join('');
    const dash = o.dash ? ` stroke-dasharray="${o.dash}"` : '';
    return `<path d="${d}" fill="${o.fill ?? 'none'}" fill-rule="evenodd" stroke="${o.stroke}" stroke-width="${o.strokeWidthPx}" stroke-linejoin="round"${dash}/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${items.join('')}</svg>`;
}

/** Renders the raster (all of it) as a PNG with the overlays drawn on top. */
export async function renderChipPng(raster: Raster, options: ChipOptions): Promise<{ png: Buffer; widthPx: number; heightPx: number }> {
  const { width, height } = raster.grid;
  const rgb = stretchedRgb(raster, options.displayBands, options.stretchPercent);
  const longest = Math.max(width, height);
  const scale = longest <= options.maxSidePx ? Math.max(1, Math.floor(options.maxSidePx / longest)) : options.maxSidePx / longest;
  const outW = Math.max(1, Math.round(width * scale));
  const outH = Math.max(1, Math.round(height * scale));
  let image = sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width, height, channels: 3 } });
  if (outW !== width || outH !== height) image = image.resize(outW, outH, { kernel: scale >= 1 ? 'nearest' : 'lanczos3', fit: 'fill' });
  // Resize first, composite after: sharp applies composites to the resized image only when the
  // pipeline is materialised in between.
  const base = await image.png().toBuffer();
  const overlays = options.overlays ?? [];
  if (!overlays.length) return { png: base, widthPx: outW, heightPx: outH };
  const svg = overlaySvg(overlays, outW / width, outH / height, outW, outH);
  const png = await sharp(base).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).png({ compressionLevel: 6 }).toBuffer();
  return { png, widthPx: outW, heightPx: outH };
}
