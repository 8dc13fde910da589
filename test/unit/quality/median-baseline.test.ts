import { describe, expect, it } from 'vitest';
import { medianBaseline, sameSeasonDates } from '../../../src/core/quality/median-baseline.js';
import type { CrsCode, Raster } from '../../../src/core/types.js';

const grid = { width: 3, height: 1, transform: [0, 10, 0, 0, 0, -10] as [number, number, number, number, number, number], crs: 'EPSG:32642' as CrsCode };
const raster = (values: number[], observed = [1, 1, 1]): Raster => ({ grid, bands: [Float32Array.from(values)], observed: Uint8Array.from(observed) });

describe('multi-temporal median baseline', () => {
  it('one anomalous date (a cloud, a flood) does not move the baseline', () => {
    const { baseline } = medianBaseline([raster([100, 200, 300]), raster([110, 9000, 290]), raster([90, 210, 310])]);
    expect([...baseline.bands[0]]).toEqual([100, 210, 300]);
  });

  it('uses only the dates that observed each pixel, and counts them', () => {
    const { baseline, observationCount } = medianBaseline([
      raster([100, 0, 300], [1, 0, 1]),
      raster([120, 0, 5000], [1, 0, 0]),
      raster([140, 250, 310], [1, 1, 1]),
    ]);
    expect([...observationCount]).toEqual([3, 1, 2]);
    expect(baseline.bands[0][0]).toBe(120);
    expect(baseline.bands[0][1]).toBe(250);
    expect(baseline.bands[0][2]).toBe(305); // even count: mean of the two middle values
  });

  it('a pixel seen by fewer dates than required is not observed in the baseline', () => {
    const { baseline } = medianBaseline([raster([1, 2, 3], [1, 0, 0]), raster([1, 2, 3], [1, 1, 0])], { minObservations: 2 });
    expect([...baseline.observed]).toEqual([1, 0, 0]);
    expect(Number.isNaN(baseline.bands[0][2])).toBe(true);
  });

  it('refuses rasters that are not on one grid', () => {
    const other: Raster = { ...raster([1, 2, 3]), grid: { ...grid, width: 2 }, bands: [new Float32Array(2)], observed: new Uint8Array(2) };
    expect(() => medianBaseline([raster([1, 2, 3]), other])).toThrow(/one grid/);
  });
});

describe('same-season baseline dates', () => {
  it('keeps earlier acquisitions within ±15 days of the anniversary in the 3 prior years', () => {
    const dates = ['2023-06-20', '2022-06-01', '2022-08-01', '2021-06-14', '2020-06-10', '2024-06-05', '2023-12-25'];
    expect(sameSeasonDates('2024-06-10', dates)).toEqual([0, 1, 3]);
  });

  it('wraps across the new year, and leaves out the last weeks (they may hold the change itself)', () => {
    expect(sameSeasonDates('2024-01-05', ['2023-12-28', '2022-12-30', '2023-02-01'])).toEqual([1]);
  });
});
