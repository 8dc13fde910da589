// Rule: a change piece cut by a corridor whose boundary near it is one straight edge is cut
// exactly — the same region as the general sweep (polygon-clipping) gives, point for point and in
// area, for the pixel staircases the polygoniser makes (holes, corner-touching pixels included), in
// the orientation RFC 7946 asks for; degenerate cuts are left to the sweep, never guessed.
import type { Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../src/core/detect/components.js';
import { traceComponent } from '../../../src/core/detect/polygonise.js';
import { intersectPolygons } from '../../../src/core/geo/intersect.js';
import { ringLeftOfLine } from '../../../src/core/geo/line-clip.js';
import { polygonsOf } from '../../../src/core/geo/measure.js';
import { pointInPolygonRings, ringSignedArea, type Pt } from '../../../src/core/geo/planar.js';
import { gaussianSource } from '../detect/synthetic.js';

/** Lon/lat of pixel corner (c, r) on a slightly rotated 10 m grid over Kazakhstan. */
const lonLat = (c: number, r: number): [number, number] => [70 + 1.2e-4 * c + 0.7e-5 * r, 45 - 0.9e-4 * r + 0.5e-5 * c];

/** The pieces of a random 14 × 14 mask: staircases with holes and corner-touching pixels. */
function randomPieces(seed: number): Polygon[] {
  const g = gaussianSource(seed);
  const W = 14;
  const mask = Uint8Array.from({ length: W * W }, () => (g() > -0.2 ? 1 : 0));
  const lab = labelComponents(mask, W, W, new Float32Array(W * W));
  const out: Polygon[] = [];
  for (const comp of lab.components) {
    const poly = traceComponent(lab.labels, W, comp.label, { minCol: comp.minCol, minRow: comp.minRow, maxCol: comp.maxCol, maxRow: comp.maxRow });
    out.push({ type: 'Polygon', coordinates: [poly.outer, ...poly.holes].map((ring) => ring.map(([c, r]) => lonLat(c, r))) });
  }
  return out;
}

const inRings = (p: Pt, polys: Position[][][]): boolean => polys.some((poly) => pointInPolygonRings(p, poly as unknown as Pt[][]));
/** Area in square degrees, shoelace about the grid's origin (uncentred lon/lat would add ~1e-13 of rounding). */
const areaOf = (polys: Position[][][]): number =>
  polys.reduce((s, poly) => s + poly.reduce((t, ring, i) => t + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(ring.map((p) => [p[0]! - 70, p[1]! - 45] as Pt))), 0), 0);

/** A long quadrilateral corridor whose only edge near the pieces is the line p→q (interior on its left). */
function corridorLeftOf(p: Pt, q: Pt): Polygon {
  const dx = q[0] - p[0], dy = q[1] - p[1];
  const far = 1000;
  const a: Pt = [p[0] - far * dx, p[1] - far * dy], b: Pt = [p[0] + far * dx, p[1] + far * dy];
  const na: Pt = [a[0] - far * dy, a[1] + far * dx], nb: Pt = [b[0] - far * dy, b[1] + far * dx];
  return { type: 'Polygon', coordinates: [[a, b, nb, na, a].map((v) => [v[0], v[1]])] };
}

describe('cutting a change piece by a corridor edge', () => {
  it('gives the sweep’s region, point for point, for random pixel staircases and lines', () => {
    let cuts = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const g = gaussianSource(seed * 7919);
      for (const piece of randomPieces(seed)) {
        // A line through the mask at a random angle.
        const centre = lonLat(7 + 3 * g(), 7 + 3 * g());
        const angle = Math.PI * g();
        const p: Pt = centre, q: Pt = [centre[0] + 1e-4 * Math.cos(angle), centre[1] + 1e-4 * Math.sin(angle)];
        const corridor = corridorLeftOf(p, q);
        const ours = intersectPolygons(piece, corridor);
        const sweep = polygonClipping.intersection(piece.coordinates as [number, number][][], corridor.coordinates as [number, number][][]);
        const oursPolys = ours ? polygonsOf(ours) : [];
        expect(Math.abs(areaOf(oursPolys) - areaOf(sweep as Position[][][]))).toBeLessThan(1e-9 * Math.max(areaOf([piece.coordinates]), 1e-12));
        for (let k = 0; k < 60; k++) {
          const pt = lonLat(14 * Math.abs(g() % 1), 14 * Math.abs((g() * 3.7) % 1));
          expect(inRings(pt, oursPolys)).toBe(inRings(pt, sweep as Position[][][]));
        }
        for (const poly of oursPolys) {
          expect(ringSignedArea(poly[0] as unknown as Pt[])).toBeGreaterThan(0);
          for (const hole of poly.slice(1)) expect(ringSignedArea(hole as unknown as Pt[])).toBeLessThan(0);
        }
        // The cut on its own (outer ring only) is the sweep's region too, whenever it answers.
        const outerOnly = piece.coordinates.slice(0, 1) as [number, number][][];
        const direct = ringLeftOfLine(outerOnly[0]! as Pt[], p, q);
        if (direct && direct.length > 0) {
          cuts++;
          const sweepOuter = polygonClipping.intersection(outerOnly, corridor.coordinates as [number, number][][]) as Position[][][];
          const directPolys = direct.map((ring) => [ring.map((v) => [v[0], v[1]])]);
          expect(Math.abs(areaOf(directPolys) - areaOf(sweepOuter))).toBeLessThan(1e-9 * areaOf([outerOnly]));
          for (let k = 0; k < 60; k++) {
            const pt = lonLat(14 * Math.abs(g() % 1), 14 * Math.abs((g() * 3.7) % 1));
            expect(inRings(pt, directPolys)).toBe(inRings(pt, sweepOuter));
          }
        }
      }
    }
    // The line really cut most pieces (the property is not vacuous).
    expect(cuts).toBeGreaterThan(40);
  });

  it('splits a comb whose teeth cross the line into one part per tooth, with their exact areas', () => {
    // Teeth 1 wide, 3 tall at x = 0, 2, 4 on a spine y ∈ [-1, 0]; the line y = 1.5 heading east
    // keeps what is left of it: above.
    const comb: Pt[] = [[0, -1], [5, -1], [5, 3], [4, 3], [4, 0], [3, 0], [3, 3], [2, 3], [2, 0], [1, 0], [1, 3], [0, 3], [0, -1]];
    const parts = ringLeftOfLine(comb, [-10, 1.5], [10, 1.5])!;
    expect(parts).toHaveLength(3);
    expect(parts.map((r) => Math.abs(ringSignedArea(r))).sort()).toEqual([1.5, 1.5, 1.5]);
    // Kept below instead: one part, the spine with the teeth's lower halves.
    const below = ringLeftOfLine(comb, [10, 1.5], [-10, 1.5])!;
    expect(below).toHaveLength(1);
    expect(Math.abs(ringSignedArea(below[0]!))).toBeCloseTo(5 + 3 * 1.5, 12);
  });

  it('leaves a vertex exactly on the line to the sweep', () => {
    const square: Pt[] = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
    expect(ringLeftOfLine(square, [-1, -1], [3, 3])).toBeUndefined();
  });
});
