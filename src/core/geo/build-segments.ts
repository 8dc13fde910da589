// Border line(s) → watched segments: each line part cut into pieces of about `lengthM`, each with
// a corridor of ±W metres split into its left and right side, stable ids and, given the country
// polygon, the name of who is on each side.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { InputError } from '../errors.js';
import type { BorderSegment, SegmentId } from '../types.js';
import { buildCorridor, capCorners } from './corridor.js';
import { cutLine, cleanPart, partLengthM, type LinePiece } from './line-cut.js';
import { localFrame } from './local-frame.js';

export interface BuildSegmentsOptions {
  /** Target segment length along the line, metres; the last piece of a part takes the remainder. */
  readonly lengthM: number;
  /** Corridor half-width: how far either side of the line is watched, metres. */
  readonly corridorHalfWidthM: number;
  /** The country the border belongs to: tells which side is whose. */
  readonly country?: Polygon | MultiPolygon;
  /** Name for the country's side; defaults to the border feature's `a_name`. */
  readonly countryName?: string;
  /** Refuse to build more segments than this (a tiny --length on a long border exhausts memory). */
  readonly maxSegments?: number;
}

/** Offset of the probe points used to tell which side lies inside the country. */
const SIDE_PROBE_M = 100;
/** Probes per line part: the country is on one side of a boundary all along it, so a vote suffices. */
const SIDE_PROBES_PER_PART = 31;

interface BorderLine {
  readonly borderId: string;
  readonly label: string;
  readonly aName: string | undefined;
  readonly bName: string | undefined;
  /** Who is on each side, when the line's properties say so (`left_name`/`right_name`). */
  readonly declaredSides: { left: string; right: string } | undefined;
  readonly parts: Position[][];
}

function invalid(message: string): InputError {
  return new InputError('BORDER_INVALID', message);
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

function readPart(raw: unknown, where: string): Position[] {
  if (!Array.isArray(raw)) throw invalid(`${where}: coordinates must be an array of [lon, lat] positions`);
  raw.forEach((p, k) => {
    if (!isPosition(p)) throw invalid(`${where}, position ${k}: expected [lon, lat] in degrees (WGS 84), got ${JSON.stringify(p)}`);
  });
  return raw as Position[];
}

function readBorder(border: unknown): BorderLine[] {
  const fc = border as Partial<FeatureCollection<LineString | MultiLineString>> | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw invalid('border must be a GeoJSON FeatureCollection of LineString/MultiLineString features');
  }
  if (fc.features.length === 0) throw invalid('border FeatureCollection has no features');
  const seen = new Set<string>();
  return fc.features.map((f, i) => {
    const g = f?.geometry as LineString | MultiLineString | null | undefined;
    if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) {
      throw invalid(`feature ${i}: geometry must be LineString or MultiLineString, got ${g ? String((g as { type?: unknown }).type) : 'none'}`);
    }
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
    const borderId = str(props['segment']) ?? str(f.id) ?? `border-${i}`;
    if (seen.has(borderId)) throw invalid(`feature ${i}: border id '${borderId}' is used twice; segment ids would collide`);
    seen.add(borderId);
    const rawParts: unknown[] = g.type === 'LineString' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [];
    const parts = rawParts.map((p, k) => readPart(p, `feature ${i} (${borderId}), part ${k}`));
    const aName = str(props['a_name']), bName = str(props['b_name']);
    const left = str(props['left_name']), right = str(props['right_name']);
    const declaredSides = left && right ? { left, right } : undefined;
    return { borderId, label: aName && bName ? `${aName}–${bName}` : borderId, aName, bName, declaredSides, parts };
  });
}

