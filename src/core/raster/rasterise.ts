// Burn polygons (already in pixel coordinates) into a window mask: a pixel is inside when its
// centre is (even-odd rule per polygon, so holes stay out). Used to restrict work to corridors.
import type { PixelWindow } from '../types.js';

/** Rings of one polygon in pixel coordinates of the full grid: [outer, ...holes]. */
export type PixelPolygonRings = readonly (readonly (readonly [number, number])[])[];

/** OR-burn every polygon into a new mask covering `win` (1 = inside some polygon). */
export function rasterisePolygons(polygons: readonly PixelPolygonRings[], win: PixelWindow): Uint8Array {
  const mask = new Uint8Array(win.width * win.height);
  burnPolygons(polygons, win, mask, 1);
  return mask;
}

/**
 * Sets `value` at every pixel of the window-sized, row-major `mask` whose centre is inside a
 * polygon. Callers burn one value into a fresh mask, so a span is a native fill (a cold JIT's
 * per-pixel loop cost more than the scan's decode of a corridor strip).
 */
export function burnPolygons(polygons: readonly PixelPolygonRings[], win: PixelWindow, mask: Uint8Array, value: number): void {
  for (const rings of polygons) {
    forEachSpanIn(rings, win, (row, c0, c1) => {
      const base = (row - win.row0) * win.width - win.col0;
      mask.fill(value, base + c0, base + c1);
    });
  }
}

/**
 * Calls `emit(row, c0, c1)` for each span of the polygon's burn inside `win`, row by row ([c0, c1)
 * absolute columns). Streaming scans burn the same corridors block after block (and once more per
 * segment for coverage): each polygon's scanlines are intersected once, in chunks of rows as
 * windows first reach them, and every window after that only clips columns.
 */
export function forEachSpanIn(rings: PixelPolygonRings, win: PixelWindow, emit: (row: number, c0: number, c1: number) => void): void {
  const spans = spansOf(rings);
  const t = spans.edges;
  if (t.count === 0) return;
  // Rows whose centres the polygon can reach, within the window.
  const r0 = Math.max(win.row0, Math.floor(t.minY - 0.5));
  const r1 = Math.min(win.row0 + win.height - 1, Math.ceil(t.maxY - 0.5));
  const cMin = win.col0;
  const cEnd = win.col0 + win.width;
  for (let row = r0; row <= r1; ) {
    const chunk = Math.floor(row / CHUNK_ROWS);
    let rows = spans.chunks.get(chunk);
    if (!rows) {
      rows = chunkSpans(t, chunk * CHUNK_ROWS);
      spans.chunks.set(chunk, rows);
    }
    const last = Math.min(r1, chunk * CHUNK_ROWS + CHUNK_ROWS - 1);
    for (; row <= last; row++) {
      const r = row - chunk * CHUNK_ROWS;
      for (let k = rows.starts[r]!, end = rows.starts[r + 1]!; k < end; k += 2) {
        const c0 = Math.max(cMin, rows.cols[k]!);
        const c1 = Math.min(cEnd, rows.cols[k + 1]!);
        if (c1 > c0) emit(row, c0, c1);
      }
    }
  }
}

/** Rows per chunk of a polygon's cached spans: a window only costs the chunks it reaches. */
const CHUNK_ROWS = 256;

/** Columns are kept within ±2³⁰ (windows lie well inside): a polygon far off the grid cannot wrap an Int32. */
const COL_LIMIT = 2 ** 30;

/** Spans of CHUNK_ROWS rows: row r's [first column, end column) pairs are cols[starts[r] .. starts[r + 1]). */
interface ChunkSpans {
  readonly starts: Int32Array;
  readonly cols: Int32Array;
}

interface PolygonSpans {
  readonly edges: EdgeTable;
  readonly chunks: Map<number, ChunkSpans>;
}

const spanCache = new WeakMap<PixelPolygonRings, PolygonSpans>();

function spansOf(rings: PixelPolygonRings): PolygonSpans {
  let spans = spanCache.get(rings);
  if (!spans) {
    spans = { edges: edgeTable(rings), chunks: new Map() };
    spanCache.set(rings, spans);
  }
  return spans;
}

/** The scanline pass over rows [row0, row0 + CHUNK_ROWS): pixel centres col + 0.5 inside (even-odd). */
function chunkSpans(t: EdgeTable, row0: number): ChunkSpans {
  const starts = new Int32Array(CHUNK_ROWS + 1);
  const cols: number[] = [];
  const xs: number[] = [];
  let active: number[] = [];
  let kept: number[] = [];
  const e = t.edges;
  let next = 0;
  for (let r = 0; r < CHUNK_ROWS; r++) {
    const y = row0 + r + 0.5;
    // Half-open rule on y (top ≤ y < bottom) so a vertex exactly on the scanline counts once.
    while (next < t.count && e[next * 6 + 4]! <= y) active.push(next++);
    kept.length = 0;
    xs.length = 0;
    for (const k of active) {
      const o = k * 6;
      if (e[o + 5]! <= y) continue;
      kept.push(k);
      // Interpolated from the ring's own first vertex, as it always was: masks stay bit-identical.
      const ax = e[o]!, ay = e[o + 1]!;
      xs.push(ax + ((y - ay) / (e[o + 3]! - ay)) * (e[o + 2]! - ax));
    }
    [active, kept] = [kept, active];
    if (xs.length > 2) xs.sort((p, q) => p - q);
    else if (xs.length === 2 && xs[0]! > xs[1]!) xs.reverse();
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixel centres col + 0.5 within [xs[k], xs[k+1]).
      const c0 = Math.min(COL_LIMIT, Math.max(-COL_LIMIT, Math.ceil(xs[k]! - 0.5)));
      const c1 = Math.min(COL_LIMIT, Math.max(-COL_LIMIT, Math.ceil(xs[k + 1]! - 0.5)));
      if (c1 > c0) cols.push(c0, c1);
    }
    starts[r + 1] = cols.length;
  }
  return { starts, cols: Int32Array.from(cols) };
}

interface EdgeTable {
  readonly edges: Float64Array;
  readonly count: number;
  readonly minY: number;
  readonly maxY: number;
}

/** Non-horizontal edges of all rings as (ax, ay, bx, by, top y, bottom y) in ring order, by top y. */
function edgeTable(rings: PixelPolygonRings): EdgeTable {
  const list: [number, number, number, number, number, number][] = [];
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (let k = 0, n = ring.length, j = n - 1; k < n; j = k++) {
      const a = ring[j]!;
      const b = ring[k]!;
      if (a[1] === b[1]) continue;
      const top = Math.min(a[1], b[1]);
      const bottom = Math.max(a[1], b[1]);
      list.push([a[0], a[1], b[0], b[1], top, bottom]);
      if (top < minY) minY = top;
      if (bottom > maxY) maxY = bottom;
    }
  }
  list.sort((p, q) => p[4] - q[4]);
  const edges = new Float64Array(list.length * 6);
  list.forEach((edge, i) => edges.set(edge, i * 6));
  return { edges, count: list.length, minY, maxY };
}
