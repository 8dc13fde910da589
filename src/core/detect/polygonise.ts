// Component → polygon: trace the pixel-edge boundary of one labelled component into rings, in
// pixel-corner coordinates of the labelled raster. Exact (staircase) outlines, like
// gdal_polygonize, so polygon area equals pixel area.

/** A ring of [col,row] pixel-corner coordinates, closed (first === last). */
export type PixelRing = [number, number][];

export interface PixelPolygon {
  /** Clockwise on screen (y down) → counter-clockwise once y is flipped to north-up. */
  readonly outer: PixelRing;
  readonly holes: PixelRing[];
}

// Directions of boundary edges, screen coords (y down): 0 E, 1 S, 2 W, 3 N.
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;
/** The direction to the left of `d` on screen (facing south, east is on your left). */
const LEFT_OF = [3, 0, 1, 2] as const;

/**
 * Trace the boundary of component `label` within its inclusive bbox. Where two pixels of the
 * component touch only at a corner, the trace turns left, which keeps them in one ring
 * (8-connectivity, matching the labelling) and leaves the background 4-connected.
 */
export function traceComponent(
  labels: Int32Array,
  width: number,
  label: number,
  bbox: { minCol: number; minRow: number; maxCol: number; maxRow: number },
): PixelPolygon {
  const w = bbox.maxCol - bbox.minCol + 1;
  const h = bbox.maxRow - bbox.minRow + 1;
  const mask = paddedMask(w, h);
  for (let r = 0; r < h; r++) {
    const src = (r + bbox.minRow) * width + bbox.minCol;
    const dst = (r + 1) * (w + 2) + 1;
    for (let c = 0; c < w; c++) if (labels[src + c] === label) mask[dst + c] = 1;
  }
  return traceMask(mask, w, h, bbox.minCol, bbox.minRow);
}

/** A zeroed w × h mask with a one-pixel empty border (row stride w + 2), for traceMask. */
export function paddedMask(w: number, h: number): Uint8Array {
  return new Uint8Array((w + 2) * (h + 2));
}

/**
 * traceComponent on a padded mask (1 = the component; see paddedMask) whose pixel (c, r) is the
 * grid's (c + col0, r + row0). The border makes every neighbour test one load: on a big field the
 * per-pixel bounds checks and label compares were most of the scan's polygon time.
 */
export function traceMask(mask: Uint8Array, w: number, h: number, col0: number, row0: number): PixelPolygon {
  const vw = w + 1; // vertices per row of the local corner lattice
  const stride = w + 2;

  // Each lattice vertex has at most two outgoing boundary edges (two only at corner touches).
  const nVerts = vw * (h + 1);
  const out = new Int8Array(nVerts * 2).fill(-1);
  const used = new Uint8Array(nVerts * 2);
  const addEdge = (v: number, dir: number): void => {
    out[out[v * 2] === -1 ? v * 2 : v * 2 + 1] = dir;
  };
  let edges = 0;
  for (let r = 0; r < h; r++) {
    let m = (r + 1) * stride + 1;
    let v = r * vw;
    for (let c = 0; c < w; c++, m++, v++) {
      if (mask[m] === 0) continue;
      // Edges in the order top, right, bottom, left of each pixel in raster order: which of a
      // vertex's two slots an edge takes, and so the rings' start and walk, stay as they were.
      if (mask[m - stride] === 0) { addEdge(v, 0); edges++; }
      if (mask[m + 1] === 0) { addEdge(v + 1, 1); edges++; }
      if (mask[m + stride] === 0) { addEdge(v + vw + 1, 2); edges++; }
      if (mask[m - 1] === 0) { addEdge(v + vw, 3); edges++; }
    }
  }

  const rings: { ring: PixelRing; area2: number }[] = [];
  for (let start = 0; start < nVerts * 2 && edges > 0; start++) {
    if (out[start] === -1 || used[start]) continue;
    // Only corners are kept (a straight run's inner lattice points are not even allocated): the
    // start's own corner-ness is known once the walk has come back to it.
    const ring: PixelRing = [];
    let slot = start;
    let v = start >> 1;
    let area2 = 0;
    const firstDir = out[slot]!;
    let prevDir = firstDir;
    for (;;) {
      used[slot] = 1;
      edges--;
      const dir = out[slot]!;
      const x = v % vw;
      const y = (v - x) / vw;
      if (dir !== prevDir) ring.push([x + col0, y + row0]);
      prevDir = dir;
      const nx = x + DX[dir];
      const ny = y + DY[dir];
      area2 += x * ny - nx * y;
      v = ny * vw + nx;
      const a = v * 2;
      const b = a + 1;
      const aFree = out[a] !== -1 && !used[a];
      const bFree = out[b] !== -1 && !used[b];
      if (!aFree && !bFree) break;
      if (aFree && bFree) slot = out[a] === LEFT_OF[dir] ? a : b;
      else slot = aFree ? a : b;
    }
    if (prevDir !== firstDir) {
      const x = (start >> 1) % vw;
      ring.unshift([x + col0, ((start >> 1) - x) / vw + row0]);
    }
    ring.push(ring[0]!);
    rings.push({ ring, area2 });
  }
  // One exterior (positive area on screen) per 8-connected component; the rest are holes.
  let outerIndex = 0;
  for (let k = 1; k < rings.length; k++) if (rings[k]!.area2 > rings[outerIndex]!.area2) outerIndex = k;
  return {
    outer: rings[outerIndex]!.ring,
    holes: rings.filter((_, k) => k !== outerIndex).map((r) => r.ring),
  };
}
