// Specs on the real border: Kazakhstan's Natural Earth 1:10m lines (data/samples/borders).
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, kinks, length } from '@turf/turf';
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { borderFacts } from '../../../src/core/geo/border-facts.js';
import { buildSegments } from '../../../src/core/geo/build-segments.js';
import { clipToSegments } from '../../../src/core/geo/clip.js';
import { localFrame } from '../../../src/core/geo/local-frame.js';
import { SegmentIndex } from '../../../src/core/geo/segment-index.js';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../data/samples/borders/${name}`, import.meta.url), 'utf8'));
const border = sample('kazakhstan_boundary_segments_10m.geojson') as FeatureCollection<MultiLineString>;
const country = (sample('kazakhstan_10m.geojson') as FeatureCollection<MultiPolygon>).features[0]!.geometry;
const segments = buildSegments(border as FeatureCollection<LineString | MultiLineString>, { lengthM: 1000, corridorHalfWidthM: 1500, country });
const index = new SegmentIndex(segments);

/** Small square of side `sizeM` centred `offsetM` metres to the left (+) or right (-) of a line vertex. */
function besideVertex(coords: number[][], i: number, offsetM: number, sizeM: number) {
  const f = localFrame(coords[i]![0]!, coords[i]![1]!);
  const [ax, ay] = f.toLocal(coords[i - 1]![0]!, coords[i - 1]![1]!);
  const [bx, by] = f.toLocal(coords[i + 1]![0]!, coords[i + 1]![1]!);
  const len = Math.hypot(bx - ax, by - ay);
  const nx = -(by - ay) / len, ny = (bx - ax) / len;
  const cx = nx * offsetM, cy = ny * offsetM, h = sizeM / 2;
  const ring = [[cx - h, cy - h], [cx + h, cy - h], [cx + h, cy + h], [cx - h, cy + h], [cx - h, cy - h]].map(([x, y]) => f.toLonLat(x!, y!));
  return { polygon: { type: 'Polygon' as const, coordinates: [ring] }, centre: f.toLonLat(cx, cy) };
}

describe("Kazakhstan's whole 10m border", () => {
  it('builds corridors and sides with no self-intersection anywhere', () => {
    let kinked = 0;
    for (const s of segments) {
      kinked += kinks(s.corridor).features.length + kinks(s.sides!.left).features.length + kinks(s.sides!.right).features.length;
    }
    expect(segments.length).toBeGreaterThan(13_000);
    expect(kinked).toBe(0);
  });

  it('cuts each border into segments whose lengths add up to its geodesic length (1 %)', () => {
    for (const f of border.features) {
      const id = f.properties!['segment'] as string;
      const builtM = segments.filter((s) => s.borderId === id).reduce((sum, s) => sum + s.lengthM!, 0);
      expect(Math.abs(builtM - length(f, { units: 'meters' })) / builtM, id).toBeLessThan(0.01);
    }
  });

  it('covers every vertex of the line with a corridor (but the tip of one exact fold-back, which has no sides)', () => {
    const uncovered: number[][] = [];
    for (const f of border.features) {
      for (const part of f.geometry.coordinates) {
        for (const p of part) {
          const near = index.search([p[0]!, p[1]!, p[0]!, p[1]!]);
          if (!near.some((s) => booleanPointInPolygon(p, s.corridor))) uncovered.push(p);
        }
      }
    }
    expect(uncovered.length).toBeLessThanOrEqual(1);
  });

  it('names the side 500 m inside Kazakhstan along the Russian border Kazakhstan, and the other Russia', () => {
    const russia = border.features.find((f) => f.properties!['segment'] === 'KAZ-643')!.geometry.coordinates[0]!;
    let checked = 0;
    for (let i = 50; i < russia.length - 1; i += 97) {
      for (const offset of [500, -500]) {
        const { polygon, centre } = besideVertex(russia, i, offset, 40);
        const pieces = clipToSegments(polygon, index).filter((p) => p.segment.borderId === 'KAZ-643');
        if (pieces.length === 0) continue;
        const facts = borderFacts(pieces[0]!.geometry, pieces[0]!.segment);
        const inKazakhstan = booleanPointInPolygon(centre, country);
        expect(facts.sideName, `vertex ${i}, ${offset} m`).toBe(inKazakhstan ? 'Kazakhstan' : 'Russia');
        expect(facts.distanceToLineM!).toBeLessThanOrEqual(500);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});
