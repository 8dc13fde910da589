// Shared by the clip specs: random pixel-staircase change pieces in lon/lat, simple corridors, and
// the comparison with the general sweep (polygon-clipping) point for point and in area.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';
import { expect } from 'vitest';
import { labelComponents } from '../../../src/core/detect/components.js';
import { traceComponent } from '../../../src/core/detect/polygonise.js';
import { polygonsOf } from '../../../src/core/geo/measure.js';
import { pointInPolygonRings, ringSignedArea, type Pt } from '../../../src/core/geo/planar.js';

export const lonLat = (c: number, r: number): [number, number] => [70 + 1.2e-4 * c + 0.7e-5 * r, 45 - 0.9e-4 * r + 0.5e-5 * c];

/** Pieces of a random mask: `fill` near 0.6 gives big pieces full of holes, near 0.3 many small ones. */
export function randomPieces(seed: number, size: number, fill: number): Polygon[] {
  let u = seed * 2654435761 % 4294967296;
  const uniform = (): number => ((u = (u * 1664525 + 1013904223) % 4294967296) / 4294967296);
  const mask = Uint8Array.from({ length: size * size }, () => (uniform() < fill ? 1 : 0));
  const lab = labelComponents(mask, size, size, new Float32Array(size * size));
  return lab.components.map((comp) => {
    const poly = traceComponent(lab.labels, size, comp.label, { minCol: comp.minCol, minRow: comp.minRow, maxCol: comp.maxCol, maxRow: comp.maxRow });
    return { type: 'Polygon', coordinates: [poly.outer, ...poly.holes].map((ring) => ring.map(([c, r]) => lonLat(c, r))) };
  });
}

/**
 * A simple ring around pixel (c, r) through n evenly spread angles from `turn`, at `radiusPx(k)`
 * pixels for the k-th: a constant radius gives a regular (convex) n-gon, varying radii a star.
 */
export function ringAround(c: number, r: number, n: number, radiusPx: (k: number) => number, turn: number, ccw: boolean): Polygon {
  const ring: Position[] = [];
  for (let k = 0; k < n; k++) {
    const t = turn + (2 * Math.PI * k) / n;
    ring.push(lonLat(c + radiusPx(k) * Math.cos(t), r + radiusPx(k) * Math.sin(t)));
  }
  if (ringSignedArea(ring as unknown as Pt[]) > 0 !== ccw) ring.reverse();
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const areaOf = (polys: Position[][][]): number =>
  polys.reduce((s, poly) => s + poly.reduce((t, ring, i) => t + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(ring.map((p) => [p[0]! - 70, p[1]! - 45] as Pt))), 0), 0);
const inAny = (p: Pt, polys: Position[][][]): boolean => polys.some((poly) => pointInPolygonRings(p, poly as unknown as Pt[][]));

/**
 * Our intersection has the sweep's region (area to 1e-9, 40 random points) and RFC 7946 ring
 * orientation; with `samePolygons`, also the sweep's polygons (as many, each ring simple — no vertex
 * passed twice — and holes as many), so alert positions and fingerprints do not move.
 */
export function expectSweepRegion(piece: Polygon, corridor: Polygon | MultiPolygon, ours: Polygon | MultiPolygon | null, g: () => number, size: number, samePolygons = false): void {
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
  if (!samePolygons) return;
  expect(oursPolys.length).toBe(sweep.length);
  expect(oursPolys.reduce((n, p) => n + p.length, 0)).toBe(sweep.reduce((n, p) => n + p.length, 0));
  for (const ring of oursPolys.flat()) expect(new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size).toBe(ring.length - 1);
}

