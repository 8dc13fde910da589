// The segment file: a GeoJSON FeatureCollection QGIS opens, one feature per segment per role
// (corridor, line, left side, right side) sharing `segment_id`. Reading it back validates every
// feature and also takes plain Polygon/MultiPolygon features as watch areas (no line, no sides).
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { InputError } from '../errors.js';
import type { BorderSegment, BorderSide, SegmentId } from '../types.js';

export type SegmentRole = 'corridor' | 'line' | 'side';

interface SegmentProperties {
  segment_id: string;
  role: SegmentRole;
  side?: BorderSide;
  border_id?: string;
  name?: string;
  length_m?: number;
  corridor_half_width_m?: number;
  side_name?: string;
  min_area_m2?: number;
  threshold?: number;
}

export function segmentsToGeoJSON(segments: readonly BorderSegment[]): FeatureCollection<Polygon | MultiPolygon | LineString, SegmentProperties> {
  const features: Feature<Polygon | MultiPolygon | LineString, SegmentProperties>[] = [];
  for (const s of segments) {
    const common = {
      segment_id: s.id as string,
      ...(s.borderId !== undefined ? { border_id: s.borderId } : {}),
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.lengthM !== undefined ? { length_m: Math.round(s.lengthM * 1000) / 1000 } : {}),
      ...(s.corridorHalfWidthM !== undefined ? { corridor_half_width_m: s.corridorHalfWidthM } : {}),
      ...(s.params?.minAreaM2 !== undefined ? { min_area_m2: s.params.minAreaM2 } : {}),
      ...(s.params?.threshold !== undefined ? { threshold: s.params.threshold } : {}),
    };
    features.push({ type: 'Feature', properties: { ...common, role: 'corridor' }, geometry: s.corridor });
    if (s.line) features.push({ type: 'Feature', properties: { ...common, role: 'line' }, geometry: s.line });
    if (s.sides) {
      for (const side of ['left', 'right'] as const) {
        const sideName = s.sideNames?.[side];
        features.push({ type: 'Feature', properties: { ...common, role: 'side', side, ...(sideName ? { side_name: sideName } : {}) }, geometry: s.sides[side] });
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

function fail(index: number, message: string): InputError {
  return new InputError('SEGMENTS_INVALID', `feature ${index}: ${message}`, { featureIndex: index });
}

function checkPosition(p: unknown, index: number): void {
  if (!Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v)) || Math.abs(p[0] as number) > 180 || Math.abs(p[1] as number) > 90) {
    throw fail(index, `bad position ${JSON.stringify(p)}; expected [lon, lat] in degrees (WGS 84)`);
  }
}

function checkRing(ring: unknown, index: number): void {
  if (!Array.isArray(ring) || ring.length < 4) throw fail(index, 'a polygon ring needs at least 4 positions');
  ring.forEach((p) => checkPosition(p, index));
  const a = ring[0] as Position, b = ring[ring.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) throw fail(index, 'a polygon ring must end where it starts');
}

function checkPolygonal(g: Geometry, index: number): Polygon | MultiPolygon {
  if (g.type === 'Polygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw fail(index, 'Polygon has no rings');
    g.coordinates.forEach((r) => checkRing(r, index));
    return g;
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw fail(index, 'MultiPolygon has no polygons');
    for (const poly of g.coordinates) {
      if (!Array.isArray(poly) || poly.length === 0) throw fail(index, 'MultiPolygon has an empty polygon');
      poly.forEach((r) => checkRing(r, index));
    }
    return g;
  }
  throw fail(index, `expected a Polygon or MultiPolygon, got ${g.type}`);
}

interface Draft {
  corridor?: Polygon | MultiPolygon;
  line?: LineString;
  left?: Polygon | MultiPolygon;
  right?: Polygon | MultiPolygon;
  leftName?: string;
  rightName?: string;
  props: Record<string, unknown>;
  /** The feature the properties came from (the corridor, or the plain polygon). */
  propsIndex: number;
  firstIndex: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * One per-segment watch parameter. Absent or null means "the scan's value" (QGIS writes null for
 * an empty attribute); anything else must be a finite number in range, because a silently ignored
 * typo ("400 m2", -400) would leave a crossing point watched with parameters nobody chose.
 */
function watchParam(props: Record<string, unknown>, key: 'min_area_m2' | 'threshold', id: string, index: number): number | undefined {
  const v = props[key];
  if (v === undefined || v === null) return undefined;
  const inRange = typeof v === 'number' && Number.isFinite(v) && (key === 'min_area_m2' ? v >= 0 : v > 0);
  if (inRange) return v;
  const expected = key === 'min_area_m2' ? 'a number of square metres ≥ 0' : 'a change score > 0 (the units of the scan report\'s threshold)';
  const got = typeof v === 'number' ? String(v) : JSON.stringify(v);
  return paramsInvalid(index, id, key, `${key} must be ${expected}, got ${got}`);
}

function paramsInvalid(index: number, id: string, key: string, message: string): never {
  throw new InputError('SEGMENT_PARAMS_INVALID', `feature ${index}: segment '${id}': ${message}`, { featureIndex: index, segmentId: id, property: key });
}

function toSegment(id: string, d: Draft): BorderSegment {
  const p = d.props;
  const minAreaM2 = watchParam(p, 'min_area_m2', id, d.propsIndex), threshold = watchParam(p, 'threshold', id, d.propsIndex);
  const sideNames = d.leftName || d.rightName ? { ...(d.leftName ? { left: d.leftName } : {}), ...(d.rightName ? { right: d.rightName } : {}) } : undefined;
  return {
    id: id as SegmentId,
    ...(str(p['name']) !== undefined ? { name: str(p['name']) } : {}),
    ...(str(p['border_id']) !== undefined ? { borderId: str(p['border_id']) } : {}),
    corridor: d.corridor!,
    ...(d.line ? { line: d.line } : {}),
    ...(d.left && d.right ? { sides: { left: d.left, right: d.right } } : {}),
    ...(sideNames ? { sideNames } : {}),
    ...(num(p['length_m']) !== undefined ? { lengthM: num(p['length_m']) } : {}),
    ...(num(p['corridor_half_width_m']) !== undefined ? { corridorHalfWidthM: num(p['corridor_half_width_m']) } : {}),
    ...(minAreaM2 !== undefined || threshold !== undefined ? { params: { ...(minAreaM2 !== undefined ? { minAreaM2 } : {}), ...(threshold !== undefined ? { threshold } : {}) } } : {}),
  };
}

/** Reads a segment file (or a file of plain watch-area polygons); throws SEGMENTS_INVALID saying which feature is wrong. */
export function segmentsFromGeoJSON(json: unknown): BorderSegment[] {
  const fc = json as Partial<FeatureCollection> | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new InputError('SEGMENTS_INVALID', 'segments must be a GeoJSON FeatureCollection');
  }
  if (fc.features.length === 0) throw new InputError('SEGMENTS_INVALID', 'segments FeatureCollection has no features');
  const drafts = new Map<string, Draft>();
  fc.features.forEach((f, i) => {
    if (!f || typeof f !== 'object' || f.type !== 'Feature') throw fail(i, 'not a GeoJSON Feature');
    const g = f.geometry as Geometry | null;
    if (!g || typeof g !== 'object') throw fail(i, 'has no geometry');
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const role = props['role'];
    if (role === undefined || role === null) {
      // A plain polygon: an area to watch, with no border line inside it.
      const corridor = checkPolygonal(g, i);
      const id = str(props['segment_id']) ?? str(f.id) ?? str(props['name']) ?? `area-${i}`;
      if (drafts.has(id)) throw fail(i, `watch area id '${id}' is used twice`);
      drafts.set(id, { corridor, props, propsIndex: i, firstIndex: i });
      return;
    }
    if (role !== 'corridor' && role !== 'line' && role !== 'side') throw fail(i, `unknown role ${JSON.stringify(role)} (expected corridor, line or side)`);
    const id = str(props['segment_id']);
    if (!id) throw fail(i, `role '${role}' needs a segment_id`);
    const d = drafts.get(id) ?? { props: {}, propsIndex: i, firstIndex: i };
    drafts.set(id, d);
    if (role === 'corridor') {
      if (d.corridor) throw fail(i, `segment '${id}' has a second corridor`);
      d.corridor = checkPolygonal(g, i);
      d.props = props;
      d.propsIndex = i;
    } else if (role === 'line') {
      if (g.type !== 'LineString') throw fail(i, `role 'line' needs a LineString, got ${g.type}`);
      if (!Array.isArray(g.coordinates) || g.coordinates.length < 2) throw fail(i, 'a line needs at least 2 positions');
      g.coordinates.forEach((p) => checkPosition(p, i));
      if (d.line) throw fail(i, `segment '${id}' has a second line`);
      d.line = g;
    } else {
      const side = props['side'];
      if (side !== 'left' && side !== 'right') throw fail(i, `role 'side' needs side 'left' or 'right', got ${JSON.stringify(side)}`);
      if (d[side]) throw fail(i, `segment '${id}' has a second ${side} side`);
      d[side] = checkPolygonal(g, i);
      const name = str(props['side_name']);
      if (name) d[side === 'left' ? 'leftName' : 'rightName'] = name;
    }
  });
  const out: BorderSegment[] = [];
  for (const [id, d] of drafts) {
    if (!d.corridor) throw fail(d.firstIndex, `segment '${id}' has no corridor feature`);
    if (!d.left !== !d.right) throw fail(d.firstIndex, `segment '${id}' has only one side polygon; it needs both or none`);
    out.push(toSegment(id, d));
  }
  return out;
}
