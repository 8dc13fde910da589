// Bring the current date onto the baseline window's grid. Same lattice: read the same window.
// Different lattice (another pixel size, origin or CRS — OSCD hongkong, saclay_e): read the
// current pixels that cover the window and resample them bilinearly onto it.
import { InputError } from '../core/errors.js';
import { clampWindow, crsToPixel, invertTransform, pixelToCrs, sameGrid, windowGrid } from '../core/raster/affine.js';
import { resampleBilinear } from '../core/raster/resample.js';
import { transformer } from '../core/geo/crs.js';
import type { Grid, PixelWindow, Raster } from '../core/types.js';
import type { OpenTile } from '../io/tiff/open.js';

export interface AlignedRead {
  readonly raster: Raster;
  readonly resampled: boolean;
}

export async function readAligned(
  current: OpenTile,
  baselineGrid: Grid,
  win: PixelWindow,
  wantBlock: (bx: number, by: number) => boolean,
): Promise<AlignedRead> {
  if (sameGrid(baselineGrid, current.grid)) {
    return { raster: await current.readWindow(win, { wantBlock }), resampled: false };
  }
  const target = windowGrid(baselineGrid, win);
  const toCurrentCrs = transformer(baselineGrid.crs, current.grid.crs);
  const currentInverse = invertTransform(current.grid.transform);
  const toCurrentPixel = (col: number, row: number): [number, number] => {
    const [x, y] = pixelToCrs(target.transform, col, row);
    const [cx, cy] = toCurrentCrs(x, y);
    return crsToPixel(currentInverse, cx, cy);
  };
  // Footprint of the target window in the current grid, from its edges (sampled, so a
  // reprojection that bends edges is still covered), plus a margin for the bilinear kernel.
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  const steps = 16;
  for (let k = 0; k <= steps; k++) {
    const f = k / steps;
    for (const [c, r] of [[f * win.width, 0], [f * win.width, win.height], [0, f * win.height], [win.width, f * win.height]] as const) {
      const [pc, pr] = toCurrentPixel(c, r);
      c0 = Math.min(c0, pc); c1 = Math.max(c1, pc); r0 = Math.min(r0, pr); r1 = Math.max(r1, pr);
    }
  }
  const source = clampWindow(
    { col0: Math.floor(c0) - 2, row0: Math.floor(r0) - 2, width: Math.ceil(c1) - Math.floor(c0) + 5, height: Math.ceil(r1) - Math.floor(r0) + 5 },
    current.grid.width,
    current.grid.height,
  );
  if (!source) {
    throw new InputError('PAIR_NO_OVERLAP', 'the current tile does not overlap the baseline tile where segments are watched');
  }
  const src = await current.readWindow(source);
  const raster = resampleBilinear(src, target, (col, row) => {
    const [pc, pr] = toCurrentPixel(col, row);
    return [pc - source.col0, pr - source.row0];
  });
  return { raster, resampled: true };
}
