import { describe, expect, it } from 'vitest';
import { rasterisePolygons } from '../../../src/core/raster/rasterise.js';
import { resampleBilinear } from '../../../src/core/raster/resample.js';
import { invertTransform, crsToPixel, pixelToCrs, sameGrid } from '../../../src/core/raster/affine.js';
import { removeSpeckle } from '../../../src/core/detect/clean.js';
import type { CrsCode, Grid, Raster } from '../../../src/core/types.js';

const UTM = 'EPSG:32642' as CrsCode;
const count = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);

describe('burning corridors into a grid', () => {
  it('fills exactly the pixels whose centres are inside a square', () => {
    const mask = rasterisePolygons([[[[2, 2], [6, 2], [6, 5], [2, 5], [2, 2]]]], { col0: 0, row0: 0, width: 10, height: 10 });
    expect(count(mask)).toBe(12);
    expect(mask[2 * 10 + 2]).toBe(1);
    expect(mask[5 * 10 + 2]).toBe(0);
  });

  it('leaves holes out and clips to the window', () => {
    const outer = [[0, 0], [8, 0], [8, 8], [0, 8], [0, 0]] as [number, number][];
    const hole = [[2, 2], [6, 2], [6, 6], [2, 6], [2, 2]] as [number, number][];
    const mask = rasterisePolygons([[outer, hole]], { col0: 4, row0: 0, width: 10, height: 4 });
    // Window columns 4..13, rows 0..3; polygon covers cols 0..7: inside the window cols 4..7.
    // Rows 0,1: 4 px each; rows 2,3: hole covers cols 2..5 → cols 6,7 remain.
    expect(count(mask)).toBe(4 + 4 + 2 + 2);
  });

  it('marks exactly the pixels whose centres are inside, in every window it is burnt into (a scan reuses each polygon)', () => {
    // A slanted corridor-like ring with a hole, off the pixel lattice so no centre lies on an edge.
    const outer: [number, number][] = [[3.31, 1.17], [41.73, 9.41], [37.29, 30.83], [1.13, 24.61], [3.31, 1.17]];
    const hole: [number, number][] = [[15.27, 12.13], [24.71, 13.97], [22.19, 20.31], [14.03, 18.77], [15.27, 12.13]];
    const polygon = [outer, hole];
    const inside = (x: number, y: number): boolean => [outer, hole].reduce((odd, ring) => {
      let crossings = 0;
      for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
        const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) crossings++;
      }
      return crossings % 2 === 1 ? !odd : odd;
    }, false);
    // The whole extent, windows cutting through it (as blocks and strips do), and one beyond it.
    const windows = [{ col0: 0, row0: 0, width: 45, height: 33 }, { col0: 7, row0: 5, width: 16, height: 16 }, { col0: 30, row0: 20, width: 16, height: 16 }, { col0: -5, row0: 28, width: 12, height: 9 }, { col0: 0, row0: 0, width: 45, height: 33 }, { col0: 50, row0: 0, width: 8, height: 8 }];
    for (const win of windows) {
      const mask = rasterisePolygons([polygon], win);
      for (let r = 0; r < win.height; r++) {
        for (let c = 0; c < win.width; c++) expect(mask[r * win.width + c], `pixel (${c + win.col0}, ${r + win.row0})`).toBe(inside(c + win.col0 + 0.5, r + win.row0 + 0.5) ? 1 : 0);
      }
    }
  });

  it('burns a watch area far larger than the window (billions of pixels each way) into just the window', () => {
    const win = { col0: 0, row0: 0, width: 100, height: 100 };
    const tall = rasterisePolygons([[[[-5, -3e9], [150, -3e9], [150, 3e9], [-5, 3e9], [-5, -3e9]]]], win);
    expect(count(tall)).toBe(10_000);
    const wide = rasterisePolygons([[[[-3e9, 10], [3e9, 10], [3e9, 20], [-3e9, 20], [-3e9, 10]]]], win);
    expect(count(wide)).toBe(1_000);
  });

  it('burns a triangle to about its area', () => {
    const mask = rasterisePolygons([[[[0, 0], [100, 0], [0, 100], [0, 0]]]], { col0: 0, row0: 0, width: 100, height: 100 });
    expect(Math.abs(count(mask) - 5000)).toBeLessThan(100);
  });
});

describe('affine geotransforms', () => {
  it('inverts a north-up transform exactly', () => {
    const t = [600000, 10, 0, 4700000, 0, -10] as const;
    const inv = invertTransform(t);
    const [x, y] = pixelToCrs(t, 12.5, 7.25);
    expect(crsToPixel(inv, x, y)).toEqual([12.5, 7.25]);
  });

  it('tells identical lattices from shifted ones', () => {
    const a: Grid = { width: 4, height: 4, crs: UTM, transform: [0, 10, 0, 0, 0, -10] };
    expect(sameGrid(a, { ...a })).toBe(true);
    expect(sameGrid(a, { ...a, transform: [5, 10, 0, 0, 0, -10] })).toBe(false);
  });
});

describe('resampling the current date onto the baseline grid', () => {
  // Two identical rows, so only the horizontal interpolation shows; the map puts target centres on
  // the source's row boundary (y = 1) where both rows contribute equally.
  const src: Raster = {
    grid: { width: 4, height: 2, crs: UTM, transform: [0, 10, 0, 0, 0, -10] },
    bands: [Float32Array.from([0, 10, 20, 30, 0, 10, 20, 30])],
    observed: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1]),
  };
  const map = (c: number): [number, number] => [c + 0.5, 1];
  it('interpolates linearly between pixel centres', () => {
    // Target pixel centres fall halfway between source centres.
    const target: Grid = { width: 3, height: 1, crs: UTM, transform: [5, 10, 0, 0, 0, -10] };
    const out = resampleBilinear(src, target, map);
    expect(Array.from(out.bands[0]!.slice(0, 3))).toEqual([5, 15, 25]);
  });

  it('never mixes nodata into a value: it falls back to the nearest observed pixel or stays unobserved', () => {
    const withGap: Raster = { ...src, observed: Uint8Array.from([1, 0, 1, 1, 1, 0, 1, 1]) };
    const target: Grid = { width: 3, height: 1, crs: UTM, transform: [5, 10, 0, 0, 0, -10] };
    const out = resampleBilinear(withGap, target, map);
    expect(out.observed[0]).toBe(0); // its nearest source pixel (column 1) is nodata
    expect(out.bands[0]![1]).toBe(20); // kernel touches nodata: nearest observed (column 2)
    expect(out.bands[0]![2]).toBe(25); // clean kernel: interpolated
  });
});

describe('speckle removal', () => {
  it('drops isolated changed pixels but keeps a one-pixel-wide track', () => {
    const w = 7;
    const mask = new Uint8Array(w * w);
    mask[0] = 1; // isolated
    for (let c = 1; c < 6; c++) mask[3 * w + c] = 1; // a 5-px track
    const out = removeSpeckle(mask, w, w, 1);
    expect(out[0]).toBe(0);
    expect(count(out)).toBe(5);
  });
});
