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

  it('answers for a change ring of thousands of edges (a whole field) the same as the all-pairs test', () => {
    // Half a field: an arc of 2400 short edges closed by one long straight edge, which spans every
    // latitude band the corridor's edges are binned into. A corridor ring crosses both at a slant,
    // and a bent one crosses the long edge twice per corridor side.
    const arc: Pt[] = Array.from({ length: 2401 }, (_, k) => {
      const a = -Math.PI / 2 + (Math.PI * k) / 2400;
      return [10 + 10 * Math.cos(a), 10 + 10 * Math.sin(a)] as Pt;
    });
    const field: Pt[] = [...arc, arc[0]!];
    const corridors: Pt[][] = [
      [[-10, 6.7], [30, 14.1], [30, 16.7], [-10, 9.1], [-10, 6.7]],
      [[5, 2], [15, 9], [5, 16], [5, 18], [17, 9], [5, 0.5], [5, 2]],
    ];
    const g = gaussianSource(5);
    for (const corridor of corridors) {
      const allPairs = polygonRingIntersection([field], corridor, [10, 0, 20, 20], 1);
      expect(allPairs).toBeDefined();
      for (const bands of [undefined, 7, 997]) expect(polygonRingIntersection([field], corridor, [10, 0, 20, 20], bands)).toEqual(allPairs);
      expectSweepRegion({ type: 'Polygon', coordinates: [field as unknown as number[][]] }, { type: 'Polygon', coordinates: [corridor as unknown as number[][]] }, { type: 'MultiPolygon', coordinates: allPairs! as unknown as number[][][][] }, g, 20);
    }
  });

  it('leaves boundaries that touch at a vertex to the sweep', () => {
    const square: Pt[] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    // A triangle whose apex sits on the square's top edge and whose base crosses its sides.
    const triangle: Pt[] = [[-1, 2], [5, 2], [2, 4], [-1, 2]];
    expect(polygonRingIntersection([square], triangle, [0, 0, 4, 4])).toBeUndefined();
  });
});
