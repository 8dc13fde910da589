// `borderwatch segments build`: a border line file → a segment file (corridors, lines, sides) that
// `scan` and QGIS read. File reading and timing live here; the geometry is core/geo.
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../../core/errors.js';
import { buildSegments } from '../../core/geo/build-segments.js';
import { segmentsToGeoJSON } from '../../core/geo/segments-geojson.js';
import { readJsonFile, writeJsonFile } from '../../io/json-file.js';
import { optionalNumber, optionalString, parseArgs, requireString } from '../args.js';

const HELP = `usage: borderwatch segments build --border LINE.geojson --length 1000 --corridor 1500 --out S.geojson
                                  [--country POLY.geojson] [--country-name NAME]

Cuts border lines (GeoJSON LineString/MultiLineString features, WGS 84) into segments of --length
metres along the line, each with a corridor of --corridor metres either side, split into its left
and right side. Segment ids come from the feature's properties.segment (else its id), the part and
the piece number, so rebuilding from the same line gives the same ids.
  --country        the country's polygon: names the side inside it (--country-name, default the
                   feature's a_name) and the other side (the feature's b_name)
  --max-segments   refuse to make more segments than this (default 1000000)`;

/** The country file as one (Multi)Polygon: a bare geometry, a Feature or a FeatureCollection of polygons. */
export function countryGeometry(json: unknown, path: string): Polygon | MultiPolygon {
  const bad = (why: string): InputError => new InputError('BORDER_INVALID', `${path}: ${why}`);
  const j = json as { type?: unknown; geometry?: unknown; features?: unknown } | null;
  const geoms: unknown[] = j?.type === 'FeatureCollection' && Array.isArray(j.features) ? j.features.map((f) => (f as { geometry?: unknown })?.geometry) : j?.type === 'Feature' ? [j.geometry] : [j];
  const polygons: Polygon['coordinates'][] = [];
  for (const g of geoms as ({ type?: unknown; coordinates?: unknown } | null)[]) {
    if (g?.type === 'Polygon' && Array.isArray(g.coordinates)) polygons.push(g.coordinates as Polygon['coordinates']);
    else if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polygons.push(...(g.coordinates as MultiPolygon['coordinates']));
    else throw bad(`the country must be Polygon/MultiPolygon GeoJSON, found ${g?.type === undefined ? 'no geometry' : String(g.type)}`);
  }
  if (polygons.length === 0) throw bad('the country file has no polygon');
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { border: 'string', length: 'number', corridor: 'number', country: 'string', 'country-name': 'string', out: 'string', 'max-segments': 'number', help: 'boolean' });
  if (args.flags['help']) {
    console.log(HELP);
    return 0;
  }
  const [sub, ...extra] = args.positional;
  if (sub !== 'build') throw new InputError('ARGS_INVALID', sub ? `unknown subcommand '${sub}' (expected 'build')\n\n${HELP}` : `missing subcommand\n\n${HELP}`);
  if (extra.length > 0) throw new InputError('ARGS_INVALID', `unexpected argument '${extra[0]}'`);
  const borderPath = requireString(args, 'border');
  const outPath = requireString(args, 'out');
  const lengthM = optionalNumber(args, 'length');
  const halfWidthM = optionalNumber(args, 'corridor');
  if (lengthM === undefined || !(lengthM > 0)) throw new InputError('ARGS_INVALID', '--length (segment length in metres, > 0) is required');
  if (halfWidthM === undefined || !(halfWidthM > 0)) throw new InputError('ARGS_INVALID', '--corridor (corridor half-width in metres, > 0) is required');
  const countryPath = optionalString(args, 'country');
  const countryName = optionalString(args, 'country-name');
  const maxSegments = optionalNumber(args, 'max-segments');

  const border = (await readJsonFile(borderPath, 'BORDER_INVALID')) as FeatureCollection<LineString | MultiLineString>;
  const country = countryPath ? countryGeometry(await readJsonFile(countryPath, 'BORDER_INVALID'), countryPath) : undefined;
  const started = performance.now();
  let segments;
  try {
    segments = buildSegments(border, {
      lengthM,
      corridorHalfWidthM: halfWidthM,
      ...(country ? { country } : {}),
      ...(countryName ? { countryName } : {}),
      ...(maxSegments !== undefined ? { maxSegments } : {}),
    });
  } catch (err) {
    if (err instanceof InputError && err.code === 'BORDER_INVALID') throw new InputError(err.code, `${borderPath}: ${err.message}`, err.detail);
    throw err;
  }
  const builtS = (performance.now() - started) / 1000;
  await writeJsonFile(outPath, segmentsToGeoJSON(segments));
  const km = segments.reduce((sum, s) => sum + (s.lengthM ?? 0), 0) / 1000;
  const borders = new Set(segments.map((s) => s.borderId)).size;
  console.log(`${segments.length} segments from ${borders} border lines, ${km.toFixed(1)} km, corridor ±${halfWidthM} m, built in ${builtS.toFixed(2)} s → ${outPath}`);
  return 0;
}
