// Rule: clipping a change piece to a convex corridor (a buffered straight segment) or to any
// corridor through the half-plane shortcut gives the general sweep's region, point for point and in
// area — pieces with holes, corner-touching pixels, corridors that are not convex (which must go
// to the sweep) — and holes come out clockwise inside counter-clockwise outers.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../src/core/detect/components.js';
import { traceComponent } from '../../../src/core/detect/polygonise.js';
import { cutByCorridor } from '../../../src/core/geo/halfplane-cut.js';
import { intersectPolygons } from '../../../src/core/geo/intersect.js';
import { bboxOfPolygonal } from '../../../src/core/geo/segment-index.js';
import { polygonsOf } from '../../../src/core/geo/measure.js';
import { pointInPolygonRings, ringSignedArea, type Pt } from '../../../src/core/geo/planar.js';
import { gaussianSource } from '../detect/synthetic.js';

const lonLat = (c: number, r: number): [number, number] => [70 + 1.2e-4 * c + 0.7e-5 * r, 45 - 0.9e-4 * r + 0.5e-5 * c];

/** Pieces of a random mask: `fill` near 0.6 gives big pieces full of holes, near 0.3 many small ones. */
function randomPieces(seed: number, size: number, fill: number): Polygon[] {
  let u = seed * 2654435761 % 4294967296;
  const uniform = (): number => ((u = (u * 1664525 + 1013904223) % 4294967296) / 4294967296);
  const mask = Uint8Array.from({ length: size * size }, () => (uniform() < fill ? 1 : 0));
  const lab = labelComponents(mask, size, size, new Float32Array(size * size));
  return lab.components.map((comp) => {
    const poly = traceComponent(lab.labels, size, comp.label, { minCol: comp.minCol, minRow: comp.minRow, maxCol: comp.maxCol, maxRow: comp.maxRow });
    return { type: 'Polygon', coordinates: [poly.outer, ...poly.holes].map((ring) => ring.map(([c, r]) => lonLat(c, r))) };
  });
}

/** A regular n-gon around pixel (c, r) of radius `rPx` pixels (convex), counter-clockwise or not. */
function ngon(c: number, r: number, rPx: number, n: number, turn: number, ccw: boolean): Polygon {
  const ring: Position[] = [];
  for (let k = 0; k < n; k++) {
    const t = turn + (2 * Math.PI * k) / n;
    ring.push(lonLat(c + rPx * Math.cos(t), r + rPx * Math.sin(t)));
  }
  if (ringSignedArea(ring as unknown as Pt[]) > 0 !== ccw) ring.reverse();
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const areaOf = (polys: Position[][][]): number =>
  polys.reduce((s, poly) => s + poly.reduce((t, ring, i) => t + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(ring.map((p) => [p[0]! - 70, p[1]! - 45] as Pt))), 0), 0);
const inAny = (p: Pt, polys: Position[][][]): boolean => polys.some((poly) => pointInPolygonRings(p, poly as unknown as Pt[][]));

/** Compares intersectPolygons and, when it answers, the half-plane cut itself with the sweep; true when the cut answered. */
function expectSameRegion(piece: Polygon, corridor: Polygon | MultiPolygon, g: () => number, size: number): boolean {
  const direct = cutByCorridor([piece.coordinates as [number, number][][]], polygonsOf(corridor) as [number, number][][][], bboxOfPolygonal(piece), corridor);
  if (direct) compare(piece, corridor, direct.length === 0 ? null : { type: 'MultiPolygon', coordinates: direct }, g, size);
  compare(piece, corridor, intersectPolygons(piece, corridor), g, size);
  return direct !== undefined;
}

function compare(piece: Polygon, corridor: Polygon | MultiPolygon, ours: Polygon | MultiPolygon | null, g: () => number, size: number): void {
  const sweep = polygonClipping.intersection(piece.coordinates as [number, number][][], polygonsOf(corridor) as [number, number][][][]) as Position[][][];
  const oursPolys = ours ? polygonsOf(ours) : [];
  expect(Math.abs(areaOf(oursPolys) - areaOf(sweep))).toBeLessThan(1e-9 * areaOf([piece.coordinates]));
  for (let k = 0; k < 40; k++) {
    const pt = lonLat(size * Math.abs(g() % 1), size * Math.abs((g() * 3.7) % 1));
    expect(inAny(pt, oursPolys)).toBe(inAny(pt, sweep));
  }
  for (const poly of oursPolys) {
    expect(ringSignedArea(poly[0] as unknown as Pt[])).toBeGreaterThan(0);
    for (const hole of poly.slice(1)) expect(ringSignedArea(hole as unknown as Pt[])).toBeLessThan(0);
  }
}

describe('clipping change pieces to corridors by half-planes', () => {
  it('equals the sweep for convex corridors of any size and orientation', () => {
    let cutWithHoles = 0;
    let cut = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const g = gaussianSource(seed * 104729);
      // Corridors from smaller than a piece to larger than the whole mask, clockwise or not.
      const corridor = ngon(9 + 4 * g(), 9 + 4 * g(), 2 + Math.abs(8 * g()), 5 + (seed % 40), g(), seed % 2 === 0);
      for (const piece of randomPieces(seed, 18, seed % 3 === 0 ? 0.62 : 0.35)) {
        if (expectSameRegion(piece, corridor, g, 18)) {
          cut++;
          if (piece.coordinates.length > 1) cutWithHoles++;
        }
      }
    }
    // The shortcut really answered, holes included (the property is not vacuous).
    expect(cut).toBeGreaterThan(100);
    expect(cutWithHoles).toBeGreaterThan(3);
  });

  it.each([
    ['starting at a convex corner', [[0, 0], [14, 0], [14, 6], [6, 6], [6, 14], [0, 14], [0, 0]]],
    // The reflex corner where the ring closes: its turn must be checked like any other.
    ['starting at its reflex corner', [[6, 6], [6, 14], [0, 14], [0, 0], [14, 0], [14, 6], [6, 6]]],
  ])('equals the sweep for a corridor that is not convex (an L %s): cut where it is convex near the piece, swept at the bend', (_name, corners) => {
    const l: Position[] = corners.map(([c, r]) => lonLat(c! + 2.3, r! + 2.1));
    if (ringSignedArea(l as unknown as Pt[]) < 0) l.reverse();
    const g = gaussianSource(77);
    let cut = 0;
    for (let seed = 1; seed <= 10; seed++) for (const piece of randomPieces(seed, 18, 0.35)) if (expectSameRegion(piece, { type: 'Polygon', coordinates: [l] }, g, 18)) cut++;
    // Big pieces too: their box holds the bend, so the L itself is offered as the convex shape.
    for (const piece of randomPieces(3, 18, 0.62)) expectSameRegion(piece, { type: 'Polygon', coordinates: [l] }, g, 18);
    expect(cut).toBeGreaterThan(30);
  });
});
