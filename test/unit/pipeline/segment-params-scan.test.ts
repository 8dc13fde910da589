// Spec: a segment's own minimum mapping unit and threshold decide its alerts in a scan, whichever
// engine ran it, without touching any other segment, and with stable identities across reruns.
// Real data: the Paris-Bercy OSCD pair (streamed default engine) and the Hong Kong crop (current
// tile resampled, in-memory engine), both with a real Kazakhstan border shape placed over them.
// The MMU and threshold mechanics run on the previous default detector (CVA 3×3, one Otsu cut):
// it leaves many small pieces on Bercy to raise and lower limits over. The hysteresis default's
// own rules (seed test in the segment's pass, its units) have their own specs below.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanPair, type ScanInput, type ScanResult } from '../../../src/pipeline/scan.js';
import { alertsFeatureCollection } from '../../../src/pipeline/alerts-geojson.js';
import { segmentsFromGeoJSON } from '../../../src/core/geo/segments-geojson.js';
import type { AlertCandidate } from '../../../src/core/alerts/candidate.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { pairFile } from '../../helpers/samples.js';

// Streamed scans decode on the calling thread here: same results (the engines' own specs), less start-up.
const BERCY = { baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: pairFile('oscd-bercy', 't2.tif'), engine: { threads: 0 } };
const HONG_KONG = { baselinePath: pairFile('oscd-hongkong-crop', 'baseline.tif'), currentPath: pairFile('oscd-hongkong-crop', 'current.tif') };
const S0 = 'KAZ-643-placed/p000/s0000';
const S1 = 'KAZ-643-placed/p000/s0001';
const S2 = 'KAZ-643-placed/p000/s0002';
const S3 = 'KAZ-643-placed/p000/s0003';
const MMU_RAISED_M2 = 1000;
const MMU_LOWERED_M2 = 100;
/** The detector before the agreement + hysteresis default: one cut, many small pieces. */
const ONE_CUT = { params: { measure: 'cva+mean3', threshold: 'otsu' } } as const;

const loadSegments = (pair: string): BorderSegment[] => segmentsFromGeoJSON(JSON.parse(readFileSync(pairFile(pair, 'segments.geojson'), 'utf8')));
const withParams = (segments: readonly BorderSegment[], id: string, params: BorderSegment['params']): BorderSegment[] => segments.map((s) => (s.id === id ? { ...s, params } : s));
const inSegment = (r: ScanResult, id: string): AlertCandidate[] => r.candidates.filter((c) => c.segmentId === id);
const elsewhere = (r: ScanResult, id: string): AlertCandidate[] => r.candidates.filter((c) => c.segmentId !== id);
const fingerprints = (cs: readonly AlertCandidate[]): string[] => cs.map((c) => c.fingerprint);
/** A candidate without its detector record (which rightly says what judged it). */
const judgedPiece = ({ detector: _detector, ...rest }: AlertCandidate): Omit<AlertCandidate, 'detector'> => rest;
const output = (r: ScanResult): string => JSON.stringify(alertsFeatureCollection(r.candidates, [r.report]));

