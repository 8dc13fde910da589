// Exact A ∩ C for a change polygon A and a corridor ring C that cross properly (Greiner–Hormann
// without its degenerate cases): every crossing of their boundaries is found, and the boundary of
// the intersection is walked along A while inside C and along C while inside A. It takes the pieces
// the half-plane cuts cannot (a corridor bent inside the change's box); anything degenerate — a
// vertex on the other's edge, a hole of A that C's boundary crosses — returns undefined and the
// caller runs the sweep.
import { pointInRing, ringSignedArea, type Pt } from './planar.js';
import type { BBox } from './segment-index.js';

type Ring = [number, number][];

interface Crossing {
  readonly pt: Pt;
  /** Edge of A (index of its start vertex) and position along it (0..1). */
  readonly aEdge: number;
  readonly aT: number;
  /** Same on C. */
  readonly cEdge: number;
  readonly cT: number;
  /** A passes from outside C to inside it here. */
  readonly entering: boolean;
}

/** Ring as counter-clockwise open vertex list (no repeated first vertex). */
function ccwOpen(ring: readonly Pt[]): Pt[] {
  const open = ring.slice(0, -1);
  return ringSignedArea(ring) > 0 ? open : open.reverse();
}

const orient = (a: Pt, b: Pt, p: Pt): number => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);

/**
 * C's edges whose boxes meet `box`, binned into horizontal bands of the box. A big change polygon
 * has thousands of short edges and a corridor ring ~80 long ones near it: testing every pair was
 * 6 M box tests for the 10980² tile's join. An A edge now tests only the C edges in its band(s)
 * (2–4 for a corridor ring).
 */
class BandedEdges {
  /** Per near edge: its index in C, and [minX, maxX, minY, maxY]. */
  readonly edges: Int32Array;
  readonly boxes: Float64Array;
  /** CSR: the near edges (positions in `edges`, ascending) of band b are members[start[b] .. start[b + 1]). */
  private readonly start: Int32Array;
  private readonly members: Int32Array;
  private readonly y0: number;
  private readonly bandsPerUnit: number;
  private readonly bands: number;

  constructor(c: readonly Pt[], [x0, y0, x1, y1]: BBox, bands: number) {
    const edges: number[] = [];
    const boxes: number[] = [];
    for (let j = 0; j < c.length; j++) {
      const r = c[j]!, s = c[(j + 1) % c.length]!;
      const minX = Math.min(r[0], s[0]), maxX = Math.max(r[0], s[0]), minY = Math.min(r[1], s[1]), maxY = Math.max(r[1], s[1]);
      if (maxX < x0 || minX > x1 || maxY < y0 || minY > y1) continue;
      edges.push(j);
      boxes.push(minX, maxX, minY, maxY);
    }
    this.edges = Int32Array.from(edges);
    this.boxes = Float64Array.from(boxes);
    this.bands = Math.max(1, bands);
    this.y0 = y0;
    this.bandsPerUnit = y1 > y0 ? this.bands / (y1 - y0) : 0;
    const start = new Int32Array(this.bands + 1);
    for (let t = 0; t < edges.length; t++) for (let b = this.bandOf(boxes[t * 4 + 2]!), b1 = this.bandOf(boxes[t * 4 + 3]!); b <= b1; b++) start[b + 1]!++;
    for (let b = 0; b < this.bands; b++) start[b + 1]! += start[b]!;
    this.start = start;
    this.members = new Int32Array(start[this.bands]!);
    const next = start.slice(0, this.bands);
    for (let t = 0; t < edges.length; t++) for (let b = this.bandOf(boxes[t * 4 + 2]!), b1 = this.bandOf(boxes[t * 4 + 3]!); b <= b1; b++) this.members[next[b]!++] = t;
  }

  /** The band holding `y`, clamped to the box's bands. */
  bandOf(y: number): number {
    const b = Math.floor((y - this.y0) * this.bandsPerUnit);
    return b < 0 ? 0 : b >= this.bands ? this.bands - 1 : b;
  }

  /** Positions in `members` of band b's edges: [first(b), first(b + 1)). */
  first(band: number): number {
    return this.start[band]!;
  }

  member(k: number): number {
    return this.members[k]!;
  }
}

/** A's edges per latitude band on average: a few C edges per band, and few bands to fill. */
const EDGES_PER_BAND = 16;

/** Proper crossings of A's ring with C's ring (C's edges filtered to A's box); undefined on any touch. */
function crossings(a: readonly Pt[], c: readonly Pt[], box: BBox, bands = Math.ceil(a.length / EDGES_PER_BAND)): Crossing[] | undefined {
  const near = new BandedEdges(c, box, bands);
  const { edges, boxes } = near;
  // An A edge spanning several bands meets a C edge in each: test each pair once.
  const testedBy = new Int32Array(edges.length).fill(-1);
  const out: Crossing[] = [];
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!, q = a[i + 1 < a.length ? i + 1 : 0]!;
    const minX = Math.min(p[0], q[0]), maxX = Math.max(p[0], q[0]), minY = Math.min(p[1], q[1]), maxY = Math.max(p[1], q[1]);
    const found = out.length;
    for (let b = near.bandOf(minY), b1 = near.bandOf(maxY); b <= b1; b++) {
      for (let k = near.first(b), kEnd = near.first(b + 1); k < kEnd; k++) {
        const t = near.member(k);
        if (testedBy[t] === i) continue;
        testedBy[t] = i;
        const o = t * 4;
        if (boxes[o + 1]! < minX || boxes[o]! > maxX || boxes[o + 3]! < minY || boxes[o + 2]! > maxY) continue;
        const j = edges[t]!;
        const r = c[j]!, s = c[(j + 1) % c.length]!;
        const d1 = orient(r, s, p), d2 = orient(r, s, q), d3 = orient(p, q, r), d4 = orient(p, q, s);
        if (d1 === 0 || d2 === 0 || d3 === 0 || d4 === 0) {
          // Collinear or touching: only safe to ignore when the segments are apart.
          if (touches(p, q, r, s, d1, d2, d3, d4)) return undefined;
          continue;
        }
        if (d1 > 0 === d2 > 0 || d3 > 0 === d4 > 0) continue;
        const aT = d1 / (d1 - d2);
        const cT = d3 / (d3 - d4);
        out.push({ pt: [p[0] + aT * (q[0] - p[0]), p[1] + aT * (q[1] - p[1])], aEdge: i, aT, cEdge: j, cT, entering: d1 < 0 });
      }
    }
    // Along one A edge, crossings in C's edge order (the order the walk below has always seen).
    if (out.length - found > 1) out.push(...out.splice(found).sort((u, v) => u.cEdge - v.cEdge));
  }
  return out;
}

