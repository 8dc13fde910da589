// Alert routes: the review queue with filters and paging, one alert with its history and evidence
// status, review actions (one or many), chips and the change raster.
import { ALERT_STATES, DISMISS_REASONS, describeTransitionError, type ReviewAction, type ReviewActionType } from '../../core/alerts/lifecycle.js';
import type { AlertRecord } from '../../core/alerts/record.js';
import type { ReviewResult } from '../../io/store/review.js';
import { ApiError } from '../errors.js';
import type { RequestContext, Route } from '../router.js';
import { allowOnly, list, object, oneOf, opaqueId, queryBbox, queryInt, queryList, text } from '../validate.js';

const ACTION_TYPES: readonly ReviewActionType[] = ['acknowledge', 'assign', 'confirm', 'dismiss', 'close', 'reopen', 'note'];
const MAX_BULK = 500;

/** What clients see of an alert: the record minus server-side file paths, plus where its evidence lives. */
export function publicAlert(a: AlertRecord) {
  const { chipBeforePath: _b, chipAfterPath: _a, ...rest } = a;
  const base = `/api/alerts/${encodeURIComponent(a.fingerprint)}`;
  return { ...rest, links: { self: base, before: `${base}/chips/before.png`, after: `${base}/chips/after.png`, context: `${base}/chips/context.png`, changeRaster: `${base}/change.tif` } };
}

/** A review action from an untrusted body. `actor` fills in the assignee of a bare acknowledge. */
export function parseAction(value: unknown, field: string, actor: string): ReviewAction {
  const o = object(value, field, ['type', 'assignee', 'reason', 'note']);
  const type = oneOf(o.type, `${field}.type`, ACTION_TYPES);
  const note = text(o.note, `${field}.note`, { optional: true });
  const assignee = text(o.assignee, `${field}.assignee`, { optional: true, maxChars: 200 });
  const reason = text(o.reason, `${field}.reason`, { optional: true, maxChars: 100 });
  const only = (allowed: string[]): void => {
    for (const k of ['assignee', 'reason', 'note']) {
      if (o[k] !== undefined && !allowed.includes(k)) throw new ApiError('BODY_INVALID', `${field}.${k}: not used by '${type}'`, { field: `${field}.${k}` });
    }
  };
  switch (type) {
    case 'acknowledge': only(['assignee']); return { type, assignee: assignee ?? actor };
    case 'assign': only(['assignee']); return { type, assignee: assignee ?? '' };
    case 'dismiss': only(['reason', 'note']); return { type, ...(reason !== undefined ? { reason } : {}), ...(note !== undefined ? { note } : {}) };
    case 'note': only(['note']); return { type, note: note ?? '' };
    default: only(['note']); return { type, ...(note !== undefined ? { note } : {}) };
  }
}

function resultJson(r: ReviewResult) {
  if (r.ok) return { ok: true, alert: publicAlert(r.alert), event: r.event };
  const code = r.error.code;
  const message = code === 'ALERT_NOT_FOUND' ? `no alert '${r.error.fingerprint}'` : describeTransitionError(r.error);
  return { ok: false, error: { code, message } };
}

function throwIfFailed(r: ReviewResult): void {
  if (r.ok) return;
  const j = resultJson(r).error!;
  throw new ApiError(j.code, j.message);
}

function alertOr404(ctx: RequestContext): AlertRecord {
  const fp = opaqueId(ctx.params.id, 'id');
  const detail = ctx.store.getAlert(fp);
  if (!detail) throw new ApiError('ALERT_NOT_FOUND', `no alert '${fp}'`);
  return detail.alert;
}

function listQuery(ctx: RequestContext) {
  const q = ctx.url.searchParams;
  allowOnly(q, ['state', 'kind', 'segment', 'from', 'to', 'bbox', 'order', 'limit', 'offset']);
  const iso = (name: string): string | undefined => {
    const raw = q.get(name);
    if (raw === null) return undefined;
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw new ApiError('QUERY_INVALID', `${name}: expected an ISO 8601 time`, { field: name });
    return new Date(t).toISOString();
  };
  const order = q.get('order') ?? 'severity';
  if (!['severity', 'recent', 'first_seen'].includes(order)) throw new ApiError('QUERY_INVALID', 'order: expected severity, recent or first_seen', { field: 'order' });
  const states = queryList(q, 'state', ALERT_STATES);
  const kinds = queryList(q, 'kind', ['ground', 'aerial'] as const);
  const segmentIds = queryList(q, 'segment');
  const seenFrom = iso('from');
  const seenTo = iso('to');
  const bbox = queryBbox(q);
  return {
    ...(states ? { states } : {}), ...(kinds ? { kinds } : {}), ...(segmentIds ? { segmentIds } : {}),
    ...(seenFrom ? { seenFrom } : {}), ...(seenTo ? { seenTo } : {}), ...(bbox ? { bbox } : {}),
    order: order as 'severity' | 'recent' | 'first_seen',
    limit: queryInt(q, 'limit', 50, 1, 1000),
    offset: queryInt(q, 'offset', 0, 0, 1_000_000_000),
  };
}

