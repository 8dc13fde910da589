// Who is calling and what they may do: bearer tokens (looked up by digest) and a fixed
// role → permission table. Every route names one permission; anything not granted is denied.
import type { IncomingMessage } from 'node:http';
import type { AlertStore } from '../io/store/alert-store.js';
import { findActiveToken, touchToken, type Role } from '../io/store/token-repo.js';
import { ApiError } from './errors.js';

export const PERMISSIONS = [
  'alerts:read',
  'alerts:review',
  'segments:read',
  'segments:write',
  'silences:read',
  'silences:write',
  'tiles:read',
  'tokens:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Analysts review; operators run batches and manage silences and segments (they read alerts in
 * their GIS tools but do not decide them); admins can do everything, including tokens.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  analyst: ['alerts:read', 'alerts:review', 'segments:read', 'silences:read'],
  operator: ['alerts:read', 'segments:read', 'segments:write', 'silences:read', 'silences:write', 'tiles:read'],
  admin: PERMISSIONS,
};

export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** The name written into audit events. */
  readonly actor: string;
  readonly permissions: readonly Permission[];
}

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/;

/** The caller behind the request's bearer token; throws 401 when there is none or it is unknown. */
export function authenticate(req: IncomingMessage, store: AlertStore, now: string): Principal {
  const header = req.headers.authorization;
  if (!header) {
    throw new ApiError('AUTH_MISSING', 'this needs a bearer token (Authorization: Bearer <token>)', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  const match = BEARER.exec(header.trim());
  const token = match ? findActiveToken(store.db, match[1]!) : null;
  if (!token) {
    throw new ApiError('AUTH_INVALID', 'the bearer token is unknown or revoked', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  touchToken(store.db, token.id, now);
  return { tokenId: token.id, role: token.role, actor: token.name ?? token.id, permissions: ROLE_PERMISSIONS[token.role] };
}

export function authorise(principal: Principal, permission: Permission): void {
  if (!principal.permissions.includes(permission)) {
    throw new ApiError('FORBIDDEN', `the ${principal.role} role may not do this (needs ${permission})`, { permission, role: principal.role });
  }
}
