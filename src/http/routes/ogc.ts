// OGC API - Features (Part 1: Core, GeoJSON) under /ogc: alerts and segments as collections that
// QGIS and GDAL's OAPIF driver open directly. Paging is offset-based, exposed only through `next`
// and `prev` links, as the standard asks; links are absolute because some clients need them so.
import { alertToFeature } from '../../core/alerts/export-format.js';
import { ALERT_STATES } from '../../core/alerts/lifecycle.js';
import { alertExtent, segmentExtent, type Extent } from '../../io/store/extent-queries.js';
import { getSegment, listSegments, type SegmentSummary } from '../../io/store/segment-repo.js';
import { ApiError } from '../errors.js';
import type { RequestContext, Route } from '../router.js';
import { allowOnly, queryBbox, queryDatetime, queryInt, queryList } from '../validate.js';
import { publicSegment } from './segments.js';

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const OGC_MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

const COLLECTIONS = {
  alerts: { title: 'Border change alerts', description: 'Changed polygons inside watched border corridors, with their review state (WGS 84).' },
  segments: { title: 'Watched border segments', description: 'Corridor polygons of the watched border segments, with alert counts and coverage.' },
} as const;
type CollectionId = keyof typeof COLLECTIONS;

function link(href: string, rel: string, type: string, title?: string) {
  return { href, rel, type, ...(title ? { title } : {}) };
}

function collectionId(ctx: RequestContext): CollectionId {
  const id = ctx.params.collectionId!;
  if (id !== 'alerts' && id !== 'segments') throw new ApiError('COLLECTION_NOT_FOUND', `no collection '${id}' (collections: alerts, segments)`);
  return id;
}

