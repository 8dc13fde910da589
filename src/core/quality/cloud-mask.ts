// Cloud, cloud-shadow and snow screening for Sentinel-2-style optical bands, so that what a cloud
// hides is "not observed" (never change, never no-change) instead of a bright false alert.
// A spectral screen on blue/green/red/NIR (+ SWIR when present), or the L2A scene classification.
import type { Raster } from '../types.js';

/** 0-based positions of the bands in the raster. */
export interface OpticalBands {
  readonly blue: number;
  readonly green: number;
  readonly red: number;
  readonly nir: number;
  /** ~1.6 µm (Sentinel-2 B11, Landsat TM 5): separates snow from cloud. Optional. */
  readonly swir1?: number;
}

/** Sentinel-2 stacks as OSCD ships them: B02 B03 B04 B08. */
export const S2_BGRN: OpticalBands = { blue: 0, green: 1, red: 2, nir: 3 };

export interface ScreenOptions {
  /** Digital number of reflectance 1.0: 10 000 for Sentinel-2 L1C/L2A. */
  readonly reflectanceScale: number;
  /** Mean visible reflectance above which a flat (white) pixel is cloud. */
  readonly brightReflectance?: number;
  /** Max spread of the visible bands relative to their mean for a "white" pixel. */
  readonly maxWhiteness?: number;
  /** Haze-optimised transform: blue − 0.5·red above this is haze/thin cloud. */
  readonly minHot?: number;
  /** NIR reflectance below which a non-water pixel is a shadow candidate. */
  readonly darkNir?: number;
  /** Shadows count only within this many pixels of a cloud (a cloud casts them). */
  readonly shadowSearchPx?: number;
  /** Cloud edges are half-bright: grow the cloud mask by this many pixels. */
  readonly cloudBufferPx?: number;
  /** Bright objects smaller than this (8-connected pixels) are roofs or sites, not clouds. */
  readonly minCloudPx?: number;
}

export interface ScreenResult {
  /** 1 = cloud (buffered), shadow or snow: not observed. */
  readonly notObserved: Uint8Array;
  readonly cloud: Uint8Array;
  readonly shadow: Uint8Array;
  readonly snow: Uint8Array;
}

/*
 * Why these tests and values. Sentinel-2 has no thermal band, so the "cold" half of Fmask's
 * bright/cold test is not available; we keep the bright half with the two checks Fmask uses to
 * keep bright land out: whiteness (clouds are flat across the visible, bright soil and roofs are
 * not) and the haze-optimised transform HOT = blue − 0.5·red (Zhang et al. 2002; Zhu & Woodcock
 * 2012 use 0.08). A bright, flat pixel is cloud or snow; with SWIR, NDSI = (green − SWIR) /
 * (green + SWIR) > 0.4 separates snow (Dozier 1989); without SWIR both are "not observed", which
 * is what detection needs. Shadows are dark in NIR (< 0.08 reflectance here) but so is water, so a
 * candidate must not be water (NDWI < 0) and must lie within `shadowSearchPx` of a cloud: at 10 m,
 * 300 px is 3 km, the shadow offset of a 2 km high cloud at 35° sun elevation.
 * Bright land is the failure mode: on the cloud-free OSCD cities a 0.3 cut flagged up to 6.4 % of
 * Aguas Claras (new roofs, bare construction sites, i.e. the very change we look for); 0.4 and a
 * 1 ha (100 px at 10 m) minimum object keep real clouds, which are larger and brighter.
 */
const DEFAULTS = {
  brightReflectance: 0.4,
  maxWhiteness: 0.7,
  minHot: 0.08,
  darkNir: 0.08,
  shadowSearchPx: 300,
  cloudBufferPx: 2,
  minCloudPx: 100,
} as const;

