// Candidate outlines held compactly until read: vertices on the 1e-7° grid as zigzag-varint deltas
// (~4 B a vertex instead of 8 as Int32 pairs, ~70 B as [lon, lat] arrays) packed into shared 64 KiB
// slabs, anything off the grid as doubles. The trade-off: a slab is freed only when every geometry
// packed into it is, so one surviving geometry keeps its whole 64 KiB slab alive.
import type { Polygon, MultiPolygon, Position } from 'geojson';

/** Scale of the 1e-7° grid candidates' vertices are rounded to (build-candidates' round7). */
const E7 = 1e7;

/** Where a compact geometry keeps its packed values (not enumerable: JSON and clones never see it). */
const PACKED = Symbol('packed polygonal');

/**
 * Outlines on the 1e-7° grid (traced ones are) as zigzag varints in a shared byte slab:
 * [polygons, rings, polygon ends (ring index)…, ring ends (vertex index)…, then per vertex the
 * change of lon and of lat from the previous vertex, in integers of 1e-7°]. Neighbouring vertices
 * of a 10 m outline are ~1,000 steps apart, so a vertex takes ~4 B instead of 8 as Int32 pairs,
 * and thousands of candidates share a few slabs instead of holding an ArrayBuffer each (on a
 * 40,000² tile 13,000 of them, each one a backing store and its bookkeeping in the main heap).
 * Anything off the grid (clipped vertices) is kept as doubles, the same layout in a Float64Array.
 */
type Packed =
  | { readonly kind: 'e7'; readonly slab: Uint8Array; readonly start: number }
  | { readonly kind: 'f64'; readonly values: Float64Array };

type CompactGeometry = (Polygon | MultiPolygon) & { readonly [PACKED]: Packed };

/**
 * One getter shared by every compact geometry, so they share one hidden class: a getter closure
 * per geometry cost ~370 B of heap each (a map and descriptors per object).
 */
const coordinatesGetter: PropertyDescriptor = {
  enumerable: true,
  get(this: CompactGeometry) {
    const packed = this[PACKED];
    const polygons = packed.kind === 'e7' ? unpackE7(packed.slab, packed.start) : unpackF64(packed.values);
    return this.type === 'Polygon' ? polygons[0] : polygons;
  },
};

/**
 * The same polygon(s), held compactly until read (see Packed): as [lon, lat] arrays a vertex took
 * ~70 B, and a 40,000² whole-tile scan's 13,000 candidates held 1.4 M of them, 96 MB of heap.
 * `coordinates` is an own enumerable getter that builds plain arrays on each read, equal to the
 * originals double for double: JSON output, structured clones, spreads and deep equality see an
 * ordinary geometry. Geometries with anything besides `type` and 2-D `coordinates` are returned
 * as they are.
 */
export function compactPolygonal<G extends Polygon | MultiPolygon>(geometry: G): G {
  if (Object.keys(geometry).some((k) => k !== 'type' && k !== 'coordinates')) return geometry;
  const polygons: readonly Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let rings = 0;
  let vertices = 0;
  let onGrid = true;
  for (const polygon of polygons) {
    rings += polygon.length;
    for (const ring of polygon) {
      vertices += ring.length;
      for (const p of ring) {
        if (p.length !== 2) return geometry;
        if (onGrid) onGrid = onE7Grid(p[0]!) && onE7Grid(p[1]!);
      }
    }
  }
  const packed: Packed = onGrid ? packE7(polygons, rings, vertices) : { kind: 'f64', values: packF64(polygons, rings, vertices) };
  const compact = { type: geometry.type };
  Object.defineProperty(compact, PACKED, { value: packed });
  Object.defineProperty(compact, 'coordinates', coordinatesGetter);
  return compact as G;
}

function packF64(polygons: readonly Position[][][], rings: number, vertices: number): Float64Array {
  const values = new Float64Array(2 + polygons.length + rings + 2 * vertices);
  values[0] = polygons.length;
  values[1] = rings;
  let polygonAt = 2;
  let ringAt = 2 + polygons.length;
  let at = ringAt + rings;
  let ring = 0;
  let vertex = 0;
  for (const polygon of polygons) {
    for (const positions of polygon) {
      for (const [lon, lat] of positions) {
        values[at++] = lon!;
        values[at++] = lat!;
      }
      vertex += positions.length;
      values[ringAt++] = vertex;
      ring++;
    }
    values[polygonAt++] = ring;
  }
  return values;
}

