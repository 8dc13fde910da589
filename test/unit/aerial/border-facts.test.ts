import { describe, expect, it } from 'vitest';
import { aerialBorderFacts } from '../../../src/core/aerial/border.js';

// A border running west → east along y = 0 (metres): its left side is the north.
const LINE: [number, number][] = [[0, 0], [1000, 0]];

describe('aerialBorderFacts', () => {
  it('puts a point south of a west→east line on its right side, north of it on its left', () => {
    expect(aerialBorderFacts({ positionXY: [500, -300], headingDeg: 0, speedMps: 100 }, LINE).side).toBe('right');
    expect(aerialBorderFacts({ positionXY: [500, 300], headingDeg: 0, speedMps: 100 }, LINE).side).toBe('left');
  });

  it('calls a track heading for the home side inbound, and gives the time to reach the line', () => {
    const f = aerialBorderFacts({ positionXY: [500, -300], headingDeg: 0, speedMps: 100 }, LINE, 'left');
    expect(f.direction).toBe('inbound');
    expect(f.crossesOrPointsAcross).toBe(true);
    expect(f.secondsToLine).toBeCloseTo(3, 6);
    expect(f.distanceToLineM).toBeCloseTo(300, 6);
  });

  it('calls the same track outbound when the home side is the right one', () => {
    expect(aerialBorderFacts({ positionXY: [500, -300], headingDeg: 0, speedMps: 100 }, LINE, 'right').direction).toBe('outbound');
  });

  it('calls a track flying away from the home side outbound, with no time to the line', () => {
    const f = aerialBorderFacts({ positionXY: [500, -300], headingDeg: 180, speedMps: 100 }, LINE, 'left');
    expect(f.direction).toBe('outbound');
    expect(f.crossesOrPointsAcross).toBe(false);
    expect(f.secondsToLine).toBeNull();
  });

  it('calls a track within 15° of the line direction along', () => {
    const f = aerialBorderFacts({ positionXY: [500, -300], headingDeg: 100, speedMps: 100 }, LINE);
    expect(f.direction).toBe('along');
  });

  it('does not claim a crossing when the track passes beyond the end of the line', () => {
    const f = aerialBorderFacts({ positionXY: [1500, -300], headingDeg: 0, speedMps: 100 }, LINE);
    expect(f.crossesOrPointsAcross).toBe(false);
    expect(f.secondsToLine).toBeNull();
  });

  it('measures the time to the first crossing of a bent line along a diagonal track', () => {
    const bent: [number, number][] = [[0, 0], [1000, 0], [1000, 1000]];
    // From (600, -400) heading 45°: reaches y = 0 at x = 1000 — the corner — after 400·√2 m.
    const f = aerialBorderFacts({ positionXY: [600, -400], headingDeg: 45, speedMps: 400 * Math.SQRT2 }, bent);
    expect(f.secondsToLine).toBeCloseTo(1, 6);
  });
});
