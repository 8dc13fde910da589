import { describe, expect, it } from 'vitest';
import { groundTrackAzimuthDeg, parallaxVelocityMps } from '../../../src/core/aerial/sensor.js';
import { s2Sensor } from './sample.js';

describe('Sentinel-2 band timing data', () => {
  const sensor = s2Sensor();

  it('records B02 first, then B08, B03 and B04 at the published delays (not the demo-script values)', () => {
    const t = sensor.bandTimesS;
    expect(t.B02).toBe(0);
    expect(t.B08).toBeCloseTo(0.264, 3);
    expect(t.B03).toBeCloseTo(0.527, 3);
    expect(t.B04).toBeCloseTo(1.005, 3);
    expect(t.B09).toBeCloseTo(2.586, 3);
  });

  it('gives a descending ground track of about 192.5° at the equator and 196° at 50°N', () => {
    expect(groundTrackAzimuthDeg(0, sensor.orbit)).toBeCloseTo(192.5, 0);
    expect(groundTrackAzimuthDeg(50, sensor.orbit)).toBeCloseTo(196, 0);
  });

  it('turns each km of height into ≈8.45 m/s of apparent motion against the satellite (towards NNE)', () => {
    const az = groundTrackAzimuthDeg(50, sensor.orbit);
    const [east, north] = parallaxVelocityMps(1000, sensor.orbit, az);
    expect(Math.hypot(east, north)).toBeCloseTo(8.45, 1);
    const bearing = (Math.atan2(east, north) * 180) / Math.PI;
    expect(bearing).toBeGreaterThan(10);
    expect(bearing).toBeLessThan(20);
  });
});
