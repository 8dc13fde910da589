// Operator and admin routes: the tile catalog as a batch sees it, and API tokens. Token secrets
// appear once, in the creation response; listings show ids, names and roles only.
import { TILE_STATUSES, type TileStatus } from '../../io/store/tile-catalog.js';
import { createToken, isRole, listTokens, revokeToken } from '../../io/store/token-repo.js';
import { ApiError } from '../errors.js';
import type { Route } from '../router.js';
import { allowOnly, object, opaqueId, queryInt, text } from '../validate.js';

export const adminRoutes: readonly Route[] = [
  { method: 'GET', path: '/api/health', permission: 'public', handler: () => ({ json: { ok: true } }) },
  {
    method: 'GET', path: '/api/tiles', permission: 'tiles:read',
    handler: (ctx) => {
      const q = ctx.url.searchParams;
      allowOnly(q, ['status', 'limit']);
      const status = q.get('status') ?? 'rejected';
      if (!(TILE_STATUSES as readonly string[]).includes(status)) throw new ApiError('QUERY_INVALID', `status: expected one of ${TILE_STATUSES.join(', ')}`, { field: 'status' });
      const items = ctx.store.tilesByStatus(status as TileStatus, queryInt(q, 'limit', 100, 1, 1000))
        .map(({ location: _location, ...tile }) => tile);
      return { json: { counts: ctx.store.tileCounts(), status, items } };
    },
  },
  {
    method: 'GET', path: '/api/tokens', permission: 'tokens:admin',
    handler: (ctx) => ({ json: { items: listTokens(ctx.store.db) } }),
  },
  {
    method: 'POST', path: '/api/tokens', permission: 'tokens:admin',
    handler: async (ctx) => {
      const body = object(await ctx.body(), 'body', ['role', 'name']);
      if (!isRole(body.role)) throw new ApiError('BODY_INVALID', 'role: expected analyst, operator or admin', { field: 'role' });
      const name = text(body.name, 'name', { optional: true, maxChars: 100 });
      const { token, record } = createToken(ctx.store.db, body.role, name ?? null, ctx.now);
      return { status: 201, json: { token, ...record } };
    },
  },
  {
    method: 'DELETE', path: '/api/tokens/:id', permission: 'tokens:admin',
    handler: (ctx) => {
      allowOnly(ctx.url.searchParams, []);
      const revoked = revokeToken(ctx.store.db, opaqueId(ctx.params.id, 'id'), ctx.now);
      if (!revoked) throw new ApiError('TOKEN_NOT_FOUND', `no token '${ctx.params.id}'`);
      return { json: revoked };
    },
  },
];
