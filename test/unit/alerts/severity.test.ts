import { describe, expect, it } from 'vitest';
import { alertSeverity } from '../../../src/core/alerts/severity.js';

describe('border-aware severity', () => {
  it('ranks a change crossing the line above a stronger one deep in the corridor', () => {
    const crossing = alertSeverity({ score: 0.4, crossesLine: true, distanceToLineM: 0 });
    const inside = alertSeverity({ score: 0.6, crossesLine: false, distanceToLineM: 600 });
    expect(crossing).toBeGreaterThan(inside);
  });
  it('raises a change at the line (≤ 100 m) less than a crossing, and leaves far ones at their score', () => {
    expect(alertSeverity({ score: 0.4, crossesLine: false, distanceToLineM: 80 })).toBe(0.55);
    expect(alertSeverity({ score: 0.4, crossesLine: false, distanceToLineM: 300 })).toBe(0.4);
    expect(alertSeverity({ score: 0.4, crossesLine: null, distanceToLineM: null })).toBe(0.4);
  });
  it('never exceeds 1', () => {
    expect(alertSeverity({ score: 0.9, crossesLine: true, distanceToLineM: 0 })).toBe(1);
  });
});