/** +1 when the country lies left of this part, -1 right, 0 when the vote says nothing. */
function countrySide(pieces: readonly LinePiece[], country: Polygon | MultiPolygon): 1 | -1 | 0 {
  let votes = 0;
  const step = Math.max(1, Math.floor(pieces.length / SIDE_PROBES_PER_PART));
  for (let k = Math.floor(step / 2); k < pieces.length; k += step) {
    const piece = pieces[k]!;
    const mid = piece.coordinates[Math.floor(piece.coordinates.length / 2)]!;
    const cut = k + 1 < pieces.length || piece.coordinates.length > 2 ? piece.start : piece.end;
    const at = piece.coordinates.length > 2 ? mid : cut.position;
    const [dx, dy] = cut.directionEN;
    const f = localFrame(at[0]!, at[1]!);
    const leftIn = booleanPointInPolygon(f.toLonLat(-dy * SIDE_PROBE_M, dx * SIDE_PROBE_M), country);
    const rightIn = booleanPointInPolygon(f.toLonLat(dy * SIDE_PROBE_M, -dx * SIDE_PROBE_M), country);
    if (leftIn !== rightIn) votes += leftIn ? 1 : -1;
  }
  return votes > 0 ? 1 : votes < 0 ? -1 : 0;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Stable id of a segment: border id, part index and piece index, so a rebuild gives the same ids. */
export function segmentId(borderId: string, partIndex: number, pieceIndex: number): SegmentId {
  return `${borderId}/p${pad(partIndex, 3)}/s${pad(pieceIndex, 4)}` as SegmentId;
}

export function buildSegments(border: FeatureCollection<LineString | MultiLineString>, opts: BuildSegmentsOptions): BorderSegment[] {
  const { lengthM, corridorHalfWidthM: halfWidthM } = opts;
  if (!(Number.isFinite(lengthM) && lengthM > 0)) throw new InputError('ARGS_INVALID', `segment length must be a positive number of metres, got ${lengthM}`);
  if (!(Number.isFinite(halfWidthM) && halfWidthM > 0)) throw new InputError('ARGS_INVALID', `corridor half-width must be a positive number of metres, got ${halfWidthM}`);
  const lines = readBorder(border);
  const cleaned = lines.map((l) => l.parts.map(cleanPart));

  const maxSegments = opts.maxSegments ?? 1_000_000;
  let totalM = 0;
  for (const parts of cleaned) for (const p of parts) totalM += partLengthM(p);
  if (totalM / lengthM > maxSegments) {
    throw new InputError('ARGS_INVALID', `a ${lengthM} m segment length would cut ${Math.round(totalM / 1000)} km of border into ${Math.ceil(totalM / lengthM)} segments (limit ${maxSegments}); use a longer length`);
  }

  const segments: BorderSegment[] = [];
  lines.forEach((line, li) => {
    cleaned[li]!.forEach((part, partIndex) => {
      if (part.length < 2) return;
      const pieces = cutLine(part, lengthM);
      if (pieces.length === 0) return;
      const side = opts.country ? countrySide(pieces, opts.country) : 0;
      const own = opts.countryName ?? line.aName;
      // A country polygon decides sides; without one, the line may declare them itself.
      const sideNames = side === 0 ? line.declaredSides : side > 0 ? { left: own, right: line.bName } : { left: line.bName, right: own };
      const partLabel = line.parts.length > 1 ? ` (part ${partIndex})` : '';
      let startCaps = capCorners(pieces[0]!.start, halfWidthM);
      pieces.forEach((piece, pieceIndex) => {
        const endCaps = capCorners(piece.end, halfWidthM);
        const shapes = buildCorridor(piece, halfWidthM, { start: startCaps, end: endCaps });
        startCaps = endCaps;
        const km = (m: number): string => (m / 1000).toFixed(1);
        segments.push({
          id: segmentId(line.borderId, partIndex, pieceIndex),
          name: `${line.label}${partLabel} km ${km(piece.startM)}–${km(piece.endM)}`,
          borderId: line.borderId,
          corridor: shapes.corridor,
          line: { type: 'LineString', coordinates: piece.coordinates },
          sides: { left: shapes.left, right: shapes.right },
          ...(sideNames && (sideNames.left || sideNames.right) ? { sideNames } : {}),
          lengthM: piece.endM - piece.startM,
          corridorHalfWidthM: halfWidthM,
        });
      });
    });
  });
  return segments;
}
