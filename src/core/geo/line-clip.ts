// Exact polygon ∩ half-plane, the common case of the clip: near a change piece a kilometre-long
// corridor's boundary is usually ONE straight edge (a buffered segment has two long sides), and the
// piece is a pixel staircase that zigzags across it. The general sweep (polygon-clipping) costs
// ~1 ms per pair cold; cutting by a line is a walk along the ring. Anything degenerate (a vertex
// exactly on the line, a hole the line cuts) returns undefined and the caller takes the sweep.
import type { Pt } from './planar.js';

type Ring = readonly Pt[];

/** Where a closed ring lies against the directed line a→b; undefined when a vertex is on it. */
export function ringSide(ring: Ring, a: Pt, b: Pt): 'left' | 'right' | 'both' | undefined {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  let left = 0, right = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const s = dx * (ring[i]![1] - a[1]) - dy * (ring[i]![0] - a[0]);
    if (s === 0) return undefined;
    if (s > 0) left++;
    else right++;
  }
  return right === 0 ? 'left' : left === 0 ? 'right' : 'both';
}

/**
 * The parts of a closed simple ring (first = last) strictly left of the directed line a→b, as
 * closed rings in the input's orientation; [] when none, undefined when a vertex lies on the line.
 * Crossings sorted along the line pair up into the segments that lie inside the ring (Jordan), so
 * after leaving the half-plane the boundary of the part follows the line to the crossing paired
 * with the one it left by, where the ring comes back.
 */
export function ringLeftOfLine(ring: Ring, a: Pt, b: Pt): Pt[][] | undefined {
  const n = ring.length - 1;
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const side = new Float64Array(n);
  let left = 0;
  for (let i = 0; i < n; i++) {
    const s = dx * (ring[i]![1] - a[1]) - dy * (ring[i]![0] - a[0]);
    if (s === 0) return undefined;
    side[i] = s;
    if (s > 0) left++;
  }
  if (left === n) return [ring.slice()];
  if (left === 0) return [];
  // One crossing per edge at most: crossingOf[edge] indexes `points`/`along`, -1 for none.
  const crossingOf = new Int32Array(n).fill(-1);
  const points: Pt[] = [];
  const along: number[] = [];
  const edgeOf: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    if (side[i]! > 0 === side[j]! > 0) continue;
    const t = side[i]! / (side[i]! - side[j]!);
    const p = ring[i]!, q = ring[j]!;
    const x: Pt = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    crossingOf[i] = points.length;
    points.push(x);
    along.push((x[0] - a[0]) * dx + (x[1] - a[1]) * dy);
    edgeOf.push(i);
  }
  const order = points.map((_, k) => k).sort((p, q) => along[p]! - along[q]!);
  const partner = new Int32Array(points.length);
  for (let k = 0; k + 1 < order.length; k += 2) {
    // Two crossings at one point of the line: the ring touches itself there.
    if (along[order[k]!] === along[order[k + 1]!]) return undefined;
    partner[order[k]!] = order[k + 1]!;
    partner[order[k + 1]!] = order[k]!;
  }
  const entering = (c: number): boolean => side[edgeOf[c]!]! < 0;
  const visited = new Uint8Array(points.length);
  const out: Pt[][] = [];
  for (let start = 0; start < points.length; start++) {
    if (visited[start] || !entering(start)) continue;
    const part: Pt[] = [];
    let c = start;
    for (;;) {
      visited[c] = 1;
      part.push(points[c]!);
      // Along the ring, inside the half-plane, to the crossing where it leaves.
      let i = edgeOf[c]! + 1 === n ? 0 : edgeOf[c]! + 1;
      for (;;) {
        part.push(ring[i]!);
        if (crossingOf[i]! >= 0) break;
        i = i + 1 === n ? 0 : i + 1;
      }
      const exit = crossingOf[i]!;
      visited[exit] = 1;
      part.push(points[exit]!);
      // Then along the line to where the ring comes back in.
      c = partner[exit]!;
      if (!entering(c)) return undefined;
      if (c === start) break;
      if (visited[c]) return undefined;
    }
    part.push(part[0]!);
    out.push(part);
  }
  return out;
}
