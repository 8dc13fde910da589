import { describe, expect, it } from 'vitest';
import { borderFacts } from '../../../src/core/geo/border-facts.js';
import { buildSegments } from '../../../src/core/geo/build-segments.js';
import { clipToSegments } from '../../../src/core/geo/clip.js';
import { SegmentIndex } from '../../../src/core/geo/segment-index.js';
import { lineFeature, rect, square } from './helpers.js';

// A line going east; Northland (the country) is north, so on the left.
const [straight] = buildSegments(lineFeature('E', [[0, 0], [2000, 0]], { a_name: 'Northland', b_name: 'Southland' }), {
  lengthM: 5000,
  corridorHalfWidthM: 2500,
  country: rect(-10000, 0, 10000, 10000),
});

describe('borderFacts', () => {
  it('puts a piece north of an eastward line on the left, named after who is there, at its distance', () => {
    const facts = borderFacts(square(1000, 400, 100), straight!);
    expect(facts.side).toBe('left');
    expect(facts.sideName).toBe('Northland');
    expect(facts.distanceToLineM! / 350).toBeCloseTo(1, 2);
    expect(facts.crossesLine).toBe(false);
    expect(borderFacts(square(1000, -700, 100), straight!)).toMatchObject({ side: 'right', sideName: 'Southland' });
  });

  it('measures distance to within 1 % from 100 m to 2 km', () => {
    for (const d of [100, 250, 500, 1000, 2000]) {
      const facts = borderFacts(square(1000, d + 5, 10), straight!);
      expect(Math.abs(facts.distanceToLineM! - d) / d).toBeLessThan(0.01);
    }
  });

  it('says a piece crossing the line crosses it, is 0 m away and lies on the side with most of its area', () => {
    const facts = borderFacts(rect(900, -20, 1000, 80), straight!);
    expect(facts).toMatchObject({ side: 'left', distanceToLineM: 0, crossesLine: true });
    expect(borderFacts(rect(900, -80, 1000, 20), straight!).side).toBe('right');
  });

  it('says a piece touching the line along an edge does not cross it', () => {
    const facts = borderFacts(rect(900, 0, 1000, 100), straight!);
    expect(facts).toMatchObject({ side: 'left', distanceToLineM: 0, crossesLine: false });
  });

  it('measures a long thin piece beside a bend from the bend vertex, not only from its own vertices', () => {
    // The line peaks at (1000, 300); the strip runs 150 m above the peak, its vertices far from the line.
    const [peak] = buildSegments(lineFeature('PEAK', [[0, 0], [1000, 300], [2000, 0]]), { lengthM: 5000, corridorHalfWidthM: 1000 });
    const facts = borderFacts(rect(0, 450, 2000, 460), peak!);
    expect(facts.distanceToLineM! / 150).toBeCloseTo(1, 2);
    expect(facts.side).toBe('left');
  });

  it('knows no line facts for a plain watch area', () => {
    expect(borderFacts(square(0, 0, 10), { id: 'area-0' as never, corridor: rect(-100, -100, 100, 100) })).toEqual({
      side: null,
      sideName: null,
      distanceToLineM: null,
      crossesLine: null,
    });
  });

  it('gives each piece of a polygon spanning two segments its own facts', () => {
    const segments = buildSegments(lineFeature('E2', [[0, 0], [2000, 0]]), { lengthM: 1000, corridorHalfWidthM: 500 });
    const pieces = clipToSegments(rect(900, 100, 1100, 300), new SegmentIndex(segments));
    expect(pieces).toHaveLength(2);
    for (const p of pieces) expect(borderFacts(p.geometry, p.segment)).toMatchObject({ side: 'left', crossesLine: false });
  });
});
