// Registers a batch's tiles in the catalog: content identity, and from the TIFF header alone (our
// preflight, no pixel decoded; for http(s) tiles only header bytes travel) the CRS and WGS 84
// bbox. A tile we cannot use is recorded as `rejected` with its code right here, so the operator
// sees it in the summary and in `status`.
import { createHash } from 'node:crypto';
import { InputError, isInputError } from '../core/errors.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import type { Grid } from '../core/types.js';
import type { AlertStore } from '../io/store/alert-store.js';
import type { TileRecord, TileReject, UpsertTileResult } from '../io/store/tile-catalog.js';
import { gridFromGeoTags } from '../io/tiff/georef.js';
import { resolveBudgets } from '../io/tiff/budgets.js';
import { isUrlLocation, openByteSource, type ByteSource } from '../io/tiff/byte-source.js';
import { RemoteReadError, remoteValidators } from '../io/tiff/http-byte-source.js';
import { preflight, preflightSource } from '../io/tiff/preflight.js';
import { fileSha256, remoteTileSha256 } from '../io/tiff/tile-identity.js';
import { cachedFileSha256, defaultIdentityCacheDir } from '../io/tiff/identity-cache.js';
import type { CatalogSource } from './catalog-source.js';

export interface RegisteredTile {
  readonly tile: TileRecord;
  readonly registration: UpsertTileResult;
}

interface Inspected {
  readonly sha256: string;
  readonly grid: Grid | null;
  readonly reject: TileReject | null;
}

function rejectOf(err: unknown): TileReject {
  if (isInputError(err)) return { code: err.code, message: err.message };
  // A server that stayed down through every retry: recorded so the operator sees it and re-drives.
  if (err instanceof RemoteReadError) return { code: 'URL_UNREADABLE', message: err.message };
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return { code: 'FILE_NOT_FOUND', message: e.message };
  return { code: 'FILE_UNREADABLE', message: e?.message ?? String(err) };
}

function undatedCheck(source: CatalogSource): void {
  if (source.datetime === null) {
    throw new InputError('TILE_UNDATED', 'no acquisition time (name the file by ISO date, e.g. 2018-03-09.tif, or set the item datetime)');
  }
}

/**
 * An http(s) tile: header and IFDs by range requests, never the whole object. Its identity is the
 * one openTile gives it (tile-identity.ts), so scans and evidence find the catalog's record.
 */
async function inspectRemote(source: CatalogSource): Promise<Inspected> {
  let bytes: ByteSource;
  try {
    bytes = await openByteSource(source.location);
  } catch (err) {
    return { sha256: createHash('sha256').update(`unreachable:${source.location}`).digest('hex'), grid: null, reject: rejectOf(err) };
  }
  try {
    let structureSha256: string | null = null;
    let grid: Grid | null = null;
    let reject: TileReject | null = null;
    try {
      const checked = await preflightSource(bytes, resolveBudgets());
      structureSha256 = checked.structureSha256;
      grid = gridFromGeoTags(checked.layout.geo, checked.layout.width, checked.layout.height);
      undatedCheck(source);
    } catch (err) {
      grid = null;
      reject = rejectOf(err);
    }
    const validators = remoteValidators(bytes);
    const sha256 = validators
      ? remoteTileSha256({ sizeBytes: bytes.sizeBytes, validators, structureSha256 })
      : createHash('sha256').update(`remote:${source.location}`).digest('hex');
    return { sha256, grid, reject };
  } finally {
    await bytes.close();
  }
}

async function inspect(source: CatalogSource): Promise<Inspected> {
  if (isUrlLocation(source.location)) return inspectRemote(source);
  let sha256: string;
  try {
    // Remembered by stat record: the scan that follows opens the same file without re-hashing it.
    sha256 = await cachedFileSha256(source.location, defaultIdentityCacheDir(), fileSha256);
  } catch (err) {
    return { sha256: createHash('sha256').update(`missing:${source.location}`).digest('hex'), grid: null, reject: rejectOf(err) };
  }
  try {
    const layout = await preflight(source.location);
    const grid = gridFromGeoTags(layout.geo, layout.width, layout.height);
    undatedCheck(source);
    return { sha256, grid, reject: null };
  } catch (err) {
    return { sha256, grid: null, reject: rejectOf(err) };
  }
}

/** [west, south, east, north] of a grid in WGS 84, from its four corners (enough for catalog search). */
export function wgs84Bbox(grid: Grid): [number, number, number, number] {
  const toWgs = transformer(grid.crs, WGS84);
  const t = grid.transform;
  const corners = [[0, 0], [grid.width, 0], [0, grid.height], [grid.width, grid.height]].map(([c, r]) =>
    toWgs(t[0] + c! * t[1] + r! * t[2], t[3] + c! * t[4] + r! * t[5]));
  const lons = corners.map((p) => p[0]);
  const lats = corners.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/**
 * Registers every source (hashing at most `concurrency` files at once). Registering unchanged
 * content again keeps the tile's status, so a second run of the same batch queues nothing.
 */
export async function registerTiles(store: AlertStore, sources: readonly CatalogSource[], now: () => string, concurrency = 4): Promise<RegisteredTile[]> {
  const out: RegisteredTile[] = new Array(sources.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < sources.length) {
      const k = next++;
      const source = sources[k]!;
      const seen = await inspect(source);
      const registration = store.upsertTile({
        id: source.id,
        footprint: source.footprint,
        datetime: source.datetime,
        bbox: seen.grid ? wgs84Bbox(seen.grid) : null,
        crs: seen.grid?.crs ?? null,
        sha256: seen.sha256,
        location: source.location,
      }, now());
      let tile = store.getTile(source.id)!;
      if (seen.reject && tile.status !== 'rejected' && tile.status !== 'done') {
        const moved = store.setTileStatus(source.id, 'rejected', now(), seen.reject);
        if (moved.ok) tile = moved.tile;
      }
      out[k] = { tile, registration };
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, sources.length) }, lane));
  return out;
}
