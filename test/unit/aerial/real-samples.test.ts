// Real Sentinel-2 cuts (data/samples/aerial): movers on a motorway, and ground-change pairs.
import { describe, expect, it } from 'vitest';
import { detectAerial } from '../../../src/core/aerial/detect.js';
import { readSampleBands, s2Sensor } from './sample.js';

const sensor = s2Sensor();

// Road centreline traced by eye on the crop (PROVENANCE.md): (0, 7.5) → (133, 46), ≈106° grid azimuth.
const ROAD_A: [number, number] = [0, 7.5];
const ROAD_B: [number, number] = [133, 46];
const ROAD_AZIMUTH_DEG = (Math.atan2(ROAD_B[0] - ROAD_A[0], -(ROAD_B[1] - ROAD_A[1])) * 180) / Math.PI;

function distanceToRoadPx(col: number, row: number): number {
  const [ax, ay] = ROAD_A;
  const dx = ROAD_B[0] - ax;
  const dy = ROAD_B[1] - ay;
  return Math.abs(dx * (row - ay) - dy * (col - ax)) / Math.hypot(dx, dy);
}

describe('real Sentinel-2 motorway crop (hfisser/S2TD fixture)', () => {
  it('finds movers only on the road, heading along it at road-vehicle speeds', async () => {
    const s = await readSampleBands('data/samples/aerial/s2-moving-vehicles-b04-b03-b02-b08.tif');
    const dets = detectAerial(
      { bands: s.bands, bandNames: ['B04', 'B03', 'B02', 'B08'], width: s.width, height: s.height, pixelSizeM: 10, observed: new Uint8Array(s.width * s.height).fill(1) },
      sensor,
    );
    expect(dets.length).toBeGreaterThanOrEqual(2);
    for (const d of dets) {
      expect(distanceToRoadPx(d.centroid.col, d.centroid.row)).toBeLessThan(4);
      const off = Math.abs(((d.headingDeg - ROAD_AZIMUTH_DEG + 540) % 360) - 180);
      expect(Math.min(off, 180 - off)).toBeLessThan(30);
      expect(d.speedMps).toBeGreaterThan(15);
      expect(d.speedMps).toBeLessThan(45);
      expect(d.speedClass).toBe('slow');
    }
  });
});

describe('OSCD ground-change pairs (bercy, paris crops with the most labelled change)', () => {
  for (const city of ['bercy', 'paris']) {
    it(`raises no aerial detection on ${city}, either date as the current one`, async () => {
      const t1 = await readSampleBands(`data/samples/aerial/oscd/${city}/t1.tif`);
      const t2 = await readSampleBands(`data/samples/aerial/oscd/${city}/t2.tif`);
      const pixelSizeM: [number, number] = [
        Math.abs(t1.resolution[0]!) * 111_195 * Math.cos((48.85 * Math.PI) / 180),
        Math.abs(t1.resolution[1]!) * 111_195,
      ];
      const base = { bandNames: ['B02', 'B03', 'B04', 'B08'], width: t1.width, height: t1.height, pixelSizeM, observed: new Uint8Array(t1.width * t1.height).fill(1) };
      expect(detectAerial({ ...base, bands: t2.bands, baseline: t1.bands }, sensor)).toEqual([]);
      expect(detectAerial({ ...base, bands: t1.bands, baseline: t2.bands }, sensor)).toEqual([]);
    });
  }
});