describe('per-segment watch parameters in a scan', () => {
  let segments: BorderSegment[];
  let plain: ScanResult;
  let raised: ScanResult;
  /** The scan's own threshold (Otsu with a noise floor), in its change-score units. */
  let scanThreshold: number;
  beforeAll(async () => {
    segments = loadSegments('oscd-bercy');
    plain = await scanPair({ ...BERCY, ...ONE_CUT, segments });
    raised = await scanPair({ ...BERCY, ...ONE_CUT, segments: withParams(segments, S1, { minAreaM2: MMU_RAISED_M2 }) });
    scanThreshold = plain.report.threshold;
  });

  describe('minimum mapping unit', () => {
    it('a raised MMU silences the segment\'s pieces below it and leaves every other segment\'s alerts identical', () => {
      expect(elsewhere(raised, S1)).toEqual(elsewhere(plain, S1));
      const before = inSegment(plain, S1);
      const after = inSegment(raised, S1);
      expect(before.some((c) => c.areaM2 < MMU_RAISED_M2)).toBe(true);
      expect(after.length).toBeGreaterThan(0);
      expect(after.length).toBeLessThan(before.length);
      // The MMU counts whole pixels of the piece; cutting it to the corridor polygon may trim part
      // of a pixel on the corridor edge, hence a little slack on the clipped area.
      for (const c of after) expect(c.areaM2).toBeGreaterThanOrEqual(0.95 * MMU_RAISED_M2);
      // Large pieces keep their identity: the analyst's existing alerts are updated, not duplicated.
      const kept = new Set(fingerprints(after));
      for (const c of before.filter((p) => p.areaM2 >= 1.2 * MMU_RAISED_M2)) expect(kept.has(c.fingerprint), `${c.areaM2} m²`).toBe(true);
    });

    it('a lowered MMU alerts pieces smaller than the scan\'s 400 m² in that segment only, keeping the ones it had', async () => {
      const lowered = await scanPair({ ...BERCY, ...ONE_CUT, segments: withParams(segments, S0, { minAreaM2: MMU_LOWERED_M2 }) });
      expect(elsewhere(lowered, S0)).toEqual(elsewhere(plain, S0));
      expect(inSegment(plain, S0).every((c) => c.areaM2 >= 400)).toBe(true);
      const small = inSegment(lowered, S0).filter((c) => c.areaM2 < 400);
      expect(small.length).toBeGreaterThan(0);
      const had = new Set(fingerprints(inSegment(plain, S0)));
      for (const c of small) expect(had.has(c.fingerprint)).toBe(false);
      expect(fingerprints(inSegment(lowered, S0))).toEqual(expect.arrayContaining([...had]));
    });
  });

  describe('threshold', () => {
    it('a raised threshold judges the change scores in that segment\'s corridor against it, and only there', async () => {
      const threshold = 2 * scanThreshold;
      const r = await scanPair({ ...BERCY, ...ONE_CUT, segments: withParams(segments, S2, { threshold }) });
      expect(elsewhere(r, S2)).toEqual(elsewhere(plain, S2));
      const pieces = inSegment(r, S2);
      expect(pieces.length).toBeGreaterThan(0);
      expect(pieces.length).toBeLessThan(inSegment(plain, S2).length);
      // Every pixel of a piece scored above the threshold, so its mean magnitude did too (same units).
      for (const c of pieces) expect(c.changeMagnitude).toBeGreaterThan(threshold - 0.001);
      expect(pieces[0]!.detector.params).toMatchObject({ threshold, threshold_value: Math.round(threshold * 1000) / 1000, segment_params: 'threshold', min_area_m2: 400 });
    });

    it('a lowered threshold flags more changed area in that segment, and only there', async () => {
      const threshold = 0.6 * scanThreshold;
      const r = await scanPair({ ...BERCY, ...ONE_CUT, segments: withParams(segments, S2, { threshold }) });
      expect(elsewhere(r, S2)).toEqual(elsewhere(plain, S2));
      const area = (cs: readonly AlertCandidate[]): number => cs.reduce((s, c) => s + c.areaM2, 0);
      expect(area(inSegment(r, S2))).toBeGreaterThan(1.5 * area(inSegment(plain, S2)));
      for (const c of inSegment(r, S2)) expect(c.changeMagnitude).toBeGreaterThan(threshold - 0.001);
    });
  });

  describe('exactness, report and identity', () => {
    it.each<[string, { pair: Pick<ScanInput, 'baselinePath' | 'currentPath' | 'engine'>; segmentsOf: string; id: string; extra: Partial<ScanInput> }]>([
      ['default detector, streamed engine (Bercy)', { pair: BERCY, segmentsOf: 'oscd-bercy', id: S3, extra: {} }],
      ['default detector, in-memory engine (Bercy)', { pair: BERCY, segmentsOf: 'oscd-bercy', id: S3, extra: { engine: { streaming: 'never' } } }],
      ['one-cut detector, streamed engine (Bercy)', { pair: BERCY, segmentsOf: 'oscd-bercy', id: S3, extra: ONE_CUT }],
      ['one-cut detector, in-memory engine (Bercy)', { pair: BERCY, segmentsOf: 'oscd-bercy', id: S3, extra: { ...ONE_CUT, engine: { streaming: 'never' } } }],
      ['streamed fixed-threshold plain CVA engine (Bercy)', { pair: BERCY, segmentsOf: 'oscd-bercy', id: S3, extra: { params: { threshold: 1500, normalise: false, measure: 'cva' } } }],
      ['in-memory engine with the current tile resampled (Hong Kong)', { pair: HONG_KONG, segmentsOf: 'oscd-hongkong-crop', id: 'KAZ-417-placed/p000/s0001', extra: {} }],
    ])('a segment whose own values equal the scan\'s gets exactly the scan\'s pieces: %s', async (_engine, { pair, segmentsOf, id, extra }) => {
      // One segment alone, so no change piece straddles into a neighbour's corridor (there the
      // segment's own pass judges only the part inside its corridor, by design).
      const one = loadSegments(segmentsOf).filter((s) => s.id === id);
      const scan = await scanPair({ ...pair, ...extra, segments: one });
      const judged = await scanPair({ ...pair, ...extra, segments: [{ ...one[0]!, params: { minAreaM2: scan.report.detector.params['min_area_m2'] as number } }] });
      expect(scan.candidates.length).toBeGreaterThan(0);
      expect(judged.candidates.map(judgedPiece)).toEqual(scan.candidates.map(judgedPiece));
      expect(judged.report.segmentOverrides).toEqual([{ segmentId: id, minAreaM2: 400, threshold: scan.report.threshold, overridden: ['min_area_m2'], pieces: scan.candidates.length, decodedBlocks: expect.any(Number) }]);
    });

    it('under the hysteresis default, a segment re-judged with the scan\'s own values among all its neighbours keeps the scan\'s pieces (scored in the scan window\'s units, not its own)', async () => {
      const all = await scanPair({ ...BERCY, segments });
      expect(all.report.thresholdMethod).toBe('hysteresis');
      expect(all.report.seedThreshold).toBeGreaterThan(all.report.threshold);
      const judged = await scanPair({ ...BERCY, segments: withParams(segments, S3, { minAreaM2: 400 }) });
      expect(inSegment(all, S3).length).toBeGreaterThan(0);
      expect(inSegment(judged, S3).map(judgedPiece)).toEqual(inSegment(all, S3).map(judgedPiece));
      expect(elsewhere(judged, S3)).toEqual(elsewhere(all, S3));
    });

    it('the scan report lists each segment judged by its own parameters, and a scan without any has no such entry', () => {
      const entries = raised.report.segmentOverrides!;
      expect(entries).toEqual([{ segmentId: S1, minAreaM2: MMU_RAISED_M2, threshold: scanThreshold, overridden: ['min_area_m2'], pieces: inSegment(raised, S1).length, decodedBlocks: expect.any(Number) }]);
      expect(entries[0]!.decodedBlocks).toBeGreaterThan(0);
      expect(entries[0]!.decodedBlocks).toBeLessThanOrEqual(raised.report.decodedBlocks);
      expect(inSegment(raised, S1).every((c) => c.detector.params['segment_params'] === 'min_area_m2' && c.detector.params['min_area_m2'] === MMU_RAISED_M2)).toBe(true);
      expect('segmentOverrides' in plain.report).toBe(false);
    });

    it('gives byte-identical alerts on a rerun, and the same alerts from the in-memory engine as from the streamed one', async () => {
      const input = { ...BERCY, ...ONE_CUT, segments: withParams(withParams(segments, S1, { minAreaM2: MMU_RAISED_M2 }), S2, { threshold: 2 * scanThreshold, minAreaM2: MMU_LOWERED_M2 }) };
      const first = await scanPair(input);
      const again = await scanPair(input);
      const inMemory = await scanPair({ ...input, engine: { streaming: 'never' } });
      expect(output(again)).toBe(output(first));
      expect(inMemory.candidates).toEqual(first.candidates);
      expect(inMemory.report.segmentOverrides).toEqual(first.report.segmentOverrides);
      expect(inSegment(first, S1)).toEqual(inSegment(raised, S1));
    });
  });
});
