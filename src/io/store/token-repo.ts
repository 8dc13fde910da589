// API bearer tokens: random secrets shown once, stored only as SHA-256 digests, with a role each.
// Looking a token up by its digest means the database never holds anything that would log a user in.
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { statement, utcIso } from './statements.js';

export const ROLES = ['analyst', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string | null;
  readonly role: Role;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

interface TokenRow {
  id: string;
  name: string | null;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function fromRow(r: TokenRow): TokenRecord {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Prefix that makes a leaked token recognisable to secret scanners and people. */
const TOKEN_PREFIX = 'bw_';

/** Creates a token; the secret is returned here and never again. */
export function createToken(db: Database.Database, role: Role, name: string | null, now: string): { token: string; record: TokenRecord } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = `tok_${randomBytes(8).toString('hex')}`;
  statement(db, 'INSERT INTO tokens (id, name, role, token_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, name?.trim() || null, role, tokenDigest(token), utcIso(now));
  return { token, record: getToken(db, id)! };
}

export function getToken(db: Database.Database, id: string): TokenRecord | null {
  const row = statement(db, 'SELECT id, name, role, created_at, last_used_at, revoked_at FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
  return row ? fromRow(row) : null;
}

/** The unrevoked token with this secret, or null. */
export function findActiveToken(db: Database.Database, token: string): TokenRecord | null {
  const row = statement(db, `SELECT id, name, role, created_at, last_used_at, revoked_at FROM tokens
    WHERE token_sha256 = ? AND revoked_at IS NULL`).get(tokenDigest(token)) as TokenRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Records use, at most once a minute per token: a write (and an fsync) on every authenticated
 * read would cost more than the information is worth.
 */
export function touchToken(db: Database.Database, id: string, now: string): void {
  const at = utcIso(now);
  const before = new Date(Date.parse(at) - 60_000).toISOString();
  statement(db, 'UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(at, id, before);
}

export function listTokens(db: Database.Database): TokenRecord[] {
  return (statement(db, 'SELECT id, name, role, created_at, last_used_at, revoked_at FROM tokens ORDER BY created_at, id').all() as TokenRow[]).map(fromRow);
}

/** Revokes a token (kept on record). Null when there is no such token. */
export function revokeToken(db: Database.Database, id: string, now: string): TokenRecord | null {
  statement(db, 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(utcIso(now), id);
  return getToken(db, id);
}
