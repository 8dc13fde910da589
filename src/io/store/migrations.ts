// Versioned schema migrations for the SQLite store: ordered SQL in code, applied once each and
// recorded in `schema_migrations`. Append new migrations; never edit one that has shipped.
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const STATES = `'new','acknowledged','confirmed','dismissed','closed','suppressed'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'alerts, observations, append-only events, tile catalog, notification outbox',
    sql: `
      CREATE TABLE alerts (
        fingerprint        TEXT PRIMARY KEY,
        state              TEXT NOT NULL CHECK (state IN (${STATES})),
        kind               TEXT NOT NULL CHECK (kind IN ('ground','aerial')),
        segment_id         TEXT NOT NULL,
        side               TEXT CHECK (side IN ('left','right')),
        side_name          TEXT,
        distance_to_line_m REAL,
        crosses_line       INTEGER CHECK (crosses_line IN (0,1)),
        area_m2            REAL NOT NULL,
        change_magnitude   REAL NOT NULL,
        score              REAL NOT NULL,
        confidence         TEXT NOT NULL CHECK (confidence IN ('provisional','confirmed','highest')),
        authorised         INTEGER NOT NULL CHECK (authorised IN (0,1)),
        authorisation      TEXT,            -- JSON
        suppression        TEXT,            -- JSON {by, zoneId|silenceId}
        geometry           TEXT NOT NULL,   -- GeoJSON, WGS 84
        min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
        first_seen         TEXT NOT NULL,   -- ISO 8601 UTC observation times
        last_seen          TEXT NOT NULL,
        observation_count  INTEGER NOT NULL DEFAULT 0,
        detector           TEXT NOT NULL,   -- JSON {name, version, params}
        aerial             TEXT,            -- JSON
        baseline_tile_id   TEXT NOT NULL,
        baseline_sha256    TEXT NOT NULL,
        baseline_acquired_at TEXT,
        current_tile_id    TEXT NOT NULL,
        current_sha256     TEXT NOT NULL,
        current_acquired_at TEXT,
        assignee           TEXT,
        dismiss_reason     TEXT,
        chip_before_path   TEXT,
        chip_after_path    TEXT,
        created_at         TEXT NOT NULL,   -- ISO 8601 UTC processing times
        updated_at         TEXT NOT NULL,
        state_changed_at   TEXT NOT NULL
      );
      CREATE INDEX alerts_queue ON alerts (state, score DESC, last_seen DESC);
      CREATE INDEX alerts_last_seen ON alerts (last_seen DESC);
      CREATE INDEX alerts_segment ON alerts (segment_id, last_seen DESC);
      CREATE INDEX alerts_kind ON alerts (kind, last_seen DESC);
      CREATE INDEX alerts_bbox ON alerts (min_lon, max_lon, min_lat, max_lat);

      CREATE TABLE alert_observations (
        id               INTEGER PRIMARY KEY,
        fingerprint      TEXT NOT NULL REFERENCES alerts (fingerprint),
        acquisition      TEXT NOT NULL,     -- current tile id @ sha256
        observed_at      TEXT NOT NULL,
        recorded_at      TEXT NOT NULL,
        baseline_tile_id TEXT NOT NULL,
        baseline_sha256  TEXT NOT NULL,
        current_tile_id  TEXT NOT NULL,
        current_sha256   TEXT NOT NULL,
        area_m2          REAL NOT NULL,
        change_magnitude REAL NOT NULL,
        score            REAL NOT NULL,
        suppression      TEXT,
        UNIQUE (fingerprint, acquisition)
      );
      CREATE INDEX alert_observations_current_tile ON alert_observations (current_tile_id);

      CREATE TABLE alert_events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL REFERENCES alerts (fingerprint),
        actor       TEXT NOT NULL,
        at          TEXT NOT NULL,
        type        TEXT NOT NULL,
        from_state  TEXT,
        to_state    TEXT,
        reason      TEXT,
        note        TEXT,
        payload     TEXT                    -- JSON
      );
      CREATE INDEX alert_events_by_alert ON alert_events (fingerprint, id);
      -- The audit log is evidence: the database itself refuses to rewrite or erase it.
      CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events
        BEGIN SELECT RAISE(ABORT, 'alert_events is append-only'); END;
      CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events
        BEGIN SELECT RAISE(ABORT, 'alert_events is append-only'); END;

      CREATE TABLE tiles (
        id             TEXT PRIMARY KEY,
        footprint      TEXT NOT NULL,
        datetime       TEXT,
        min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
        crs            TEXT,
        sha256         TEXT NOT NULL,
        location       TEXT NOT NULL,       -- file path or http(s) URL
        status         TEXT NOT NULL CHECK (status IN ('new','queued','processing','done','rejected')),
        reject_code    TEXT,
        reject_message TEXT,
        attempts       INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX tiles_status ON tiles (status, updated_at);
      CREATE INDEX tiles_footprint ON tiles (footprint, datetime);

      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint     TEXT NOT NULL REFERENCES alerts (fingerprint),
        kind            TEXT NOT NULL CHECK (kind IN ('alert.new','alert.reopened')),
        idempotency_key TEXT NOT NULL UNIQUE,
        payload         TEXT NOT NULL,      -- JSON body to send
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        sent_at         TEXT
      );
      CREATE INDEX outbox_pending ON outbox (sent_at, id);
    `,
  },
  {
    version: 2,
    name: 'review: silences, authorised zones, segments, API tokens',
    sql: `
      CREATE TABLE silences (
        id         TEXT PRIMARY KEY,
        matchers   TEXT NOT NULL,           -- JSON SilenceMatchers
        starts_at  TEXT NOT NULL,
        ends_at    TEXT NOT NULL,
        author     TEXT NOT NULL,
        comment    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX silences_window ON silences (ends_at, starts_at);

      CREATE TABLE authorised_zones (
        id          TEXT NOT NULL,
        version     INTEGER NOT NULL,
        kind        TEXT NOT NULL,          -- crossing_point | permit | air_corridor | ...
        name        TEXT,
        geometry    TEXT NOT NULL,          -- GeoJSON, WGS 84
        valid_from  TEXT,
        valid_to    TEXT,
        properties  TEXT,                   -- JSON
        created_at  TEXT NOT NULL,
        PRIMARY KEY (id, version)
      );

      CREATE TABLE segments (
        id          TEXT PRIMARY KEY,
        name        TEXT,
        border_id   TEXT,
        line        TEXT,                   -- GeoJSON LineString
        corridor    TEXT NOT NULL,          -- GeoJSON Polygon | MultiPolygon
        sides       TEXT,                   -- JSON {left, right} polygons
        side_names  TEXT,                   -- JSON {left, right}
        params      TEXT,                   -- JSON watch parameters
        min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT,
        role         TEXT NOT NULL CHECK (role IN ('analyst','operator','admin')),
        token_sha256 TEXT NOT NULL UNIQUE,  -- the token itself is never stored
        created_at   TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at   TEXT
      );
    `,
  },
  {
    version: 3,
    name: 'segment coverage (last observed, share seen) and tile lookup by content hash',
    sql: `
      ALTER TABLE segments ADD COLUMN last_observed_at TEXT;
      ALTER TABLE segments ADD COLUMN last_observed_share REAL;
      ALTER TABLE segments ADD COLUMN last_observed_tile TEXT;
      -- Evidence chips find an alert's tile by id, then by its SHA-256 when ids collide (t1.tif in two folders).
      CREATE INDEX tiles_sha256 ON tiles (sha256);
      CREATE INDEX tokens_role ON tokens (role);
    `,
  },
  {
    version: 4,
    name: 'border-aware severity for the analyst queue',
    sql: `
      -- score raised for changes crossing the line (+0.3) or within 100 m of it (+0.15), capped at 1
      -- (core/alerts/severity.ts computes it on every write; this backfills older rows the same way).
      ALTER TABLE alerts ADD COLUMN severity REAL;
      UPDATE alerts SET severity = ROUND(MIN(1.0, score + CASE WHEN crosses_line = 1 THEN 0.3
        WHEN distance_to_line_m IS NOT NULL AND distance_to_line_m <= 100 THEN 0.15 ELSE 0 END), 3);
      CREATE INDEX alerts_severity ON alerts (severity DESC, last_seen DESC);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export class SchemaTooNewError extends Error {
  constructor(found: number, supported: number) {
    super(`database schema version ${found} is newer than this borderwatch supports (${supported}); upgrade borderwatch`);
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the schema up to `targetVersion` (default: latest). Each migration runs in its own
 * IMMEDIATE transaction that re-reads the version first, so two processes opening a fresh file
 * at once apply every migration exactly once.
 */
export function migrate(db: Database.Database, appliedAt: string, targetVersion = LATEST_SCHEMA_VERSION): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(current, LATEST_SCHEMA_VERSION);
  for (const m of MIGRATIONS) {
    if (m.version > targetVersion) break;
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, appliedAt);
    }).immediate();
  }
  return schemaVersion(db);
}
