// The aerial stage of the scan, end to end: a synthetic aircraft drawn into the real Paris-Bercy
// Sentinel-2 tile with the sensor's real band timing (src/core/aerial/inject.ts) must come out as one
// 'aerial' alert with its heading, speed and border facts; a cooperative track report at its place
// and time must mark it authorised; and without band names the detector stays off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { injectMovers } from '../../src/core/aerial/inject.js';
import { groundTrackAzimuthDeg } from '../../src/core/aerial/sensor.js';
import { transformer, WGS84 } from '../../src/core/geo/crs.js';
import { crsToPixel, invertTransform, pixelToCrs } from '../../src/core/raster/affine.js';
import { loadSegments } from '../../src/cli/commands/scan.js';
import { openTile } from '../../src/io/tiff/open.js';
import { encodeGeoTiff } from '../../src/io/tiff/write.js';
import { sentinel2Timing } from '../../src/pipeline/aerial-stage.js';
import { scanPair } from '../../src/pipeline/scan.js';
import type { BorderSegment } from '../../src/core/types.js';
import { pairFile, tempDir } from '../helpers/samples.js';

const BANDS = ['B02', 'B03', 'B04', 'B08'];
const OBSERVED_AT = '2017-08-29T10:50:00.000Z';

describe('aerial movers in a scan', () => {
  let segments: BorderSegment[];
  let withAircraft: string;
  let truth: { headingDeg: number; speedMps: number; lon: number; lat: number };

  beforeAll(async () => {
    segments = await loadSegments(pairFile('oscd-bercy', 'segments.geojson'));
    const tile = await openTile(pairFile('oscd-bercy', 't2.tif'));
    const grid = tile.grid;
    const raster = await tile.readWindow({ col0: 0, row0: 0, width: grid.width, height: grid.height });
    await tile.close();
    // Put the aircraft 300 m off the middle of the third segment's line.
    const line = segments[2]!.line!.coordinates;
    const [lon, lat] = line[Math.floor(line.length / 2)]!;
    const [x, y] = transformer(WGS84, grid.crs)(lon!, lat! + 0.0027);
    const [col, row] = crsToPixel(invertTransform(grid.transform), x, y);
    const pxM: [number, number] = [grid.transform[1] * 111_320 * Math.cos((lat! * Math.PI) / 180), -grid.transform[5] * 110_574];
    const injected = injectMovers(
      { bands: raster.bands, bandNames: BANDS, width: grid.width, height: grid.height, pixelSizeM: pxM },
      [{ kind: 'aircraft', col, row, headingDeg: 200, speedMps: 180, heightM: 1500, lengthM: 35, widthM: 30, contrast: 2500 }],
      sentinel2Timing(),
      { trackAzimuthDeg: groundTrackAzimuthDeg(lat!, sentinel2Timing().orbit), timingScale: 1, psfSigmaPx: 0.4 },
    );
    const t = injected.truth[0]!;
    const apparentHeading = ((Math.atan2(t.apparentEastMps, t.apparentNorthMps) * 180) / Math.PI + 360) % 360;
    const [tx, ty] = pixelToCrs(grid.transform, col, row);
    const [tlon, tlat] = transformer(grid.crs, WGS84)(tx, ty);
    truth = { headingDeg: apparentHeading, speedMps: Math.hypot(t.apparentEastMps, t.apparentNorthMps), lon: tlon, lat: tlat };
    withAircraft = join(tempDir(), '2017-08-29-with-aircraft.tif');
    writeFileSync(withAircraft, encodeGeoTiff({ grid, bands: injected.bands.map((b) => Uint16Array.from(b, (v) => Math.max(0, Math.min(65535, Math.round(v))))), blockSize: 256 }));
  });

  const scan = (extra: Partial<Parameters<typeof scanPair>[0]> = {}) =>
    scanPair({ baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: withAircraft, segments, currentAcquiredAt: OBSERVED_AT, bandNames: BANDS, ...extra });

  it('raises one dark aerial alert with the mover\'s heading, speed and border facts', async () => {
    const r = await scan();
    const aerial = r.candidates.filter((c) => c.kind === 'aerial');
    expect(aerial).toHaveLength(1);
    const a = aerial[0]!;
    expect(a.authorised).toBe(false);
    expect(Math.abs(((a.aerial!.headingDeg - truth.headingDeg + 540) % 360) - 180)).toBeLessThan(5);
    expect(Math.abs(a.aerial!.speedMps - truth.speedMps) / truth.speedMps).toBeLessThan(0.1);
    expect(['inbound', 'outbound', 'along']).toContain(a.aerial!.direction);
    expect(['Kazakhstan', 'Russia']).toContain(a.sideName);
    expect(a.distanceToLineM).toBeGreaterThan(100);
    const [w, s, e, n] = a.bbox;
    expect(truth.lon).toBeGreaterThan(w - 0.001);
    expect(truth.lon).toBeLessThan(e + 0.001);
    expect(truth.lat).toBeGreaterThan(s - 0.001);
    expect(truth.lat).toBeLessThan(n + 0.001);
    // A dark mover outranks every ground change in the same scan.
    expect(a.score).toBeGreaterThanOrEqual(Math.max(...r.candidates.filter((c) => c.kind === 'ground').map((c) => c.score)));
  });

  it('marks the mover authorised when a cooperative track report puts a flight there at that time', async () => {
    const t0 = Date.parse(OBSERVED_AT) / 1000;
    const reports = [-10, 10].map((dt) => ({ timeS: t0 + dt, lon: truth.lon, lat: truth.lat, id: 'KZR123' }));
    const r = await scan({ flights: { plans: null, reports, maxDistanceM: 2000, maxTimeS: 300 } });
    const a = r.candidates.find((c) => c.kind === 'aerial')!;
    expect(a.authorised).toBe(true);
    expect(a.aerial!.matchedFlight).toBe('KZR123');
  });

  it('keeps the aerial detector off when the band names are not given, rather than guessing them', async () => {
    const r = await scan({ bandNames: undefined });
    expect(r.report.aerial).toBe('off');
    expect(r.candidates.filter((c) => c.kind === 'aerial')).toEqual([]);
  });

  it('finds no aerial alert on the real ground-change sample pairs', async () => {
    for (const [pair, b, c] of [['oscd-bercy', 't1.tif', 't2.tif'], ['oscd-hongkong-crop', 'baseline.tif', 'current.tif']] as const) {
      const r = await scanPair({ baselinePath: pairFile(pair, b), currentPath: pairFile(pair, c), segments: await loadSegments(pairFile(pair, 'segments.geojson')), bandNames: BANDS });
      expect(r.candidates.filter((x) => x.kind === 'aerial')).toEqual([]);
    }
  });
});
