// Job ids are derived from inputs: equal inputs, equal id; any input changed, another id.
import { describe, expect, it } from 'vitest';
import { canonicalJson, scanJobId, type ScanJobKey } from '../../../src/batch/job-id.js';

const key: ScanJobKey = {
  current: { tileId: 'a/2', sha256: 'c'.repeat(64) },
  baseline: { tileId: 'a/1', sha256: 'b'.repeat(64) },
  segmentSetVersion: 'v1',
  params: { threshold: 'otsu', minAreaM2: 400 },
  pipelineVersion: '0.1.0',
};

describe('scanJobId', () => {
  it('is the same for the same inputs, however the params object was built', () => {
    expect(scanJobId(key)).toBe(scanJobId({ ...key, params: { minAreaM2: 400, threshold: 'otsu' } }));
  });

  it('changes with each input: either tile hash, the segment set, a parameter, the pipeline version', () => {
    const ids = new Set([
      scanJobId(key),
      scanJobId({ ...key, current: { ...key.current, sha256: 'd'.repeat(64) } }),
      scanJobId({ ...key, baseline: { ...key.baseline, sha256: 'e'.repeat(64) } }),
      scanJobId({ ...key, segmentSetVersion: 'v2' }),
      scanJobId({ ...key, params: { ...key.params, minAreaM2: 500 } }),
      scanJobId({ ...key, pipelineVersion: '0.2.0' }),
    ]);
    expect(ids.size).toBe(6);
  });

  it('is a valid BullMQ custom id: no colon, not all digits', () => {
    expect(scanJobId(key)).toMatch(/^scan-[0-9a-f]{32}$/);
  });

  it('canonical JSON ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: [2, 1] })).toBe(canonicalJson({ a: [2, 1], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
