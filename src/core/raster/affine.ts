// Affine geotransform math: pixel <-> CRS coordinates, inversion, sub-grids.
import { InputError } from '../errors.js';
import type { GeoTransform, Grid, PixelWindow } from '../types.js';

/** CRS coordinates of a pixel-space point (col,row are corner-based: pixel centre is +0.5). */
export function pixelToCrs(t: GeoTransform, col: number, row: number): [number, number] {
  return [t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]];
}

/** The inverse transform: CRS (x,y) → pixel-space (col,row). */
export function invertTransform(t: GeoTransform): GeoTransform {
  const det = t[1] * t[5] - t[2] * t[4];
  if (det === 0 || !Number.isFinite(det)) {
    throw new InputError('GEO_NO_GEOREFERENCING', 'the geotransform is degenerate (zero pixel size)');
  }
  const i1 = t[5] / det;
  const i2 = -t[2] / det;
  const i4 = -t[4] / det;
  const i5 = t[1] / det;
  return [-(t[0] * i1 + t[3] * i2), i1, i2, -(t[0] * i4 + t[3] * i5), i4, i5];
}

export function crsToPixel(inverse: GeoTransform, x: number, y: number): [number, number] {
  return [inverse[0] + x * inverse[1] + y * inverse[2], inverse[3] + x * inverse[4] + y * inverse[5]];
}

/** The grid of a pixel window of `grid`: same CRS and pixel size, shifted origin. */
export function windowGrid(grid: Grid, win: PixelWindow): Grid {
  const t = grid.transform;
  const [x0, y0] = pixelToCrs(t, win.col0, win.row0);
  return { width: win.width, height: win.height, crs: grid.crs, transform: [x0, t[1], t[2], y0, t[4], t[5]] };
}

/** Intersection of a window with [0,width)×[0,height); null when empty. */
export function clampWindow(win: PixelWindow, width: number, height: number): PixelWindow | null {
  const c0 = Math.max(0, win.col0);
  const r0 = Math.max(0, win.row0);
  const c1 = Math.min(width, win.col0 + win.width);
  const r1 = Math.min(height, win.row0 + win.height);
  if (c1 <= c0 || r1 <= r0) return null;
  return { col0: c0, row0: r0, width: c1 - c0, height: r1 - r0 };
}

/** Size of one pixel in CRS units along x and y (positive numbers). */
export function pixelSize(t: GeoTransform): { x: number; y: number } {
  return { x: Math.hypot(t[1], t[4]), y: Math.hypot(t[2], t[5]) };
}

/** True when two grids are the same lattice (same CRS, size and transform within 1e-9 px). */
export function sameGrid(a: Grid, b: Grid): boolean {
  if (a.crs !== b.crs || a.width !== b.width || a.height !== b.height) return false;
  const px = pixelSize(a.transform);
  const tol = 1e-6 * Math.min(px.x, px.y);
  return a.transform.every((v, i) => Math.abs(v - b.transform[i]!) <= (i === 0 || i === 3 ? tol : 1e-12 + Math.abs(v) * 1e-9));
}
