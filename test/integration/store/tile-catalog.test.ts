import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import type { TileEntry } from '../../../src/io/store/tile-catalog.js';
import { tempDbPath } from './temp-store.js';

const tile = (id: string, sha = `sha-${id}`): TileEntry => ({
  id, footprint: 'kz-r042', datetime: '2021-06-01T06:10:00Z', bbox: [68.8, 54.8, 69, 55], crs: 'EPSG:32642', sha256: sha, location: `/tiles/${id}.tif`,
});

describe('tile catalog', () => {
  let store: AlertStore;
  let cleanup: () => void;
  beforeEach(() => {
    let path: string;
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('registering the same tile twice changes nothing; new bytes under the same id send it back to new', () => {
    expect(store.upsertTile(tile('a'), '2021-06-02T00:00:00Z')).toBe('inserted');
    store.setTileStatus('a', 'done', '2021-06-02T00:05:00Z');
    expect(store.upsertTile(tile('a'), '2021-06-03T00:00:00Z')).toBe('unchanged');
    expect(store.getTile('a')!.status).toBe('done');
    expect(store.upsertTile(tile('a', 'sha-reprocessed'), '2021-06-04T00:00:00Z')).toBe('content_changed');
    expect(store.getTile('a')).toMatchObject({ status: 'new', sha256: 'sha-reprocessed', attempts: 0 });
  });

  it('counts attempts, keeps terminal states sticky against late deliveries, and re-drives only rejected tiles', () => {
    store.upsertTile(tile('a'), '2021-06-02T00:00:00Z');
    store.setTileStatus('a', 'processing', '2021-06-02T00:01:00Z');
    store.setTileStatus('a', 'queued', '2021-06-02T00:02:00Z');
    store.setTileStatus('a', 'processing', '2021-06-02T00:03:00Z');
    const done = store.setTileStatus('a', 'done', '2021-06-02T00:04:00Z');
    expect(done.ok && done.tile.attempts).toBe(2);
    const late = store.setTileStatus('a', 'processing', '2021-06-02T00:05:00Z');
    expect(late).toMatchObject({ ok: false, reason: 'move_refused' });
    expect(store.getTile('a')!.status).toBe('done');

    store.upsertTile(tile('bad'), '2021-06-02T00:00:00Z');
    store.setTileStatus('bad', 'rejected', '2021-06-02T00:01:00Z', { code: 'TIFF_IFD_LOOP', message: 'IFD at 8 points to itself' });
    expect(store.getTile('bad')).toMatchObject({ status: 'rejected', rejectCode: 'TIFF_IFD_LOOP' });
    expect(store.setTileStatus('bad', 'new', '2021-06-03T00:00:00Z').ok).toBe(true);
    expect(store.getTile('bad')).toMatchObject({ status: 'new', rejectCode: null });
    expect(store.setTileStatus('ghost', 'done', '2021-06-03T00:00:00Z')).toEqual({ ok: false, reason: 'unknown_tile' });
  });

  it('the reconciler sees every tile not done or rejected, optionally only those idle since a cutoff', () => {
    for (const id of ['n', 'q', 'p', 'd', 'r']) store.upsertTile(tile(id), '2021-06-02T00:00:00Z');
    store.setTileStatus('q', 'queued', '2021-06-02T00:10:00Z');
    store.setTileStatus('p', 'processing', '2021-06-02T00:20:00Z');
    store.setTileStatus('d', 'done', '2021-06-02T00:20:00Z');
    store.setTileStatus('r', 'rejected', '2021-06-02T00:20:00Z', { code: 'TIFF_TRUNCATED', message: 'short file' });
    expect(store.nonTerminalTiles().map((t) => t.id).sort()).toEqual(['n', 'p', 'q']);
    expect(store.nonTerminalTiles('2021-06-02T00:15:00Z').map((t) => t.id)).toEqual(['n', 'q']);
    expect(store.tilesByStatus('rejected').map((t) => t.id)).toEqual(['r']);
    expect(store.tileCounts()).toEqual({ new: 1, queued: 1, processing: 1, done: 1, rejected: 1 });
  });
});
