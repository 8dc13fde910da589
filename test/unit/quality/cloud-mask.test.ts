// Hand-made Sentinel-2-like scenes (DN = reflectance × 10 000, bands B02 B03 B04 B08) with known
// answers: the screen must hide clouds and their shadows, and must not hide bright roofs or water.
import { describe, expect, it } from 'vitest';
import { dilate, S2_BGRN, sclNotObserved, screenClouds, withNotObserved } from '../../../src/core/quality/cloud-mask.js';
import type { CrsCode, Raster } from '../../../src/core/types.js';

const W = 60;
const H = 40;
type Pixel = readonly [number, number, number, number];
const FIELD: Pixel = [400, 700, 500, 3500]; // vegetation: dark visible, bright NIR
const CLOUD: Pixel = [5500, 5300, 5200, 5600]; // bright and flat
const SHADOW: Pixel = [300, 350, 300, 600]; // everything darkened
const WATER: Pixel = [600, 500, 300, 150]; // dark NIR, green > NIR
const ROOF: Pixel = [5200, 5100, 5000, 5200]; // as bright as cloud, but small
const SNOW: Pixel = [8000, 7900, 7800, 7000];

function scene(paint: (row: number, col: number) => Pixel, swir?: (row: number, col: number) => number): Raster {
  const n = W * H;
  const bands = Array.from({ length: swir ? 5 : 4 }, () => new Float32Array(n));
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const px = paint(r, c);
      for (let b = 0; b < 4; b++) bands[b][r * W + c] = px[b];
      if (swir) bands[4][r * W + c] = swir(r, c);
    }
  }
  return { grid: { width: W, height: H, transform: [0, 10, 0, 0, 0, -10], crs: 'LOCAL:pixel' as CrsCode }, bands, observed: new Uint8Array(n).fill(1) };
}

const inBox = (r: number, c: number, r0: number, c0: number, h: number, w: number) => r >= r0 && r < r0 + h && c >= c0 && c < c0 + w;
const at = (mask: Uint8Array, r: number, c: number) => mask[r * W + c];
const total = (mask: Uint8Array) => mask.reduce((a, v) => a + v, 0);

describe('bright/dark cloud screen (no thermal band)', () => {
  const raster = scene((r, c) => {
    if (inBox(r, c, 5, 5, 12, 12)) return CLOUD; // 144 px cloud
    if (inBox(r, c, 20, 12, 10, 10)) return SHADOW; // its shadow, 3 px below
    if (inBox(r, c, 2, 40, 3, 3)) return ROOF; // 9 px bright roof
    if (inBox(r, c, 30, 40, 8, 18)) return WATER;
    return FIELD;
  });
  const m = screenClouds(raster, S2_BGRN, { reflectanceScale: 10_000 });

  it('hides the cloud, with a buffer for its half-bright edge', () => {
    expect(at(m.cloud, 10, 10)).toBe(1);
    expect(at(m.cloud, 4, 10)).toBe(1); // 1 px outside the cloud: buffered
    expect(at(m.cloud, 10, 25)).toBe(0);
  });

  it('hides the shadow a cloud casts, but not dark water', () => {
    expect(at(m.shadow, 25, 15)).toBe(1);
    expect(total(Uint8Array.from(m.shadow, (v, i) => (inBox(Math.floor(i / W), i % W, 30, 40, 8, 18) ? v : 0)))).toBe(0);
  });

  it('does not take a small bright roof for a cloud', () => {
    expect(at(m.notObserved, 3, 41)).toBe(0);
  });

  it('dark ground far from any cloud is not a shadow', () => {
    const far = scene((r, c) => (inBox(r, c, 20, 12, 10, 10) ? SHADOW : FIELD));
    expect(total(screenClouds(far, S2_BGRN, { reflectanceScale: 10_000 }).notObserved)).toBe(0);
  });

  it('with a SWIR band, snow (high NDSI) is told from cloud; both are not observed', () => {
    const snowy = scene(
      (r, c) => (inBox(r, c, 5, 5, 12, 12) ? SNOW : inBox(r, c, 5, 30, 12, 12) ? CLOUD : FIELD),
      (r, c) => (inBox(r, c, 5, 5, 12, 12) ? 800 : inBox(r, c, 5, 30, 12, 12) ? 4500 : 1500),
    );
    const s = screenClouds(snowy, { ...S2_BGRN, swir1: 4 }, { reflectanceScale: 10_000 });
    expect(at(s.snow, 10, 10)).toBe(1);
    expect(at(s.cloud, 10, 10)).toBe(0);
    expect(at(s.cloud, 10, 35)).toBe(1);
    expect(at(s.notObserved, 10, 10)).toBe(1);
  });

  it('carries the mask as "not observed" without touching the bands', () => {
    const masked = withNotObserved(raster, m.notObserved);
    expect(masked.observed[10 * W + 10]).toBe(0);
    expect(masked.observed[35 * W + 5]).toBe(1);
    expect(masked.bands).toBe(raster.bands);
    expect(raster.observed[10 * W + 10]).toBe(1);
  });
});

describe('Sentinel-2 L2A scene classification', () => {
  it('cloud, cirrus, shadow, snow, no-data and defective pixels are not observed; land and water are', () => {
    const scl = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99];
    expect([...sclNotObserved(scl)]).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0]);
  });
});

describe('dilate', () => {
  it('grows one pixel into a (2r+1)² square, clipped at the edges', () => {
    const mask = new Uint8Array(W * H);
    mask[0] = 1;
    mask[20 * W + 30] = 1;
    const grown = dilate(mask, W, H, 2);
    expect(total(grown)).toBe(9 + 25);
    expect(at(grown, 22, 32)).toBe(1);
    expect(at(grown, 23, 30)).toBe(0);
  });
});
