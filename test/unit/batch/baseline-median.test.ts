// The median kernel of the baseline composite, on hand-made strips, checked against the
// whole-raster medianBaseline; and the depth setting.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { medianBaseline } from '../../../src/core/quality/median-baseline.js';
import { medianInto } from '../../../src/core/quality/median-composite.js';
import type { CrsCode, Raster } from '../../../src/core/types.js';

const grid = (width: number) => ({ width, height: 1, transform: [0, 10, 0, 0, 0, -10] as [number, number, number, number, number, number], crs: 'EPSG:32642' as CrsCode });
const date = (values: number[], observed: number[] = values.map(() => 1)): Raster => ({ grid: grid(values.length), bands: [Float32Array.from(values)], observed: Uint8Array.from(observed) });

describe('median composite kernel', () => {
  it('agrees with medianBaseline on every pixel of a random strip with gaps (brute-force reference)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 500;
    const dates = Array.from({ length: 5 }, () => ({
      grid: grid(n),
      bands: [0, 1, 2].map(() => Float32Array.from({ length: n }, () => Math.floor(rand() * 4000))),
      observed: Uint8Array.from({ length: n }, () => (rand() < 0.3 ? 0 : 1)),
    }));
    const out = [0, 1, 2].map(() => new Float32Array(n + 10));
    const stats = medianInto(dates, { bands: out, offset: 10, nodata: null, integer: false });
    const ref = medianBaseline(dates).baseline;
    for (let b = 0; b < 3; b++) expect([...out[b]!.subarray(10)]).toEqual([...ref.bands[b]!]);
    expect(stats.observationHistogram.reduce((a, v) => a + v, 0)).toBe(n);
    expect(stats.observationHistogram[0]).toBe(ref.observed.reduce((a, v) => a + (v === 0 ? 1 : 0), 0));
  });

  it('rounds integer medians, and writes nodata only where no date saw the pixel', () => {
    const out = [new Uint16Array(3)];
    medianInto([date([10, 5, 7], [1, 0, 1]), date([13, 5, 9], [1, 0, 0])], { bands: out, offset: 0, nodata: 65535, integer: true });
    expect([...out[0]!]).toEqual([12, 65535, 7]); // 11.5 → 12; unseen → nodata; one date → its value
  });

  it('never writes the nodata value for an observed pixel (two middle values straddling it)', () => {
    const out = [new Int16Array(1)];
    medianInto([date([-4]), date([4])], { bands: out, offset: 0, nodata: 0, integer: true });
    expect(out[0]![0]).toBe(4);
  });
});

describe('BW_BASELINE_DEPTH', () => {
  it('defaults to 1 (the tile before) and refuses what is not a depth', () => {
    expect(loadConfig({}).baselineDepth).toBe(1);
    expect(loadConfig({ BW_BASELINE_DEPTH: '3' }).baselineDepth).toBe(3);
    expect(() => loadConfig({ BW_BASELINE_DEPTH: '0' })).toThrow(/BW_BASELINE_DEPTH/);
    expect(() => loadConfig({ BW_BASELINE_DEPTH: '256' })).toThrow(/at most 255/);
  });
});
