// Spec: a segment file's per-segment watch parameters (`min_area_m2`, `threshold`) are read when
// they are numbers in range and rejected with SEGMENT_PARAMS_INVALID otherwise — never ignored.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { segmentsFromGeoJSON } from '../../../src/core/geo/segments-geojson.js';
import { isInputError } from '../../../src/core/errors.js';
import { pairFile, runCli, tempDir } from '../../helpers/samples.js';

const bercySegments = (): FeatureCollection => JSON.parse(readFileSync(pairFile('oscd-bercy', 'segments.geojson'), 'utf8')) as FeatureCollection;

/** The Bercy segment file with extra properties on the corridor feature of its second segment. */
function withCorridorProps(props: Record<string, unknown>): { fc: FeatureCollection; corridorIndex: number } {
  const fc = bercySegments();
  const corridorIndex = fc.features.findIndex((f) => f.properties?.['segment_id'] === 'KAZ-643-placed/p000/s0001' && f.properties?.['role'] === 'corridor');
  fc.features[corridorIndex]!.properties = { ...fc.features[corridorIndex]!.properties, ...props };
  return { fc, corridorIndex };
}

function rejection(json: unknown): { code: string; message: string; detail: Record<string, unknown> | undefined } {
  try {
    segmentsFromGeoJSON(json);
  } catch (err) {
    if (isInputError(err)) return { code: err.code, message: err.message, detail: err.detail };
    throw err;
  }
  throw new Error('the segment file was accepted');
}

describe('per-segment watch parameters in a segment file', () => {
  it('reads min_area_m2 and threshold from the corridor feature onto that segment only', () => {
    const segments = segmentsFromGeoJSON(withCorridorProps({ min_area_m2: 100, threshold: 1500 }).fc);
    expect(segments.find((s) => s.id === 'KAZ-643-placed/p000/s0001')!.params).toEqual({ minAreaM2: 100, threshold: 1500 });
    expect(segments.filter((s) => s.params !== undefined)).toHaveLength(1);
  });

  it('accepts a zero minimum mapping unit (keep every piece) and treats null as "use the scan\'s value" (QGIS writes null for empty attributes)', () => {
    const segments = segmentsFromGeoJSON(withCorridorProps({ min_area_m2: 0, threshold: null }).fc);
    expect(segments.find((s) => s.id === 'KAZ-643-placed/p000/s0001')!.params).toEqual({ minAreaM2: 0 });
  });

  it.each([
    ['a negative minimum mapping unit', { min_area_m2: -400 }, 'min_area_m2', '-400'],
    ['a minimum mapping unit given as text', { min_area_m2: '400 m2' }, 'min_area_m2', '"400 m2"'],
    ['a NaN minimum mapping unit', { min_area_m2: Number.NaN }, 'min_area_m2', 'NaN'],
    ['a negative threshold', { threshold: -1 }, 'threshold', '-1'],
    ['a zero threshold (every pixel would be change)', { threshold: 0 }, 'threshold', '0'],
    ['an infinite threshold', { threshold: Number.POSITIVE_INFINITY }, 'threshold', 'Infinity'],
    ['a threshold given as a boolean', { threshold: true }, 'threshold', 'true'],
  ])('rejects %s with SEGMENT_PARAMS_INVALID naming the feature, segment and property', (_what, props, property, shown) => {
    const { fc, corridorIndex } = withCorridorProps(props);
    const err = rejection(fc);
    expect(err.code).toBe('SEGMENT_PARAMS_INVALID');
    expect(err.detail).toEqual({ featureIndex: corridorIndex, segmentId: 'KAZ-643-placed/p000/s0001', property });
    expect(err.message).toContain(`feature ${corridorIndex}`);
    expect(err.message).toContain(`got ${shown}`);
  });

  it('validates the parameters of a plain watch-area polygon too', () => {
    const area = { type: 'Feature', properties: { segment_id: 'crossing-1', min_area_m2: -1 }, geometry: { type: 'Polygon', coordinates: [[[69, 42], [69.01, 42], [69.01, 42.01], [69, 42]]] } };
    expect(rejection({ type: 'FeatureCollection', features: [area] }).code).toBe('SEGMENT_PARAMS_INVALID');
  });

  it('makes the scan command refuse the file with exit 65 and the code, before reading any tile', async () => {
    const dir = tempDir();
    const segments = join(dir, 'segments.geojson');
    writeFileSync(segments, JSON.stringify(withCorridorProps({ min_area_m2: -5 }).fc));
    const res = await runCli(['scan', '--baseline', join(dir, 'missing-t1.tif'), '--current', join(dir, 'missing-t2.tif'), '--segments', segments, '--out', join(dir, 'alerts.geojson'), '--quiet']);
    expect(res.code).toBe(65);
    expect(res.stderr).toContain('[SEGMENT_PARAMS_INVALID]');
  });
});
