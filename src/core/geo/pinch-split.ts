// Rings that touch themselves at a vertex, split into simple rings. A traced change keeps pixels
// that touch only at a corner in one ring (8-connected); the sweep (polygon-clipping) returned such
// a piece as separate polygons touching at a point, which is also what OGC calls valid, and alert
// positions (so fingerprints) follow the polygons. The exact cuts that replaced the sweep for most
// pieces (halfplane-cut.ts, ring-intersect.ts) return rings as walked: this puts the common case
// in the sweep's form without a sweep.
import { pointInRing, ringSignedArea, type Pt } from './planar.js';
import { PointMap, PointSet } from './point-map.js';

type Ring = [number, number][];

/** A closed ring cut into closed loops at every vertex it passes twice, each in the ring's direction. */
export function splitAtPinches(ring: Ring): Ring[] {
  const loops: Ring[] = [];
  const path: Ring = [];
  const at = new PointMap<number>();
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const k = at.get(p);
    if (k !== undefined) {
      // The path since the first visit is a loop: close it and walk on from the vertex.
      const loop = path.splice(k);
      for (const q of loop) at.delete(q);
      loop.push(loop[0]!);
      loops.push(loop);
    }
    at.set(p, path.length);
    path.push(p);
  }
  if (path.length >= 3) loops.push([...path, path[0]!]);
  return loops.filter((loop) => loop.length >= 4 && ringSignedArea(loop) !== 0);
}

/**
 * Polygons with self-touching rings split: counter-clockwise loops become polygons of their own,
 * clockwise loops holes of the outer that holds them. Null when a hole touches another loop at a
 * vertex (it may cut its polygon in two): that rarer case needs the sweep.
 */
export function splitPolygonsAtPinches(polys: readonly Ring[][]): Ring[][] | null {
  const out: Ring[][] = [];
  for (const poly of polys) {
    const outers: Ring[][] = [];
    const holes: Ring[] = [];
    for (const ring of poly) for (const loop of splitAtPinches(ring)) (ringSignedArea(loop) > 0 ? outers.push([loop]) : holes.push(loop));
    if (holes.length > 0) {
      const outerVertices = new PointSet();
      for (const o of outers) for (const p of o[0]!) outerVertices.add(p);
      const holeVertices = new PointSet();
      for (const hole of holes) {
        for (let i = 0; i + 1 < hole.length; i++) {
          const p = hole[i]!;
          if (outerVertices.has(p) || holeVertices.has(p)) return null;
        }
        for (const p of hole) holeVertices.add(p);
        // A hole's vertices are off every outer ring: any one tells which outer holds it.
        const owner = outers.find((o) => pointInRing(hole[0]! as Pt, o[0]!));
        if (!owner) return null;
        owner.push(hole);
      }
    }
    out.push(...outers);
  }
  return out;
}
