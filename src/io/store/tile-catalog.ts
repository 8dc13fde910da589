// The tile catalog (STAC-like items with a processing status). It is the source of truth for
// "no tile lost": a reconciler re-drives every tile not yet `done` or `rejected`.
import type Database from 'better-sqlite3';
import type { InputErrorCode } from '../../core/errors.js';
import { statement, utcIso } from './statements.js';

export const TILE_STATUSES = ['new', 'queued', 'processing', 'done', 'rejected'] as const;
export type TileStatus = (typeof TILE_STATUSES)[number];

export interface TileEntry {
  readonly id: string;
  /** Which place the tile covers; tiles of one footprint are scanned against each other. */
  readonly footprint: string;
  /** ISO 8601 acquisition time, when known. */
  readonly datetime: string | null;
  /** [west, south, east, north] in WGS 84. */
  readonly bbox: readonly [number, number, number, number] | null;
  readonly crs: string | null;
  readonly sha256: string;
  /** A file path or an http(s) URL. */
  readonly location: string;
}

export interface TileRecord extends TileEntry {
  readonly status: TileStatus;
  readonly rejectCode: string | null;
  readonly rejectMessage: string | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface TileRow {
  id: string;
  footprint: string;
  datetime: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  crs: string | null;
  sha256: string;
  location: string;
  status: TileStatus;
  reject_code: string | null;
  reject_message: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

function fromRow(r: TileRow): TileRecord {
  const hasBbox = r.min_lon !== null && r.min_lat !== null && r.max_lon !== null && r.max_lat !== null;
  return {
    id: r.id,
    footprint: r.footprint,
    datetime: r.datetime,
    bbox: hasBbox ? [r.min_lon!, r.min_lat!, r.max_lon!, r.max_lat!] : null,
    crs: r.crs,
    sha256: r.sha256,
    location: r.location,
    status: r.status,
    rejectCode: r.reject_code,
    rejectMessage: r.reject_message,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getTile(db: Database.Database, id: string): TileRecord | null {
  const row = statement(db, 'SELECT * FROM tiles WHERE id = ?').get(id) as TileRow | undefined;
  return row ? fromRow(row) : null;
}

export type UpsertTileResult = 'inserted' | 'unchanged' | 'content_changed';

/**
 * Registers a tile. Registering the same content again changes nothing (a batch run twice queues
 * nothing new); the same id with different bytes is new evidence and goes back to `new`.
 */
export function upsertTile(db: Database.Database, tile: TileEntry, now: string): UpsertTileResult {
  const at = utcIso(now);
  const params = {
    id: tile.id, footprint: tile.footprint, datetime: tile.datetime === null ? null : utcIso(tile.datetime, 'tile datetime'),
    min_lon: tile.bbox?.[0] ?? null, min_lat: tile.bbox?.[1] ?? null, max_lon: tile.bbox?.[2] ?? null,
    max_lat: tile.bbox?.[3] ?? null, crs: tile.crs, sha256: tile.sha256, location: tile.location, now: at,
  };
  return db.transaction((): UpsertTileResult => {
    const existing = getTile(db, tile.id);
    if (!existing) {
      statement(db, `INSERT INTO tiles (id, footprint, datetime, min_lon, min_lat, max_lon, max_lat, crs, sha256, location,
        status, attempts, created_at, updated_at) VALUES (@id, @footprint, @datetime, @min_lon, @min_lat, @max_lon, @max_lat,
        @crs, @sha256, @location, 'new', 0, @now, @now)`).run(params);
      return 'inserted';
    }
    if (existing.sha256 === tile.sha256) return 'unchanged';
    statement(db, `UPDATE tiles SET footprint = @footprint, datetime = @datetime, min_lon = @min_lon, min_lat = @min_lat,
      max_lon = @max_lon, max_lat = @max_lat, crs = @crs, sha256 = @sha256, location = @location, status = 'new',
      reject_code = NULL, reject_message = NULL, attempts = 0, updated_at = @now WHERE id = @id`).run(params);
    return 'content_changed';
  }).immediate();
}

/**
 * Which status moves are accepted. Delivery is at least once, so a job may run again after its
 * tile was finished: terminal states are sticky (a late `processing` does not undo `done`), and
 * only an explicit re-drive moves a rejected tile back to `new`.
 */
const ALLOWED_MOVES: Readonly<Record<TileStatus, readonly TileStatus[]>> = {
  new: ['new', 'queued', 'processing', 'done', 'rejected'],
  queued: ['new', 'queued', 'processing', 'done', 'rejected'],
  processing: ['queued', 'processing', 'done', 'rejected'],
  done: ['done'],
  rejected: ['new', 'rejected'],
};

export interface TileReject {
  readonly code: InputErrorCode;
  readonly message: string;
}

export type SetTileStatusResult =
  | { readonly ok: true; readonly tile: TileRecord }
  | { readonly ok: false; readonly reason: 'unknown_tile' }
  | { readonly ok: false; readonly reason: 'move_refused'; readonly tile: TileRecord };

/** Moves a tile to `status`; `processing` counts an attempt; `rejected` needs a code. */
export function setTileStatus(db: Database.Database, id: string, status: TileStatus, now: string, reject?: TileReject): SetTileStatusResult {
  if (status === 'rejected' && !reject) throw new RangeError('a rejected tile needs a reject code');
  const at = utcIso(now);
  return db.transaction((): SetTileStatusResult => {
    const tile = getTile(db, id);
    if (!tile) return { ok: false, reason: 'unknown_tile' };
    if (!ALLOWED_MOVES[tile.status].includes(status)) return { ok: false, reason: 'move_refused', tile };
    statement(db, `UPDATE tiles SET status = ?, reject_code = ?, reject_message = ?, updated_at = ?,
      attempts = attempts + ? WHERE id = ?`).run(status, reject?.code ?? null, reject?.message ?? null, at,
      status === 'processing' ? 1 : 0, id);
    return { ok: true, tile: getTile(db, id)! };
  }).immediate();
}

export function tilesByStatus(db: Database.Database, status: TileStatus, limit = 1000): TileRecord[] {
  return (statement(db, 'SELECT * FROM tiles WHERE status = ? ORDER BY footprint, datetime, id LIMIT ?').all(status, limit) as TileRow[]).map(fromRow);
}

/**
 * Tiles not yet `done` or `rejected`, for the reconciler. With `updatedBefore`, only those
 * untouched since then (so a tile a live worker is processing right now is left alone).
 */
export function nonTerminalTiles(db: Database.Database, updatedBefore?: string): TileRecord[] {
  const cutoff = updatedBefore === undefined ? '9999-12-31T23:59:59.999Z' : utcIso(updatedBefore);
  return (statement(db, `SELECT * FROM tiles WHERE status IN ('new', 'queued', 'processing') AND updated_at < ?
    ORDER BY updated_at, id`).all(cutoff) as TileRow[]).map(fromRow);
}

export function tileCounts(db: Database.Database): Record<TileStatus, number> {
  const counts: Record<TileStatus, number> = { new: 0, queued: 0, processing: 0, done: 0, rejected: 0 };
  for (const r of statement(db, 'SELECT status, COUNT(*) AS n FROM tiles GROUP BY status').all() as { status: TileStatus; n: number }[]) {
    counts[r.status] = r.n;
  }
  return counts;
}
