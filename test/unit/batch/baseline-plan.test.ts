// Which earlier tiles make a batch tile's baseline, and how that set names its scan job.
import { describe, expect, it } from 'vitest';
import { planScans, type PlanContext } from '../../../src/batch/plan.js';
import { scanJobId } from '../../../src/batch/job-id.js';
import { chooseBaselineSet, dayOfYearDistance } from '../../../src/core/quality/baseline-set.js';
import { parseScanJobData } from '../../../src/io/queue/jobs.js';
import type { TileRecord } from '../../../src/io/store/tile-catalog.js';

function tile(id: string, datetime: string, sha = `sha-${id}`): TileRecord {
  return {
    id, footprint: id.split('/')[0]!, datetime: `${datetime}T00:00:00.000Z`, status: 'new', bbox: null, crs: 'EPSG:32642', sha256: sha,
    location: `/t/${id}.tif`, rejectCode: null, rejectMessage: null, attempts: 0, createdAt: '', updatedAt: '',
  };
}
const ctx = (baselineDepth?: number): PlanContext => ({ segmentSetVersion: 'v1', params: { threshold: 'otsu' }, pipelineVersion: '0.1.0', ...(baselineDepth ? { baselineDepth } : {}) });
const jobFor = (tiles: TileRecord[], current: string, depth?: number) => planScans(tiles, ctx(depth)).jobs.find((j) => j.current.tileId === current)!;
const setOf = (tiles: TileRecord[], current: string, depth?: number): string[] => {
  const job = jobFor(tiles, current, depth);
  return (job.baselines ?? [job.baseline]).map((b) => b.tileId);
};

// Two years of one footprint: summers and winters.
const history = [
  tile('a/2022-07-01', '2022-07-01'), tile('a/2022-12-20', '2022-12-20'), tile('a/2023-06-10', '2023-06-10'),
  tile('a/2023-08-05', '2023-08-05'), tile('a/2024-01-15', '2024-01-15'), tile('a/2024-02-20', '2024-02-20'),
  tile('a/2024-07-01', '2024-07-01'),
];

describe('choosing a multi-date baseline', () => {
  it('measures season by day of year, across the year end', () => {
    expect(dayOfYearDistance('2024-01-03T00:00:00Z', '2021-12-29T00:00:00Z')).toBe(5);
    // Same calendar day in a leap year and a common one.
    expect(dayOfYearDistance('2024-07-01T00:00:00Z', '2022-07-01T00:00:00Z')).toBe(0);
  });

  it('takes the N most recent earlier tiles within ±45 days of the current day of year, from any year', () => {
    // Summer 2024: the three summer tiles, not the winter ones that came just before it.
    expect(setOf(history, 'a/2024-07-01', 3)).toEqual(['a/2022-07-01', 'a/2023-06-10', 'a/2023-08-05']);
    // Winter 2024-02-20: Dec 20 (62 days) is out of season, Jan 15 (36 days) in; only one in season → the 3 most recent.
    expect(setOf(history, 'a/2024-02-20', 2)).toEqual(['a/2023-08-05', 'a/2024-01-15']);
    expect(setOf(history, 'a/2024-02-20', 1)).toEqual(['a/2024-01-15']);
  });

  it('falls back to the most recent tiles when too few match the season, and to fewer when fewer exist', () => {
    expect(setOf(history, 'a/2024-01-15', 3)).toEqual(['a/2022-12-20', 'a/2023-06-10', 'a/2023-08-05']);
    expect(setOf(history, 'a/2022-12-20', 3)).toEqual(['a/2022-07-01']);
    expect(chooseBaselineSet('2024-07-01T00:00:00Z', [], { depth: 3 })).toEqual([]);
  });
});

describe('multi-date baselines in the plan and the job id', () => {
  it('depth 1 plans exactly the jobs a batch planned before depths existed', () => {
    expect(planScans(history, ctx(1))).toEqual(planScans(history, ctx()));
    expect(planScans(history, ctx(1)).jobs.every((j) => !('baselines' in j))).toBe(true);
    expect(setOf(history, 'a/2024-07-01')).toEqual(['a/2024-02-20']);
  });

  it('a set of one tile is the single-baseline job: same id at any depth', () => {
    expect(jobFor(history, 'a/2022-12-20', 5).jobId).toBe(jobFor(history, 'a/2022-12-20', 1).jobId);
  });

  it('names the job by its baseline set: another set, another id; the same set, the same id', () => {
    const three = jobFor(history, 'a/2024-07-01', 3);
    expect(three.jobId).not.toBe(jobFor(history, 'a/2024-07-01', 1).jobId);
    expect(three.jobId).not.toBe(jobFor(history, 'a/2024-07-01', 2).jobId);
    // Re-planning (input order shuffled) gives the same id.
    expect(jobFor([...history].reverse(), 'a/2024-07-01', 3).jobId).toBe(three.jobId);
    // A baseline tile whose bytes changed changes the id.
    const edited = history.map((t) => (t.id === 'a/2023-06-10' ? { ...t, sha256: 'sha-reprocessed' } : t));
    expect(jobFor(edited, 'a/2024-07-01', 3).jobId).not.toBe(three.jobId);
    // A tile added out of season changes nothing for a summer tile whose season set is full.
    expect(jobFor([...history, tile('a/2023-11-11', '2023-11-11')], 'a/2024-07-01', 3).jobId).toBe(three.jobId);
  });

  it('the multi-date job id does not depend on the order of the set', () => {
    const key = { current: { tileId: 'c', sha256: 'c1' }, baseline: { tileId: 'b', sha256: 'b1' }, segmentSetVersion: 'v1', params: {}, pipelineVersion: '0.1.0' };
    const a = scanJobId({ ...key, baselines: [{ tileId: 'a', sha256: 'a1' }, { tileId: 'b', sha256: 'b1' }] });
    const b = scanJobId({ ...key, baselines: [{ tileId: 'b', sha256: 'b1' }, { tileId: 'a', sha256: 'a1' }] });
    expect(a).toBe(b);
    expect(a).not.toBe(scanJobId(key));
  });

  it('a job with a baseline set survives the trip through the queue; a malformed set is refused', () => {
    const job = jobFor(history, 'a/2024-07-01', 3);
    expect(parseScanJobData(JSON.parse(JSON.stringify(job)))).toEqual(job);
    expect(() => parseScanJobData({ ...JSON.parse(JSON.stringify(job)), baselines: [job.baseline] })).toThrow(/at least two/);
    expect(() => parseScanJobData({ ...JSON.parse(JSON.stringify(job)), baselines: [job.baseline, { tileId: 1 }] })).toThrow(/baselines\[1\]/);
  });
});