export const alertRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/api/meta', permission: 'alerts:read',
    handler: (ctx) => ({ json: {
      principal: { role: ctx.principal!.role, actor: ctx.principal!.actor, permissions: ctx.principal!.permissions },
      states: ALERT_STATES, dismissReasons: DISMISS_REASONS, actions: ACTION_TYPES,
    } }),
  },
  {
    method: 'GET', path: '/api/alerts', permission: 'alerts:read',
    handler: (ctx) => {
      const filters = listQuery(ctx);
      const page = ctx.store.listAlerts(filters);
      const next = page.offset + page.items.length < page.total ? page.offset + page.items.length : null;
      const nextUrl = next === null ? null : (() => {
        const u = new URL(ctx.url.href);
        u.searchParams.set('offset', String(next));
        return `${u.pathname}${u.search}`;
      })();
      return { json: { items: page.items.map(publicAlert), total: page.total, limit: page.limit, offset: page.offset, links: { next: nextUrl } } };
    },
  },
  {
    method: 'GET', path: '/api/alerts/:id', permission: 'alerts:read',
    handler: (ctx) => {
      const fp = opaqueId(ctx.params.id, 'id');
      const detail = ctx.store.getAlert(fp);
      if (!detail) throw new ApiError('ALERT_NOT_FOUND', `no alert '${fp}'`);
      const evidence = ctx.evidence.availability(detail.alert);
      return { json: {
        alert: publicAlert(detail.alert), observations: detail.observations, events: detail.events,
        evidence: evidence.ok ? { available: true } : { available: false, reason: evidence.reason },
      } };
    },
  },
  {
    method: 'POST', path: '/api/alerts/:id/actions', permission: 'alerts:review',
    handler: async (ctx) => {
      const fp = opaqueId(ctx.params.id, 'id');
      const action = parseAction(await ctx.body(), 'body', ctx.principal!.actor);
      const result = ctx.store.transition(fp, action, ctx.principal!.actor, ctx.now);
      throwIfFailed(result);
      return { json: resultJson(result) };
    },
  },
  {
    method: 'POST', path: '/api/alerts/actions', permission: 'alerts:review',
    handler: async (ctx) => {
      const body = object(await ctx.body(), 'body', ['fingerprints', 'action']);
      const fingerprints = list(body.fingerprints, 'fingerprints', opaqueId, MAX_BULK, 1);
      const action = parseAction(body.action, 'action', ctx.principal!.actor);
      const results = ctx.store.transitionMany([...new Set(fingerprints)], action, ctx.principal!.actor, ctx.now);
      const json = results.map((r, i) => ({ fingerprint: fingerprints[i], ...resultJson(r) }));
      return { json: { applied: json.filter((r) => r.ok).length, refused: json.filter((r) => !r.ok).length, results: json } };
    },
  },
  {
    method: 'GET', path: '/api/alerts/:id/chips/:name', permission: 'alerts:read',
    handler: async (ctx) => {
      const alert = alertOr404(ctx);
      const kind = ({ 'before.png': 'before', 'after.png': 'after', 'context.png': 'context' } as const)[ctx.params.name as 'before.png'];
      if (!kind) throw new ApiError('NOT_FOUND', 'chips are before.png, after.png and context.png');
      const result = await ctx.evidence.chip(alert, kind);
      if (!result.ok) throw new ApiError('EVIDENCE_UNAVAILABLE', result.reason);
      return { raw: result.value, contentType: 'image/png', headers: { 'Cache-Control': 'private, max-age=300' } };
    },
  },
  {
    method: 'GET', path: '/api/alerts/:id/change.tif', permission: 'alerts:read',
    handler: async (ctx) => {
      const alert = alertOr404(ctx);
      const result = await ctx.evidence.changeRaster(alert);
      if (!result.ok) throw new ApiError('EVIDENCE_UNAVAILABLE', result.reason);
      return { raw: result.value, contentType: 'image/tiff; application=geotiff', headers: { 'Content-Disposition': `attachment; filename="change-${alert.fingerprint}.tif"` } };
    },
  },
];
