// Assembles a pixel window of a tile from its internal blocks: only the blocks the window touches
// (and the caller wants) are decoded; everything not read or not valid is marked "not observed".
import type { Grid, PixelWindow, Raster } from '../../core/types.js';
import type { BandArray } from './samples.js';

/** What window assembly needs from an open tile. */
export interface BlockSource {
  readonly grid: Grid;
  readonly bandCount: number;
  readonly nodata: number | null;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly blocksAcross: number;
  readonly blocksDown: number;
  /** Band arrays of block (bx, by); each is blockWidth wide and at least as tall as the rows it holds. */
  readBlock(bx: number, by: number): Promise<BandArray[]>;
}

export interface ReadWindowOptions {
  /** Return false to leave block (bx, by) undecoded; its pixels are then not observed. */
  readonly wantBlock?: (bx: number, by: number) => boolean;
}

/** The grid of a window of `grid` (same CRS and pixel size, shifted origin). */
export function windowGrid(grid: Grid, win: PixelWindow): Grid {
  const [x0, dx, rx, y0, ry, dy] = grid.transform;
  return {
    width: win.width,
    height: win.height,
    crs: grid.crs,
    transform: [x0 + win.col0 * dx + win.row0 * rx, dx, rx, y0 + win.col0 * ry + win.row0 * dy, ry, dy],
  };
}

function checkWindow(win: PixelWindow): void {
  const ints = [win.col0, win.row0, win.width, win.height].every(Number.isSafeInteger);
  if (!ints || win.width <= 0 || win.height <= 0) throw new RangeError(`invalid pixel window ${JSON.stringify(win)}`);
}

export async function assembleWindow(src: BlockSource, win: PixelWindow, opts: ReadWindowOptions = {}): Promise<Raster> {
  checkWindow(win);
  const { width: imgW, height: imgH } = src.grid;
  const pixels = win.width * win.height;
  const bands = Array.from({ length: src.bandCount }, () => new Float32Array(pixels));
  const observed = new Uint8Array(pixels);
  // Nodata compares against the value as stored: float32 bands hold fround(nodata).
  const nodata = src.nodata;
  const nodata32 = nodata === null ? null : Math.fround(nodata);

  const c0 = Math.max(0, win.col0);
  const r0 = Math.max(0, win.row0);
  const c1 = Math.min(imgW, win.col0 + win.width);
  const r1 = Math.min(imgH, win.row0 + win.height);
  if (c0 < c1 && r0 < r1) {
    const bx0 = Math.floor(c0 / src.blockWidth);
    const bx1 = Math.floor((c1 - 1) / src.blockWidth);
    const by0 = Math.floor(r0 / src.blockHeight);
    const by1 = Math.floor((r1 - 1) / src.blockHeight);
    for (let by = by0; by <= by1; by++) {
      for (let bx = bx0; bx <= bx1; bx++) {
        if (opts.wantBlock && !opts.wantBlock(bx, by)) continue;
        const block = await src.readBlock(bx, by);
        const blockCol0 = bx * src.blockWidth;
        const blockRow0 = by * src.blockHeight;
        const ca = Math.max(c0, blockCol0);
        const cb = Math.min(c1, blockCol0 + src.blockWidth);
        const ra = Math.max(r0, blockRow0);
        const rb = Math.min(r1, blockRow0 + src.blockHeight);
        const len = cb - ca;
        for (let r = ra; r < rb; r++) {
          const from = (r - blockRow0) * src.blockWidth + (ca - blockCol0);
          const to = (r - win.row0) * win.width + (ca - win.col0);
          observed.fill(1, to, to + len);
          for (let b = 0; b < bands.length; b++) {
            const srcBand = block[b] as BandArray;
            // Typed-array set converts to float32 natively: far faster than a per-sample loop.
            (bands[b] as Float32Array).set(srcBand.subarray(from, from + len), to);
            const isFloat = srcBand instanceof Float32Array || srcBand instanceof Float64Array;
            if (nodata === null && !isFloat) continue;
            // A change vector needs every band: one missing band makes the pixel unobserved.
            for (let k = 0; k < len; k++) {
              const v = srcBand[from + k] as number;
              if (v === nodata || v === nodata32 || Number.isNaN(v)) observed[to + k] = 0;
            }
          }
        }
      }
    }
  }
  return { grid: windowGrid(src.grid, win), bands, observed };
}
