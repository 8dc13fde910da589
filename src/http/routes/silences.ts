// Silence routes (operators): authorised-activity windows that suppress matching alerts. The
// author is always the caller, never a body field, so the audit trail cannot be forged.
import type { AlertKind } from '../../core/alerts/candidate.js';
import type { SilenceMatchers, SilenceSpec } from '../../core/alerts/silences.js';
import type { BorderSide } from '../../core/types.js';
import { ApiError } from '../errors.js';
import type { RequestContext, Route } from '../router.js';
import { allowOnly, list, object, oneOf, opaqueId, optionalNumber, text } from '../validate.js';

function parseMatchers(value: unknown): SilenceMatchers {
  const m = object(value, 'matchers', ['segmentIds', 'kinds', 'minAreaM2', 'maxAreaM2', 'sides']);
  const segmentIds = m.segmentIds === undefined ? undefined : list(m.segmentIds, 'matchers.segmentIds', opaqueId, 200);
  const kinds = m.kinds === undefined ? undefined : list(m.kinds, 'matchers.kinds', (v, f) => oneOf<AlertKind>(v, f, ['ground', 'aerial']), 2);
  const sides = m.sides === undefined ? undefined : list(m.sides, 'matchers.sides', (v, f) => oneOf<BorderSide>(v, f, ['left', 'right']), 2);
  const minAreaM2 = optionalNumber(m.minAreaM2, 'matchers.minAreaM2');
  const maxAreaM2 = optionalNumber(m.maxAreaM2, 'matchers.maxAreaM2');
  return {
    ...(segmentIds ? { segmentIds } : {}), ...(kinds ? { kinds } : {}), ...(sides ? { sides } : {}),
    ...(minAreaM2 !== undefined ? { minAreaM2 } : {}), ...(maxAreaM2 !== undefined ? { maxAreaM2 } : {}),
  };
}

function parseSpec(body: unknown, author: string): SilenceSpec {
  const o = object(body, 'body', ['matchers', 'startsAt', 'endsAt', 'comment']);
  return {
    matchers: parseMatchers(o.matchers),
    startsAt: text(o.startsAt, 'startsAt', { maxChars: 64 }),
    endsAt: text(o.endsAt, 'endsAt', { maxChars: 64 }),
    comment: text(o.comment, 'comment'),
    author,
  };
}

function silenceId(ctx: RequestContext): string {
  return opaqueId(ctx.params.id, 'id');
}

function notFound(id: string): ApiError {
  return new ApiError('SILENCE_NOT_FOUND', `no silence '${id}'`);
}

export const silenceRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/api/silences', permission: 'silences:read',
    handler: (ctx) => {
      allowOnly(ctx.url.searchParams, ['active']);
      const active = ctx.url.searchParams.get('active');
      if (active !== null && active !== 'true' && active !== 'false') throw new ApiError('QUERY_INVALID', 'active: expected true or false', { field: 'active' });
      return { json: { items: ctx.store.listSilences(active === 'true' ? { activeAt: ctx.now } : {}), now: ctx.now } };
    },
  },
  {
    method: 'POST', path: '/api/silences', permission: 'silences:write',
    handler: async (ctx) => {
      const result = ctx.store.createSilence(parseSpec(await ctx.body(), ctx.principal!.actor), ctx.now);
      if (!result.ok) throw new ApiError(result.error.code, `silence refused: ${result.error.code}`, { ...result.error });
      return { status: 201, json: result.silence };
    },
  },
  {
    method: 'GET', path: '/api/silences/:id', permission: 'silences:read',
    handler: (ctx) => {
      const s = ctx.store.getSilence(silenceId(ctx));
      if (!s) throw notFound(ctx.params.id!);
      return { json: s };
    },
  },
  {
    method: 'PUT', path: '/api/silences/:id', permission: 'silences:write',
    handler: async (ctx) => {
      const id = silenceId(ctx);
      const spec = parseSpec(await ctx.body(), ctx.principal!.actor);
      const result = ctx.store.updateSilence(id, spec, ctx.now);
      if (!result) throw notFound(id);
      if (!result.ok) throw new ApiError(result.error.code, `silence refused: ${result.error.code}`, { ...result.error });
      return { json: result.silence };
    },
  },
  {
    method: 'POST', path: '/api/silences/:id/expire', permission: 'silences:write',
    handler: (ctx) => {
      const s = ctx.store.expireSilence(silenceId(ctx), ctx.now);
      if (!s) throw notFound(ctx.params.id!);
      return { json: s };
    },
  },
  {
    method: 'DELETE', path: '/api/silences/:id', permission: 'silences:write',
    handler: (ctx) => {
      const id = silenceId(ctx);
      if (!ctx.store.deleteSilence(id)) throw notFound(id);
      return { status: 204 };
    },
  },
];
