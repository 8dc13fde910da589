// Sutherland–Hodgman against an axis-aligned rectangle: exact for any ring, since a rectangle is
// convex; a concave ring that leaves and re-enters it gets zero-width runs along its edges.

export type Box = { minX: number; minY: number; maxX: number; maxY: number };

/** A closed ring (first = last) clipped to a rectangle; returned open (no repeated first vertex). */
export function clipRingToBox(ring: readonly [number, number][], box: Box): [number, number][] {
  let pts = ring.slice(0, -1);
  const edges: [(p: [number, number]) => boolean, (p: [number, number], q: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= box.minX, (p, q) => [box.minX, p[1] + ((box.minX - p[0]) * (q[1] - p[1])) / (q[0] - p[0])]],
    [(p) => p[0] <= box.maxX, (p, q) => [box.maxX, p[1] + ((box.maxX - p[0]) * (q[1] - p[1])) / (q[0] - p[0])]],
    [(p) => p[1] >= box.minY, (p, q) => [p[0] + ((box.minY - p[1]) * (q[0] - p[0])) / (q[1] - p[1]), box.minY]],
    [(p) => p[1] <= box.maxY, (p, q) => [p[0] + ((box.maxY - p[1]) * (q[0] - p[0])) / (q[1] - p[1]), box.maxY]],
  ];
  for (const [inside, cross] of edges) {
    const next: [number, number][] = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i]!;
      const q = pts[(i + 1) % pts.length]!;
      const pIn = inside(p);
      const qIn = inside(q);
      if (pIn) next.push(p);
      if (pIn !== qIn) next.push(cross(p, q));
    }
    pts = next;
    if (pts.length === 0) break;
  }
  return pts;
}