/** Whether segments pq and rs share a point, given orientations with at least one zero. */
function touches(p: Pt, q: Pt, r: Pt, s: Pt, d1: number, d2: number, d3: number, d4: number): boolean {
  const on = (a: Pt, b: Pt, x: Pt): boolean => Math.min(a[0], b[0]) <= x[0] && x[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= x[1] && x[1] <= Math.max(a[1], b[1]);
  return (d1 === 0 && on(r, s, p)) || (d2 === 0 && on(r, s, q)) || (d3 === 0 && on(p, q, r)) || (d4 === 0 && on(p, q, s));
}

/**
 * A (outer ring + holes) ∩ C (one ring), as polygons with counter-clockwise outers and clockwise
 * holes; undefined when the boundaries touch rather than cross, cross nowhere, or a hole of A meets
 * C's boundary.
 * `bands` (default: one per 16 of A's edges) only changes the work done, never the answer: the
 * specs compare it against one band, the plain all-pairs test.
 */
export function polygonRingIntersection(a: readonly (readonly Pt[])[], cRing: readonly Pt[], aBox: BBox, bands?: number): Ring[][] | undefined {
  const A = ccwOpen(a[0]!);
  const C = ccwOpen(cRing);
  const xs = crossings(A, C, aBox, bands);
  if (!xs || xs.length === 0 || xs.length % 2 !== 0) return undefined;
  // Successor of each crossing along A and along C (crossings sorted by edge, then position).
  const byA = xs.map((_, k) => k).sort((p, q) => xs[p]!.aEdge - xs[q]!.aEdge || xs[p]!.aT - xs[q]!.aT);
  const byC = xs.map((_, k) => k).sort((p, q) => xs[p]!.cEdge - xs[q]!.cEdge || xs[p]!.cT - xs[q]!.cT);
  const nextOnA = new Int32Array(xs.length);
  const nextOnC = new Int32Array(xs.length);
  for (let k = 0; k < xs.length; k++) {
    nextOnA[byA[k]!] = byA[(k + 1) % xs.length]!;
    nextOnC[byC[k]!] = byC[(k + 1) % xs.length]!;
  }
  const visited = new Uint8Array(xs.length);
  const rings: Ring[] = [];
  for (let start = 0; start < xs.length; start++) {
    if (visited[start] || !xs[start]!.entering) continue;
    const ring: Ring = [];
    let x = start;
    for (let guard = 0; ; guard++) {
      if (guard > xs.length) return undefined;
      visited[x] = 1;
      // Inside C: along A to where it leaves.
      const leave = nextOnA[x]!;
      if (xs[leave]!.entering) return undefined;
      ring.push([xs[x]!.pt[0], xs[x]!.pt[1]]);
      walk(A, xs[x]!.aEdge, xs[x]!.aT, xs[leave]!.aEdge, xs[leave]!.aT, ring);
      visited[leave] = 1;
      ring.push([xs[leave]!.pt[0], xs[leave]!.pt[1]]);
      // Inside A: along C to where A comes back in.
      const back = nextOnC[leave]!;
      if (!xs[back]!.entering) return undefined;
      walk(C, xs[leave]!.cEdge, xs[leave]!.cT, xs[back]!.cEdge, xs[back]!.cT, ring);
      if (back === start) break;
      if (visited[back]) return undefined;
      x = back;
    }
    ring.push(ring[0]!);
    if (ringSignedArea(ring) <= 0) return undefined;
    rings.push(ring);
  }
  if (visited.some((v) => v === 0)) return undefined;
  const polys: Ring[][] = rings.map((r) => [r]);
  for (const hole of a.slice(1)) {
    const H = ccwOpen(hole);
    const hx = crossings(H, C, boxOf(H));
    if (!hx || hx.length > 0) return undefined;
    if (!pointInRing(H[0]!, cRing)) continue;
    const owner = polys.find((p) => pointInRing(H[0]!, p[0]!));
    if (!owner) return undefined;
    const cw: Ring = [...H].reverse().map((p) => [p[0], p[1]]);
    cw.push(cw[0]!);
    owner.push(cw);
  }
  return polys;
}

/** Vertices of `ring` strictly after position (e0, t0) up to and including the start of edge e1 (before t1), in order. */
function walk(ring: readonly Pt[], e0: number, t0: number, e1: number, t1: number, out: Ring): void {
  if (e0 === e1 && t1 > t0) return;
  let i = (e0 + 1) % ring.length;
  for (let n = 0; n < ring.length; n++) {
    out.push([ring[i]![0], ring[i]![1]]);
    if (i === e1) return;
    i = (i + 1) % ring.length;
  }
}

function boxOf(ring: readonly Pt[]): BBox {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}
