import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { LATEST_SCHEMA_VERSION, SchemaTooNewError } from '../../../src/io/store/migrations.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

describe('store schema', () => {
  let path: string;
  let cleanup: () => void;
  beforeEach(() => ({ path, cleanup } = tempDbPath()));
  afterEach(() => cleanup());

  it('refuses UPDATE and DELETE on alert_events: the audit log is append-only in the database itself', () => {
    const store = AlertStore.open(path);
    store.applyCandidates([makeCandidate()], { now: '2021-06-02T00:00:00Z', actor: 'scan:1' });
    store.transition('fp-ground-001', { type: 'dismiss', reason: 'snow' }, 'analyst-1', '2021-06-03T00:00:00Z');
    store.close();

    // A separate raw connection, as someone with shell access would use.
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE alert_events SET actor = 'someone-else'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE alert_events SET reason = 'other' WHERE type = 'dismissed'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM alert_events').run()).toThrow(/append-only/);
    const rows = raw.prepare('SELECT actor, type, reason FROM alert_events ORDER BY id').all();
    expect(rows).toEqual([
      { actor: 'scan:1', type: 'created', reason: null },
      { actor: 'analyst-1', type: 'dismissed', reason: 'snow' },
    ]);
    raw.close();
  });

  it('migrates a version-1 store to the latest schema, keeping its tiles and alerts', () => {
    const old = AlertStore.open(path, { schemaVersion: 1 });
    expect(old.db.prepare("SELECT name FROM sqlite_master WHERE name = 'silences'").get()).toBeUndefined();
    old.upsertTile({ id: 'kz-r042/2021-06-01', footprint: 'kz-r042', datetime: '2021-06-01T06:10:00Z', bbox: [68.8, 54.8, 69.0, 55.0],
      crs: 'EPSG:32642', sha256: 'abc', location: '/data/kz-r042/2021-06-01.tif' }, '2021-06-02T00:00:00Z');
    old.setTileStatus('kz-r042/2021-06-01', 'done', '2021-06-02T00:01:00Z');
    // An alert written by a v1 build (the alert tables are all in version 1).
    old.db.prepare(`INSERT INTO alerts (fingerprint, state, kind, segment_id, area_m2, change_magnitude, score, confidence,
      authorised, geometry, min_lon, min_lat, max_lon, max_lat, first_seen, last_seen, observation_count, detector,
      baseline_tile_id, baseline_sha256, current_tile_id, current_sha256, created_at, updated_at, state_changed_at)
      VALUES ('fp-old', 'acknowledged', 'ground', 'KAZ-RUS-017', 500, 0.2, 0.5, 'provisional', 0,
      '{"type":"Polygon","coordinates":[[[68.9,54.9],[68.91,54.9],[68.91,54.91],[68.9,54.9]]]}', 68.9, 54.9, 68.91, 54.91,
      '2021-06-01T06:10:00.000Z', '2021-06-01T06:10:00.000Z', 1, '{"name":"cva","version":"0","params":{}}',
      'b', 'hb', 'c', 'hc', '2021-06-02T00:00:00.000Z', '2021-06-02T00:00:00.000Z', '2021-06-02T00:00:00.000Z')`).run();
    old.close();

    const store = AlertStore.open(path);
    const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    // Every migration from the old version-1 file up to the latest ran, in order, once.
    expect(versions).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, k) => ({ version: k + 1 })));
    expect(store.getTile('kz-r042/2021-06-01')).toMatchObject({ status: 'done', sha256: 'abc', bbox: [68.8, 54.8, 69.0, 55.0] });
    expect(store.getAlert('fp-old')!.alert).toMatchObject({ state: 'acknowledged', segmentId: 'KAZ-RUS-017' });
    // Version-2 features work on the upgraded file.
    const silence = store.createSilence({ matchers: { kinds: ['aerial'] }, startsAt: '2021-06-01T00:00:00Z', endsAt: '2021-07-01T00:00:00Z',
      author: 'op', comment: 'planned survey flight' }, '2021-06-01T00:00:00Z');
    expect(silence.ok).toBe(true);
    const confirmed = store.transition('fp-old', { type: 'confirm' }, 'analyst-1', '2021-06-03T00:00:00Z');
    expect(confirmed.ok && confirmed.alert.state).toBe('confirmed');
    store.close();
  });

  it('opening an already-migrated store applies nothing twice', () => {
    AlertStore.open(path).close();
    const store = AlertStore.open(path);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: LATEST_SCHEMA_VERSION });
    store.close();
  });

  it('refuses a store written by a newer borderwatch rather than guessing at its schema', () => {
    AlertStore.open(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00Z')").run();
    raw.close();
    expect(() => AlertStore.open(path)).toThrow(SchemaTooNewError);
  });

  it('runs with WAL, full fsync and foreign keys on', () => {
    const store = AlertStore.open(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => store.db.prepare(`INSERT INTO alert_observations (fingerprint, acquisition, observed_at, recorded_at, baseline_tile_id,
      baseline_sha256, current_tile_id, current_sha256, area_m2, change_magnitude, score) VALUES ('no-such-alert', 'a', 't', 't', 'b', 'b', 'c', 'c', 1, 1, 1)`).run())
      .toThrow(/FOREIGN KEY/);
    store.close();
  });
});
