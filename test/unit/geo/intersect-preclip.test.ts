// Cutting a big change polygon to the corridor's box before the exact clip is only a speed-up:
// the pieces must be the ones the sweep finds on the whole polygon, even for a concave polygon
// that leaves the box and comes back (the case Sutherland–Hodgman turns into zero-width runs).
import polygonClipping from 'polygon-clipping';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { intersectPolygons } from '../../../src/core/geo/intersect.js';
import { areaM2 } from '../../../src/core/geo/measure.js';

/** A closed ring through `corners`, each side split into `perSide` pieces (pixel-edge polygons have many vertices). */
function densified(corners: [number, number][], perSide: number): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i < corners.length; i++) {
    const [x0, y0] = corners[i]!;
    const [x1, y1] = corners[(i + 1) % corners.length]!;
    for (let k = 0; k < perSide; k++) ring.push([x0 + ((x1 - x0) * k) / perSide, y0 + ((y1 - y0) * k) / perSide]);
  }
  ring.push(ring[0]!);
  return ring;
}

const at = (dx: number, dy: number): [number, number] => [69.0 + dx * 1e-3, 42.0 + dy * 1e-3];

// A U (comb) whose arms cross the corridor's box and whose base lies below it.
const comb: Polygon = {
  type: 'Polygon',
  coordinates: [densified([at(0, 0), at(30, 0), at(30, 20), at(24, 20), at(24, 4), at(6, 4), at(6, 20), at(0, 20)], 12)],
};
// A tilted corridor across both arms, its box reaching down to y = 8 (above the comb's base).
const corridor: Polygon = { type: 'Polygon', coordinates: [[at(-5, 8), at(35, 11), at(35, 15), at(-5, 12), at(-5, 8)]] };

describe('intersecting a big concave change polygon with a corridor', () => {
  it('gives the pieces and area of the uncut sweep', () => {
    expect(comb.coordinates[0]!.length).toBeGreaterThan(64);
    const reference = polygonClipping.intersection(comb.coordinates as [number, number][][], corridor.coordinates as [number, number][][]);
    const got = intersectPolygons(comb, corridor);
    expect(got?.type).toBe('MultiPolygon');
    const pieces = got!.type === 'MultiPolygon' ? got!.coordinates.length : 1;
    expect(pieces).toBe(reference.length);
    expect(pieces).toBe(2);
    const refArea = areaM2({ type: 'MultiPolygon', coordinates: reference });
    expect(Math.abs(areaM2(got!) - refArea) / refArea).toBeLessThan(1e-9);
  });

  it('finds nothing when the polygon only passes by the corridor box', () => {
    const far: Polygon = { type: 'Polygon', coordinates: [densified([at(0, 30), at(30, 30), at(30, 40), at(0, 40)], 20)] };
    expect(intersectPolygons(far, corridor)).toBeNull();
  });
});
