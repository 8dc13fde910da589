// Finding the file behind an alert's source tile: by catalog id when its bytes still match, else
// by content hash (two folders can both hold a `t1.tif`, so ids alone can collide).
import type Database from 'better-sqlite3';
import { statement } from './statements.js';

export type TileLocation =
  | { readonly ok: true; readonly tileId: string; readonly location: string }
  | { readonly ok: false; readonly reason: 'not_in_catalog' | 'content_changed' };

export function locateTile(db: Database.Database, tileId: string, sha256: string): TileLocation {
  const byId = statement(db, 'SELECT id, sha256, location FROM tiles WHERE id = ?').get(tileId) as { id: string; sha256: string; location: string } | undefined;
  if (byId && byId.sha256 === sha256) return { ok: true, tileId: byId.id, location: byId.location };
  const byHash = statement(db, 'SELECT id, location FROM tiles WHERE sha256 = ? ORDER BY updated_at DESC, id LIMIT 1').get(sha256) as { id: string; location: string } | undefined;
  if (byHash) return { ok: true, tileId: byHash.id, location: byHash.location };
  return { ok: false, reason: byId ? 'content_changed' : 'not_in_catalog' };
}
