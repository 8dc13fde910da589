// The watched pixels of one internal block at a time, handed out as spans, so a streamed scan never
// holds a strip-wide mask (on a 40,000-wide tile a strip of 512 rows is 20 MB of it). Polygons are
// picked by bounding box first, and each one's scanlines are intersected once for the whole scan
// (rasterise.ts' cached spans): a block only clips them to its columns.
import { forEachSpanIn, type PixelPolygonRings } from '../../raster/rasterise.js';

/** Pixels a polygon's burn can reach beyond its vertices' bounding box (pixel centres, rounding). */
const REACH_PX = 2;

export class BlockWatchMask {
  private readonly boxes: Float64Array;
  private stripPolygons: number[] = [];
  private row0 = 0;
  private rows = 0;

  /** `polygons` in the tile's pixel coordinates. */
  constructor(private readonly polygons: readonly PixelPolygonRings[]) {
    this.boxes = new Float64Array(polygons.length * 4);
    polygons.forEach((rings, i) => {
      let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
      for (const ring of rings) for (const [c, r] of ring) {
        if (c < c0) c0 = c; if (c > c1) c1 = c; if (r < r0) r0 = r; if (r > r1) r1 = r;
      }
      this.boxes.set([c0 - REACH_PX, r0 - REACH_PX, c1 + REACH_PX, r1 + REACH_PX], i * 4);
    });
  }

  /** Tile rows [row0, row0 + rows) of the blocks `spans` will be asked for next. */
  startStrip(row0: number, rows: number): void {
    this.row0 = row0;
    this.rows = rows;
    const b = this.boxes;
    this.stripPolygons = [];
    for (let i = 0; i < this.polygons.length; i++) {
      if (b[i * 4 + 3]! >= row0 && b[i * 4 + 1]! < row0 + rows) this.stripPolygons.push(i);
    }
  }

  /**
   * The watched pixels of tile columns [col0, col0 + width) of the strip, as [start, end) index
   * pairs (row-major, stride `width`) exactly as burnPolygons marks them; empty when none is.
   */
  spans(col0: number, width: number): Int32Array {
    const b = this.boxes;
    const near = this.stripPolygons.filter((i) => b[i * 4 + 2]! >= col0 && b[i * 4]! < col0 + width).map((i) => this.polygons[i]!);
    if (near.length === 0) return new Int32Array(0);
    const spans: number[] = [];
    const row0 = this.row0;
    for (const rings of near) {
      forEachSpanIn(rings, { col0, row0, width, height: this.rows }, (row, c0, c1) => {
        const base = (row - row0) * width - col0;
        spans.push(base + c0, base + c1);
      });
    }
    return Int32Array.from(spans);
  }
}