function unpackF64(values: Float64Array): Position[][][] {
  const polygons = values[0]!;
  const ringEnds = 2 + polygons;
  let at = ringEnds + values[1]!;
  let ring = 0;
  let vertex = 0;
  const out: Position[][][] = [];
  for (let p = 0; p < polygons; p++) {
    const polygon: Position[][] = [];
    for (; ring < values[2 + p]!; ring++) {
      const positions: Position[] = [];
      for (; vertex < values[ringEnds + ring]!; vertex++, at += 2) positions.push([values[at]!, values[at + 1]!]);
      polygon.push(positions);
    }
    out.push(polygon);
  }
  return out;
}

/** Bytes of a fresh slab; a geometry that needs more gets a slab of its own size. */
const SLAB_BYTES = 64 * 1024;
/** The slab being filled (shared by the geometries packed into it) and its first free byte. */
let slab = new Uint8Array(0);
let slabUsed = 0;

/** Most bytes a zigzag varint of |v| < 2^33 takes (7 bits a byte). */
const MAX_VARINT_BYTES = 5;

function packE7(polygons: readonly Position[][][], rings: number, vertices: number): Packed {
  const most = (2 + polygons.length + rings + 2 * vertices) * MAX_VARINT_BYTES;
  if (slabUsed + most > slab.length) {
    slab = new Uint8Array(Math.max(SLAB_BYTES, most));
    slabUsed = 0;
  }
  const start = slabUsed;
  let at = writeVarint(slab, start, polygons.length);
  at = writeVarint(slab, at, rings);
  let ring = 0;
  for (const polygon of polygons) at = writeVarint(slab, at, (ring += polygon.length));
  let vertex = 0;
  for (const polygon of polygons) for (const positions of polygon) at = writeVarint(slab, at, (vertex += positions.length));
  let lon = 0;
  let lat = 0;
  for (const polygon of polygons) {
    for (const positions of polygon) {
      for (const p of positions) {
        const x = Math.round(p[0]! * E7);
        const y = Math.round(p[1]! * E7);
        at = writeVarint(slab, at, zigzag(x - lon));
        at = writeVarint(slab, at, zigzag(y - lat));
        lon = x;
        lat = y;
      }
    }
  }
  slabUsed = at;
  return { kind: 'e7', slab, start };
}

function unpackE7(bytes: Uint8Array, start: number): Position[][][] {
  const reader = { at: start };
  const polygons = readVarint(bytes, reader);
  const rings = readVarint(bytes, reader);
  const polygonEnds: number[] = [];
  for (let p = 0; p < polygons; p++) polygonEnds.push(readVarint(bytes, reader));
  const ringEnds: number[] = [];
  for (let r = 0; r < rings; r++) ringEnds.push(readVarint(bytes, reader));
  let lon = 0;
  let lat = 0;
  let ring = 0;
  let vertex = 0;
  const out: Position[][][] = [];
  for (let p = 0; p < polygons; p++) {
    const polygon: Position[][] = [];
    for (; ring < polygonEnds[p]!; ring++) {
      const positions: Position[] = [];
      for (; vertex < ringEnds[ring]!; vertex++) {
        lon += unzigzag(readVarint(bytes, reader));
        lat += unzigzag(readVarint(bytes, reader));
        positions.push([lon / E7, lat / E7]);
      }
      polygon.push(positions);
    }
    out.push(polygon);
  }
  return out;
}

/** Signed to unsigned, small magnitudes to small numbers (arithmetic: values reach ±2^32). */
const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

function writeVarint(bytes: Uint8Array, at: number, v: number): number {
  while (v >= 128) {
    bytes[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  bytes[at++] = v;
  return at;
}

function readVarint(bytes: Uint8Array, reader: { at: number }): number {
  let v = 0;
  let scale = 1;
  // Values stay below 2^34: a longer run of continued bytes is not a varint this module wrote.
  for (let k = 0; k < MAX_VARINT_BYTES; k++) {
    const b = bytes[reader.at++]!;
    v += (b & 127) * scale;
    if (b < 128) return v;
    scale *= 128;
  }
  throw new RangeError('compact geometry: corrupt packed outline');
}

/** Whether v is exactly k / 1e7 for an int32 k (so k / 1e7 gives v back, -0 excluded). */
function onE7Grid(v: number): boolean {
  const k = Math.round(v * E7);
  return Math.abs(k) < 2 ** 31 && Object.is(k / E7, v) && !Object.is(v, -0);
}
