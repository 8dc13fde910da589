// Spatial and temporal extents of the alert and segment tables, for OGC API collection metadata.
import type Database from 'better-sqlite3';
import { statement } from './statements.js';

export interface Extent {
  /** [west, south, east, north], WGS 84; null for an empty table. */
  readonly bbox: readonly [number, number, number, number] | null;
  readonly interval: readonly [string | null, string | null];
}

type Row = { w: number | null; s: number | null; e: number | null; n: number | null; t0: string | null; t1: string | null };

function extentOf(r: Row): Extent {
  return { bbox: r.w === null ? null : [r.w, r.s!, r.e!, r.n!], interval: [r.t0, r.t1] };
}

export function alertExtent(db: Database.Database): Extent {
  return extentOf(statement(db, `SELECT MIN(min_lon) AS w, MIN(min_lat) AS s, MAX(max_lon) AS e, MAX(max_lat) AS n,
    MIN(first_seen) AS t0, MAX(last_seen) AS t1 FROM alerts`).get() as Row);
}

export function segmentExtent(db: Database.Database): Extent {
  return extentOf(statement(db, `SELECT MIN(min_lon) AS w, MIN(min_lat) AS s, MAX(max_lon) AS e, MAX(max_lat) AS n,
    NULL AS t0, NULL AS t1 FROM segments`).get() as Row);
}
