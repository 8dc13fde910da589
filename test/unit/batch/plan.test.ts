// Pairing rules: per footprint, in acquisition order, each tile against the one before it.
import { describe, expect, it } from 'vitest';
import { planScans } from '../../../src/batch/plan.js';
import type { TileRecord, TileStatus } from '../../../src/io/store/tile-catalog.js';

function tile(id: string, footprint: string, datetime: string | null, status: TileStatus = 'new'): TileRecord {
  return {
    id, footprint, datetime, status, bbox: null, crs: 'EPSG:4326', sha256: `sha-${id}`, location: `/t/${id}.tif`,
    rejectCode: status === 'rejected' ? 'TIFF_TRUNCATED' : null, rejectMessage: null, attempts: 0, createdAt: '', updatedAt: '',
  };
}
const ctx = { segmentSetVersion: 'v1', params: { threshold: 'otsu' }, pipelineVersion: '0.1.0' };
const pairs = (tiles: TileRecord[]) => planScans(tiles, ctx).jobs.map((j) => `${j.baseline.tileId}→${j.current.tileId}`);

describe('planScans', () => {
  it('scans each later tile of a footprint against the one acquired just before it, whatever the input order', () => {
    const tiles = [
      tile('a/3', 'a', '2020-03-01T00:00:00.000Z'), tile('a/1', 'a', '2020-01-01T00:00:00.000Z'),
      tile('b/1', 'b', '2019-05-01T00:00:00.000Z'), tile('a/2', 'a', '2020-02-01T00:00:00.000Z'),
      tile('b/2', 'b', '2019-06-01T00:00:00.000Z'),
    ];
    expect(pairs(tiles)).toEqual(['a/1→a/2', 'a/2→a/3', 'b/1→b/2']);
    expect(planScans(tiles, ctx).firstBaselines.map((t) => t.id)).toEqual(['a/1', 'b/1']);
  });

  it('never uses a rejected or undated tile as a baseline', () => {
    const tiles = [
      tile('a/1', 'a', '2020-01-01T00:00:00.000Z'), tile('a/2', 'a', '2020-02-01T00:00:00.000Z', 'rejected'),
      tile('a/3', 'a', '2020-03-01T00:00:00.000Z'), tile('a/x', 'a', null),
    ];
    expect(pairs(tiles)).toEqual(['a/1→a/3']);
  });

  it('plans nothing for tiles already done or rejected, so a re-run queues no job', () => {
    const tiles = [tile('a/1', 'a', '2020-01-01T00:00:00.000Z', 'done'), tile('a/2', 'a', '2020-02-01T00:00:00.000Z', 'done')];
    expect(planScans(tiles, ctx)).toEqual({ jobs: [], firstBaselines: [] });
  });
});