function collectionJson(ctx: RequestContext, id: CollectionId, extent: Extent) {
  const base = `${ctx.origin}/ogc/collections/${id}`;
  return {
    id, ...COLLECTIONS[id], itemType: 'feature', crs: [CRS84],
    extent: {
      spatial: { bbox: [extent.bbox ? [...extent.bbox] : [-180, -90, 180, 90]], crs: CRS84 },
      ...(id === 'alerts' ? { temporal: { interval: [[...extent.interval]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [link(base, 'self', JSON_TYPE, COLLECTIONS[id].title), link(`${base}/items`, 'items', GEOJSON_TYPE, 'Items as GeoJSON')],
  };
}

function segmentFeature(s: SegmentSummary) {
  const { bbox, alertCounts, ...props } = publicSegment(s);
  return { type: 'Feature', id: s.segment.id, bbox: [...bbox], geometry: s.segment.corridor, properties: { ...props, ...Object.fromEntries(Object.entries(alertCounts).map(([k, v]) => [`alerts_${k}`, v])) } };
}

function pageLinks(ctx: RequestContext, offset: number, limit: number, returned: number, matched: number) {
  const at = (o: number): string => {
    const u = new URL(`${ctx.origin}${ctx.url.pathname}${ctx.url.search}`);
    u.searchParams.set('offset', String(o));
    u.searchParams.set('limit', String(limit));
    return u.href;
  };
  const links = [link(`${ctx.origin}${ctx.url.pathname}${ctx.url.search}`, 'self', GEOJSON_TYPE)];
  if (offset + returned < matched) links.push(link(at(offset + returned), 'next', GEOJSON_TYPE, 'Next page'));
  if (offset > 0) links.push(link(at(Math.max(0, offset - limit)), 'prev', GEOJSON_TYPE, 'Previous page'));
  return links;
}

function items(ctx: RequestContext) {
  const id = collectionId(ctx);
  const q = ctx.url.searchParams;
  allowOnly(q, ['bbox', 'bbox-crs', 'datetime', 'limit', 'offset', 'f', ...(id === 'alerts' ? ['state', 'kind', 'segment_id'] : [])]);
  const bboxCrs = q.get('bbox-crs');
  if (bboxCrs !== null && bboxCrs !== CRS84) throw new ApiError('QUERY_INVALID', `bbox-crs: only ${CRS84} is supported`, { field: 'bbox-crs' });
  // Clients may ask for more than we serve in one page; the standard says to cap, not refuse.
  const limit = Math.min(queryInt(q, 'limit', DEFAULT_LIMIT, 1, Number.MAX_SAFE_INTEGER), OGC_MAX_LIMIT);
  const offset = queryInt(q, 'offset', 0, 0, 1_000_000_000);
  const bbox = queryBbox(q);
  let features: unknown[];
  let matched: number;
  if (id === 'alerts') {
    const when = queryDatetime(q);
    const states = queryList(q, 'state', ALERT_STATES);
    const kinds = queryList(q, 'kind', ['ground', 'aerial'] as const);
    const segmentIds = queryList(q, 'segment_id');
    const page = ctx.store.listAlerts({
      ...(bbox ? { bbox } : {}), ...(when?.from ? { seenFrom: when.from } : {}), ...(when?.to ? { seenTo: when.to } : {}),
      ...(states ? { states } : {}), ...(kinds ? { kinds } : {}), ...(segmentIds ? { segmentIds } : {}),
      order: 'first_seen', limit, offset,
    });
    features = page.items.map(alertToFeature);
    matched = page.total;
  } else {
    queryDatetime(q); // validated; segments carry no time of their own
    const page = listSegments(ctx.store.db, { ...(bbox ? { bbox } : {}), limit, offset });
    features = page.items.map(segmentFeature);
    matched = page.total;
  }
  return {
    type: 'FeatureCollection', features, numberMatched: matched, numberReturned: features.length, timeStamp: ctx.now,
    links: pageLinks(ctx, offset, limit, features.length, matched),
  };
}

export const ogcRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/ogc', permission: 'alerts:read',
    handler: (ctx) => ({ contentType: JSON_TYPE, json: {
      title: 'borderwatch', description: 'Border change alerts and watched segments (OGC API - Features).',
      links: [
        link(`${ctx.origin}/ogc`, 'self', JSON_TYPE, 'This document'),
        link(`${ctx.origin}/ogc/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
        link(`${ctx.origin}/ogc/collections`, 'data', JSON_TYPE, 'Collections'),
      ],
    } }),
  },
  { method: 'GET', path: '/ogc/conformance', permission: 'alerts:read', handler: () => ({ contentType: JSON_TYPE, json: { conformsTo: CONFORMANCE } }) },
  {
    method: 'GET', path: '/ogc/collections', permission: 'alerts:read',
    handler: (ctx) => ({ contentType: JSON_TYPE, json: {
      links: [link(`${ctx.origin}/ogc/collections`, 'self', JSON_TYPE)],
      collections: [collectionJson(ctx, 'alerts', alertExtent(ctx.store.db)), collectionJson(ctx, 'segments', segmentExtent(ctx.store.db))],
    } }),
  },
  {
    method: 'GET', path: '/ogc/collections/:collectionId', permission: 'alerts:read',
    handler: (ctx) => {
      const id = collectionId(ctx);
      return { contentType: JSON_TYPE, json: collectionJson(ctx, id, id === 'alerts' ? alertExtent(ctx.store.db) : segmentExtent(ctx.store.db)) };
    },
  },
  { method: 'GET', path: '/ogc/collections/:collectionId/items', permission: 'alerts:read', handler: (ctx) => ({ contentType: GEOJSON_TYPE, json: items(ctx) }) },
  {
    method: 'GET', path: '/ogc/collections/:collectionId/items/:featureId', permission: 'alerts:read',
    handler: (ctx) => {
      const id = collectionId(ctx);
      const fid = ctx.params.featureId!;
      const feature = id === 'alerts'
        ? (() => { const d = ctx.store.getAlert(fid); return d ? alertToFeature(d.alert) : null; })()
        : (() => { const s = getSegment(ctx.store.db, fid); return s ? segmentFeature(s) : null; })();
      if (!feature) throw new ApiError('NOT_FOUND', `no feature '${fid}' in ${id}`);
      return { contentType: GEOJSON_TYPE, json: { ...feature, links: [link(`${ctx.origin}${ctx.url.pathname}`, 'self', GEOJSON_TYPE), link(`${ctx.origin}/ogc/collections/${id}`, 'collection', JSON_TYPE)] } };
    },
  },
];
