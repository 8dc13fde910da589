// Prepared-statement cache per connection: the store runs the same few statements thousands of
// times per batch, and preparing is the costly part of a small query.
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** Normalises an ISO 8601 time to UTC `toISOString()` form, so stored times sort as text. */
export function utcIso(text: string, what = 'time'): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new RangeError(`${what} is not an ISO 8601 time: '${text}'`);
  return new Date(t).toISOString();
}
