// A static spatial index (flatbush) over segment corridors' bounding boxes: which segments can a
// change polygon touch, without testing every one.
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { BorderSegment } from '../types.js';

/** [west, south, east, north] in degrees. */
export type BBox = readonly [number, number, number, number];

export function bboxOfPolygonal(g: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    for (const p of poly[0] ?? []) {
      const x = p[0]!, y = p[1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}

export class SegmentIndex {
  readonly segments: readonly BorderSegment[];
  private readonly index: Flatbush | null;
  private readonly extent: BBox | null;

  constructor(segments: readonly BorderSegment[]) {
    this.segments = segments;
    if (segments.length === 0) {
      this.index = null;
      this.extent = null;
      return;
    }
    const index = new Flatbush(segments.length);
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const seg of segments) {
      const b = bboxOfPolygonal(seg.corridor);
      index.add(b[0], b[1], b[2], b[3]);
      w = Math.min(w, b[0]);
      s = Math.min(s, b[1]);
      e = Math.max(e, b[2]);
      n = Math.max(n, b[3]);
    }
    index.finish();
    this.index = index;
    this.extent = [w, s, e, n];
  }

  /** Segments whose corridor bounding box meets `bbox`, in input order. */
  search(bbox: BBox): BorderSegment[] {
    if (!this.index) return [];
    return this.index
      .search(bbox[0], bbox[1], bbox[2], bbox[3])
      .sort((a, b) => a - b)
      .map((i) => this.segments[i]!);
  }

  /** Bounding box of all corridors, or null when there are none. */
  bbox(): BBox | null {
    return this.extent;
  }
}
