// Segment routes: the watched segments with alert counts and coverage (everyone), and loading a
// segment file (operators) — the same GeoJSON `borderwatch segments build` writes.
import { segmentsFromGeoJSON, segmentsToGeoJSON } from '../../core/geo/segments-geojson.js';
import { getSegment, listSegments, upsertSegments, type SegmentSummary } from '../../io/store/segment-repo.js';
import { ApiError } from '../errors.js';
import type { Route } from '../router.js';
import { allowOnly, opaqueId, queryBbox, queryInt } from '../validate.js';

/** Segment files are a few MB for a whole country's border; the default JSON cap is far smaller. */
export const MAX_SEGMENT_BODY_BYTES = 16 * 1024 * 1024;

export function publicSegment(s: SegmentSummary) {
  return {
    id: s.segment.id, name: s.segment.name ?? null, borderId: s.segment.borderId ?? null, sideNames: s.segment.sideNames ?? null,
    lengthM: s.segment.lengthM ?? null, corridorHalfWidthM: s.segment.corridorHalfWidthM ?? null, bbox: s.bbox,
    alertCounts: s.alertCounts, openAlerts: s.openAlerts, lastAlertSeen: s.lastAlertSeen,
    lastObservedAt: s.lastObservedAt, lastObservedShare: s.lastObservedShare, coverageNotice: s.coverageNotice,
  };
}

export const segmentRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/api/segments', permission: 'segments:read',
    handler: (ctx) => {
      const q = ctx.url.searchParams;
      allowOnly(q, ['bbox', 'limit', 'offset']);
      const bbox = queryBbox(q);
      const page = listSegments(ctx.store.db, { ...(bbox ? { bbox } : {}), limit: queryInt(q, 'limit', 200, 1, 1000), offset: queryInt(q, 'offset', 0, 0, 1_000_000_000) });
      return { json: { items: page.items.map(publicSegment), total: page.total } };
    },
  },
  {
    method: 'GET', path: '/api/segments/:id', permission: 'segments:read',
    handler: (ctx) => {
      const id = opaqueId(ctx.params.id, 'id');
      const s = getSegment(ctx.store.db, id);
      if (!s) throw new ApiError('SEGMENT_NOT_FOUND', `no segment '${id}'`);
      return { json: { ...publicSegment(s), geojson: segmentsToGeoJSON([s.segment]) } };
    },
  },
  {
    method: 'PUT', path: '/api/segments', permission: 'segments:write',
    handler: async (ctx) => {
      const segments = segmentsFromGeoJSON(await ctx.body(MAX_SEGMENT_BODY_BYTES));
      return { json: { upserted: upsertSegments(ctx.store.db, segments, ctx.now) } };
    },
  },
];
