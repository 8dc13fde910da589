import { area } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { buildSegments } from '../../../src/core/geo/build-segments.js';
import { clipToSegments } from '../../../src/core/geo/clip.js';
import { SegmentIndex } from '../../../src/core/geo/segment-index.js';
import { lineFeature, rect, square } from './helpers.js';

// Four corridors of ±500 m along a 3.5 km line going east: cuts at x = 1000, 2000, 3000 m.
const segments = buildSegments(lineFeature('S', [[0, 0], [3500, 0]]), { lengthM: 1000, corridorHalfWidthM: 500 });
const index = new SegmentIndex(segments);

describe('SegmentIndex', () => {
  it('finds the segments whose corridor box meets a box, and knows the extent of all', () => {
    const [w, s, e, n] = index.bbox()!;
    expect(index.search([w, s, e, n])).toHaveLength(4);
    const box = square(1500, 0, 10).coordinates[0]!;
    expect(index.search([box[0]![0]!, box[0]![1]!, box[2]![0]!, box[2]![1]!]).map((x) => x.id)).toEqual(['S/p000/s0001']);
    expect(new SegmentIndex([]).search([0, 0, 1, 1])).toEqual([]);
    expect(new SegmentIndex([]).bbox()).toBeNull();
  });
});

describe('clipToSegments', () => {
  it('keeps a polygon wholly inside one corridor as it is', () => {
    const change = square(500, 200, 100);
    const pieces = clipToSegments(change, index);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.whollyInside).toBe(true);
    expect(pieces[0]!.geometry).toBe(change);
    expect(pieces[0]!.segment.id).toBe('S/p000/s0000');
    expect(pieces[0]!.areaM2 / 10_000).toBeCloseTo(1, 2);
  });

  it('clips a polygon straddling the corridor edge to the part inside', () => {
    const pieces = clipToSegments(square(500, 500, 200), index); // half beyond the 500 m edge
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.whollyInside).toBe(false);
    expect(pieces[0]!.areaM2 / 20_000).toBeCloseTo(1, 2);
    expect(area(pieces[0]!.geometry) / 20_000).toBeCloseTo(1, 2);
  });

  it('gives a polygon spanning two adjacent corridors a piece in each', () => {
    const pieces = clipToSegments(square(1000, 0, 200), index);
    expect(pieces.map((p) => p.segment.id)).toEqual(['S/p000/s0000', 'S/p000/s0001']);
    for (const p of pieces) expect(p.areaM2 / 20_000).toBeCloseTo(1, 2);
  });

  it('returns nothing for a polygon outside every corridor, even inside their bounding boxes', () => {
    expect(clipToSegments(square(1500, 2000, 100), index)).toEqual([]);
    expect(clipToSegments(rect(-400, -300, -100, 300), index)).toEqual([]);
  });

  it('returns the whole corridor when the change covers it', () => {
    const pieces = clipToSegments(rect(-100, -800, 1050, 800), index);
    const first = pieces.find((p) => p.segment.id === 'S/p000/s0000')!;
    expect(first.areaM2 / 1_000_000).toBeCloseTo(1, 2);
    expect(pieces.find((p) => p.segment.id === 'S/p000/s0001')!.areaM2 / 50_000).toBeCloseTo(1, 2);
  });

  it('treats a plain watch area like any corridor', () => {
    const areaIndex = new SegmentIndex([{ id: 'area-0' as never, corridor: rect(0, 0, 1000, 1000) }]);
    expect(clipToSegments(square(500, 500, 100), areaIndex)[0]!.whollyInside).toBe(true);
    expect(clipToSegments(square(1000, 500, 100), areaIndex)[0]!.areaM2 / 5_000).toBeCloseTo(1, 2);
  });
});