export function screenClouds(raster: Raster, bands: OpticalBands, opts: ScreenOptions): ScreenResult {
  const o = { ...DEFAULTS, ...opts };
  const { width, height } = raster.grid;
  const n = width * height;
  const s = 1 / o.reflectanceScale;
  const b = raster.bands;
  const rawCloud = new Uint8Array(n);
  const snow = new Uint8Array(n);
  const darkLand = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (raster.observed[i] !== 1) continue;
    const blue = b[bands.blue][i] * s;
    const green = b[bands.green][i] * s;
    const red = b[bands.red][i] * s;
    const nir = b[bands.nir][i] * s;
    const visMean = (blue + green + red) / 3;
    const whiteness = visMean > 0 ? (Math.abs(blue - visMean) + Math.abs(green - visMean) + Math.abs(red - visMean)) / visMean : Infinity;
    const bright = visMean > o.brightReflectance && whiteness < o.maxWhiteness && blue - 0.5 * red > o.minHot;
    if (bright) {
      if (bands.swir1 !== undefined) {
        const swir = b[bands.swir1][i] * s;
        const ndsi = green + swir > 0 ? (green - swir) / (green + swir) : 0;
        if (ndsi > 0.4 && nir > 0.11) snow[i] = 1;
        else rawCloud[i] = 1;
      } else rawCloud[i] = 1;
      continue;
    }
    const ndwi = green + nir > 0 ? (green - nir) / (green + nir) : 0;
    if (nir < o.darkNir && ndwi < 0) darkLand[i] = 1;
  }
  dropSmallObjects(rawCloud, width, height, o.minCloudPx);
  const cloud = o.cloudBufferPx > 0 ? dilate(rawCloud, width, height, o.cloudBufferPx) : rawCloud;
  const nearCloud = dilate(rawCloud, width, height, o.shadowSearchPx);
  const shadow = new Uint8Array(n);
  const notObserved = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (darkLand[i] === 1 && nearCloud[i] === 1 && cloud[i] === 0) shadow[i] = 1;
    notObserved[i] = cloud[i] | shadow[i] | snow[i];
  }
  return { notObserved, cloud, shadow, snow };
}

/*
 * Sentinel-2 L2A scene classification (SCL) classes that hide the ground: 0 no data,
 * 1 saturated/defective, 3 cloud shadow, 8 cloud medium probability, 9 cloud high probability,
 * 10 thin cirrus, 11 snow/ice. (2 dark area, 4 vegetation, 5 bare soil, 6 water, 7 unclassified
 * are observations.)
 */
export const SCL_NOT_OBSERVED: readonly number[] = [0, 1, 3, 8, 9, 10, 11];

/** 1 where the SCL class hides the ground. */
export function sclNotObserved(scl: ArrayLike<number>): Uint8Array {
  const hidden = new Uint8Array(256);
  for (const c of SCL_NOT_OBSERVED) hidden[c] = 1;
  const out = new Uint8Array(scl.length);
  for (let i = 0; i < scl.length; i++) {
    const c = scl[i];
    out[i] = Number.isInteger(c) && c >= 0 && c < 256 ? hidden[c] : 1;
  }
  return out;
}

/** The raster with masked pixels marked not observed (bands untouched, input not modified). */
export function withNotObserved(raster: Raster, notObserved: Uint8Array): Raster {
  const n = raster.observed.length;
  if (notObserved.length !== n) throw new Error(`withNotObserved: mask has ${notObserved.length} pixels, raster ${n}`);
  const observed = new Uint8Array(n);
  for (let i = 0; i < n; i++) observed[i] = raster.observed[i] === 1 && notObserved[i] === 0 ? 1 : 0;
  return { grid: raster.grid, bands: raster.bands, observed };
}

/** Set pixels grown by a (2r+1)² square: a separable running count, O(n) for any radius. */
export function dilate(mask: Uint8Array, width: number, height: number, radiusPx: number): Uint8Array {
  if (radiusPx <= 0) return Uint8Array.from(mask);
  const rows = new Uint8Array(mask.length);
  for (let r = 0; r < height; r++) runningAny(mask, rows, r * width, 1, width, radiusPx);
  const out = new Uint8Array(mask.length);
  for (let c = 0; c < width; c++) runningAny(rows, out, c, width, height, radiusPx);
  return out;
}

function runningAny(src: Uint8Array, dst: Uint8Array, start: number, step: number, length: number, r: number): void {
  let count = 0;
  for (let k = 0; k < Math.min(r, length); k++) count += src[start + k * step];
  for (let k = 0; k < length; k++) {
    if (k + r < length) count += src[start + (k + r) * step];
    if (k - r - 1 >= 0) count -= src[start + (k - r - 1) * step];
    dst[start + k * step] = count > 0 ? 1 : 0;
  }
}

/** Clears 8-connected objects of fewer than `minPx` pixels, in place. */
export function dropSmallObjects(mask: Uint8Array, width: number, height: number, minPx: number): void {
  if (minPx <= 1) return;
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  const members: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || seen[start] === 1) continue;
    members.length = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(i);
      const r = Math.floor(i / width);
      const c = i - r * width;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
          const j = rr * width + cc;
          if (mask[j] === 1 && seen[j] === 0) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (members.length < minPx) for (const i of members) mask[i] = 0;
  }
}
