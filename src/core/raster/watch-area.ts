// Which pixels of a tile are watched: the segment corridors burnt into the tile's grid, and the
// smallest window and the set of internal blocks that hold them. Only those blocks are decoded.
import type { PointTransform } from '../geo/crs.js';
import type { BorderSegment, Grid, PixelWindow } from '../types.js';
import { clampWindow, crsToPixel, invertTransform } from './affine.js';
import { rasterisePolygons, type PixelPolygonRings } from './rasterise.js';

export interface WatchArea {
  /** Null when no corridor touches the tile. */
  readonly window: PixelWindow | null;
  /** window-sized, 1 = inside some corridor. */
  readonly mask: Uint8Array;
  /** Segments whose corridor touches the tile. */
  readonly segments: BorderSegment[];
  /** Watched pixel count. */
  readonly pixels: number;
}

function corridorPolygons(segment: BorderSegment): number[][][][] {
  const g = segment.corridor;
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
}

/** The corridors in the grid's pixel coordinates and the window around them, without a mask. */
export interface WatchGeometry {
  readonly window: PixelWindow | null;
  readonly polygons: PixelPolygonRings[];
  /** Segments whose corridor's bbox touches the grid. */
  readonly segments: BorderSegment[];
}

export function watchArea(segments: readonly BorderSegment[], grid: Grid, wgs84ToRaster: PointTransform): WatchArea {
  const { window, polygons, segments: touching } = watchGeometry(segments, grid, wgs84ToRaster);
  if (!window) return { window: null, mask: new Uint8Array(0), segments: [], pixels: 0 };
  const mask = rasterisePolygons(polygons, window);
  let pixels = 0;
  for (let i = 0; i < mask.length; i++) pixels += mask[i]!;
  return { window: pixels > 0 ? window : null, mask, segments: pixels > 0 ? touching : [], pixels };
}

/** Streaming scans burn the mask strip by strip (a whole-tile mask would grow with the tile). */
export function watchGeometry(segments: readonly BorderSegment[], grid: Grid, wgs84ToRaster: PointTransform): WatchGeometry {
  const inverse = invertTransform(grid.transform);
  const polygons: PixelPolygonRings[] = [];
  const touching: BorderSegment[] = [];
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (const segment of segments) {
    let touched = false;
    for (const poly of corridorPolygons(segment)) {
      const rings = poly.map((ring) => ring.map(([lon, lat]) => {
        const [x, y] = wgs84ToRaster(lon!, lat!);
        return crsToPixel(inverse, x, y);
      }));
      let pc0 = Infinity, pr0 = Infinity, pc1 = -Infinity, pr1 = -Infinity;
      for (const [c, r] of rings[0]!) {
        if (c < pc0) pc0 = c; if (c > pc1) pc1 = c; if (r < pr0) pr0 = r; if (r > pr1) pr1 = r;
      }
      if (pc1 < 0 || pr1 < 0 || pc0 > grid.width || pr0 > grid.height) continue;
      touched = true;
      polygons.push(rings);
      c0 = Math.min(c0, pc0); r0 = Math.min(r0, pr0); c1 = Math.max(c1, pc1); r1 = Math.max(r1, pr1);
    }
    if (touched) touching.push(segment);
  }
  const window =
    polygons.length === 0
      ? null
      : clampWindow({ col0: Math.floor(c0), row0: Math.floor(r0), width: Math.ceil(c1) - Math.floor(c0) + 1, height: Math.ceil(r1) - Math.floor(r0) + 1 }, grid.width, grid.height);
  return { window, polygons, segments: touching };
}

/**
 * At most how many internal blocks of one block row (strip) the corridors can touch inside `win`:
 * each polygon counts the block columns of its bounding box on every block row it spans (an upper
 * bound, cheap — no mask), so a streamed reader can size what it decodes ahead.
 */
export function maxBlocksPerStrip(polygons: readonly PixelPolygonRings[], win: PixelWindow, blockWidth: number, blockHeight: number): number {
  const by0 = Math.floor(win.row0 / blockHeight);
  const by1 = Math.floor((win.row0 + win.height - 1) / blockHeight);
  const bx0 = Math.floor(win.col0 / blockWidth);
  const bx1 = Math.floor((win.col0 + win.width - 1) / blockWidth);
  const touched = Array.from({ length: by1 - by0 + 1 }, () => new Uint8Array(bx1 - bx0 + 1));
  for (const rings of polygons) {
    let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
    for (const [c, r] of rings[0] ?? []) {
      if (c < c0) c0 = c; if (c > c1) c1 = c; if (r < r0) r0 = r; if (r > r1) r1 = r;
    }
    const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
    const ya = clamp(Math.floor(r0 / blockHeight), by0, by1), yb = clamp(Math.floor(r1 / blockHeight), by0, by1);
    const xa = clamp(Math.floor(c0 / blockWidth), bx0, bx1), xb = clamp(Math.floor(c1 / blockWidth), bx0, bx1);
    for (let by = ya; by <= yb; by++) touched[by - by0]!.fill(1, xa - bx0, xb - bx0 + 1);
  }
  return touched.reduce((m, row) => Math.max(m, row.reduce((n, v) => n + v, 0)), 0);
}

/** Internal blocks (bx, by) of a tiled/stripped file that hold at least one watched pixel. */
export function watchedBlocks(area: WatchArea, blockWidth: number, blockHeight: number): Set<string> {
  const blocks = new Set<string>();
  const win = area.window;
  if (!win) return blocks;
  for (let row = 0; row < win.height; row++) {
    const by = Math.floor((row + win.row0) / blockHeight);
    const base = row * win.width;
    for (let col = 0; col < win.width; col++) {
      if (area.mask[base + col] === 0) continue;
      const bx = Math.floor((col + win.col0) / blockWidth);
      blocks.add(`${bx},${by}`);
      // Skip to the start of the next block column: the rest of this run is in the same block.
      col = (bx + 1) * blockWidth - win.col0 - 1;
    }
  }
  return blocks;
}
