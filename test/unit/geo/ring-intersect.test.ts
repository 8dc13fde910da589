// Rule: a change piece crossing a corridor bent inside its box (a star-shaped, non-convex ring) is
// clipped by walking both boundaries to exactly the sweep's region — holes kept inside or dropped
// outside, corner-touching pixels included — and a touch instead of a crossing is left to the sweep.
import { describe, expect, it } from 'vitest';
import type { Pt } from '../../../src/core/geo/planar.js';
import { polygonRingIntersection } from '../../../src/core/geo/ring-intersect.js';
import { bboxOfPolygonal } from '../../../src/core/geo/segment-index.js';
import { gaussianSource } from '../detect/synthetic.js';
import { expectSweepRegion, randomPieces, ringAround } from './clip-fixtures.js';

describe('clipping change pieces by walking crossing boundaries', () => {
  it('equals the sweep for random pieces against bent corridors', () => {
    let answered = 0;
    let answeredWithHoles = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const g = gaussianSource(seed * 7717);
      // A star: radii 2–9 px at evenly spread angles, so the ring bends in and out.
      const corridor = ringAround(9 + 3 * g(), 9 + 3 * g(), 7 + (seed % 13), () => 2 + 7 * Math.abs(g() % 1), 0, seed % 2 === 1);
      for (const piece of randomPieces(seed, 18, seed % 3 === 0 ? 0.62 : 0.35)) {
        const ours = polygonRingIntersection(piece.coordinates as unknown as Pt[][], corridor.coordinates[0] as unknown as Pt[], bboxOfPolygonal(piece));
        if (!ours) continue;
        answered++;
        if (piece.coordinates.length > 1) answeredWithHoles++;
        expectSweepRegion(piece, corridor, ours.length ? { type: 'MultiPolygon', coordinates: ours } : null, g, 18);
      }
    }
    // It really answered, for pieces with holes too (the property is not vacuous).
    expect(answered).toBeGreaterThan(60);
    expect(answeredWithHoles).toBeGreaterThan(3);
  });

  it('leaves boundaries that touch at a vertex to the sweep', () => {
    const square: Pt[] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    // A triangle whose apex sits on the square's top edge and whose base crosses its sides.
    const triangle: Pt[] = [[-1, 2], [5, 2], [2, 4], [-1, 2]];
    expect(polygonRingIntersection([square], triangle, [0, 0, 4, 4])).toBeUndefined();
  });
});
