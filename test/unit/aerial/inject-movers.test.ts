import { describe, expect, it } from 'vitest';
import { injectMovers } from '../../../src/core/aerial/inject.js';
import { groundTrackAzimuthDeg } from '../../../src/core/aerial/sensor.js';
import { s2Sensor } from './sample.js';

const sensor = s2Sensor();
const scene = { bands: [0, 1, 2, 3].map(() => new Float32Array(100 * 100)), bandNames: ['B02', 'B03', 'B04', 'B08'], width: 100, height: 100, pixelSizeM: 10 };
const opts = { trackAzimuthDeg: groundTrackAzimuthDeg(50, sensor.orbit), timingScale: 1, psfSigmaPx: 0.45 };

describe('injectMovers', () => {
  it('draws a ground vehicle in each band where it was at that band time', () => {
    const { truth } = injectMovers(scene, [{ kind: 'vehicle', col: 50, row: 50, headingDeg: 90, speedMps: 30, heightM: 0, lengthM: 15, widthM: 3, contrast: 500 }], sensor, opts);
    const b04 = truth[0]!.copies.find((c) => c.band === 'B04')!;
    expect(b04.col - 50).toBeCloseTo((30 * 1.005) / 10, 6);
    expect(b04.row).toBeCloseTo(50, 6);
  });

  it('shows a still balloon at 20 km drifting ≈169 m/s towards NNE, about 17 px between B02 and B04', () => {
    const { truth } = injectMovers(scene, [{ kind: 'balloon', col: 50, row: 80, headingDeg: 0, speedMps: 0, heightM: 20_000, lengthM: 30, widthM: 30, contrast: 800 }], sensor, opts);
    const t = truth[0]!;
    expect(Math.hypot(t.apparentEastMps, t.apparentNorthMps)).toBeCloseTo(169, -1);
    expect(t.apparentNorthMps).toBeGreaterThan(0);
    expect(t.apparentEastMps).toBeGreaterThan(0);
    const b04 = t.copies.find((c) => c.band === 'B04')!;
    expect(Math.hypot(b04.col - 50, b04.row - 80)).toBeCloseTo(17, 0);
  });

  it('adds the object footprint (area × contrast) to each band and leaves the input untouched', () => {
    const { bands } = injectMovers(scene, [{ kind: 'aircraft', col: 50, row: 50, headingDeg: 30, speedMps: 200, heightM: 9000, lengthM: 40, widthM: 30, contrast: 1000 }], sensor, opts);
    for (const band of bands) {
      const total = band.reduce((s, v) => s + v, 0);
      // 40 m × 30 m = 12 pixels of 100 m² each, times the contrast.
      expect(total).toBeCloseTo(12 * 1000, -2);
    }
    expect(scene.bands[0]!.every((v) => v === 0)).toBe(true);
  });
});
