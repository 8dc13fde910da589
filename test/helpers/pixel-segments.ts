// Watch areas for synthetic tiles, drawn in the tile's pixel coordinates: a plain corridor polygon
// per ring, and one over the whole tile.
import { transformer, WGS84 } from '../../src/core/geo/crs.js';
import { pixelToCrs } from '../../src/core/raster/affine.js';
import type { BorderSegment, Grid, SegmentId } from '../../src/core/types.js';

export interface PixelSegments {
  /** Pixel corner (column, row) → WGS 84 lon/lat. */
  readonly px: (col: number, row: number) => [number, number];
  /** A watch area through the given pixel corners (closed ring). */
  readonly segment: (id: string, ring: [number, number][]) => BorderSegment;
  /** One watch area over the whole tile. */
  readonly wholeTile: () => BorderSegment[];
}

export function pixelSegments(grid: Grid): PixelSegments {
  const toWgs = transformer(grid.crs, WGS84);
  const px = (col: number, row: number): [number, number] => toWgs(...pixelToCrs(grid.transform, col, row));
  const segment = (id: string, ring: [number, number][]): BorderSegment => ({ id: id as SegmentId, name: id, corridor: { type: 'Polygon', coordinates: [ring] } });
  const { width: w, height: h } = grid;
  return { px, segment, wholeTile: () => [segment('whole', [px(0, 0), px(0, h), px(w, h), px(w, 0), px(0, 0)])] };
}
