// A whole-tile scan holds thousands of candidate outlines packed side by side in shared byte
// slabs (compact-geometry.ts): each must read back as the outline it was made from, whichever slab it
// landed in, whatever was packed after it, and however far apart its vertices are.
import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { compactPolygonal } from '../../../src/core/alerts/compact-geometry.js';

/** A traced outline near Shymkent: `n` vertices 1e-7° steps apart, rounded like build-candidates' round7. */
function outline(seed: number, n: number): Polygon {
  const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push([round7(69.59 + seed * 1e-4 + 1e-3 * Math.cos(a)), round7(42.31 - seed * 1e-4 + 1e-3 * Math.sin(a))]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const exact = (a: Polygon, b: Polygon): boolean => {
  const x = a.coordinates.flat(2);
  const y = b.coordinates.flat(2);
  return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
};

describe('compact outlines in shared slabs', () => {
  it('reads back every one of thousands of outlines double for double, across slab boundaries', () => {
    // Sizes from a few vertices to one larger than a whole slab (64 KiB at ≤ 10 B a vertex).
    const originals = Array.from({ length: 3000 }, (_, k) => outline(k, k === 1500 ? 20_000 : 4 + ((k * 37) % 400)));
    const compact = originals.map((g) => compactPolygonal(structuredClone(g)));
    expect(compact.every((g, k) => exact(g, originals[k]!))).toBe(true);
    expect(JSON.stringify(compact)).toBe(JSON.stringify(originals));
  });

  it('reads back vertices at opposite ends of the 1e-7° grid (deltas beyond 32 bits)', () => {
    const far: Polygon = { type: 'Polygon', coordinates: [[[-179.9999999, -89.9999999], [179.9999999, 89.9999999], [-179.9999999, 89.9999999], [-179.9999999, -89.9999999]]] };
    const compact = compactPolygonal(structuredClone(far));
    // Packed after it, another outline must not disturb it.
    compactPolygonal(outline(1, 100));
    expect(exact(compact, far)).toBe(true);
  });
});
