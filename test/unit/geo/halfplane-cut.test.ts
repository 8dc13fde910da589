// Rule: clipping a change piece to a convex corridor (a buffered straight segment) or to any
// corridor through the half-plane shortcut gives the general sweep's region, point for point and in
// area — pieces with holes, corner-touching pixels, corridors that are not convex (which must go
// to the sweep) — and holes come out clockwise inside counter-clockwise outers.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { cutByCorridor } from '../../../src/core/geo/halfplane-cut.js';
import { intersectPolygons } from '../../../src/core/geo/intersect.js';
import { bboxOfPolygonal } from '../../../src/core/geo/segment-index.js';
import { polygonsOf } from '../../../src/core/geo/measure.js';
import { ringSignedArea, type Pt } from '../../../src/core/geo/planar.js';
import { gaussianSource } from '../detect/synthetic.js';
import { expectSweepRegion, lonLat, randomPieces, ringAround } from './clip-fixtures.js';

/** Compares intersectPolygons and, when it answers, the half-plane cut itself with the sweep; true when the cut answered. */
function expectSameRegion(piece: Polygon, corridor: Polygon | MultiPolygon, g: () => number, size: number): boolean {
  const direct = cutByCorridor([piece.coordinates as [number, number][][]], polygonsOf(corridor) as [number, number][][][], bboxOfPolygonal(piece), corridor);
  if (direct) expectSweepRegion(piece, corridor, direct.length === 0 ? null : { type: 'MultiPolygon', coordinates: direct }, g, size);
  expectSweepRegion(piece, corridor, intersectPolygons(piece, corridor), g, size, true);
  return direct !== undefined;
}

describe('clipping change pieces to corridors by half-planes', () => {
  it('equals the sweep for convex corridors of any size and orientation', () => {
    let cutWithHoles = 0;
    let cut = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const g = gaussianSource(seed * 104729);
      // Corridors from smaller than a piece to larger than the whole mask, clockwise or not.
      const c = 9 + 4 * g(), r = 9 + 4 * g(), radius = 2 + Math.abs(8 * g());
      const corridor = ringAround(c, r, 5 + (seed % 40), () => radius, g(), seed % 2 === 0);
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
