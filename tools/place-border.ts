// Dev tool (not shipped): place a stretch of a REAL border line over a sample scene that is NOT on
// that border, by translation only (shape and length kept, position moved). None of our imagery is
// over Kazakhstan; this is how the samples exercise border logic on real imagery. Every output
// says so in its properties.
//   npx tsx tools/place-border.ts --border F.geojson --feature KAZ-643 --start-km 120 --length-km 6 \
//      --centre LON,LAT --out line.geojson
import { readFileSync, writeFileSync } from 'node:fs';
import { length, lineSliceAlong, along, booleanPointInPolygon, bearing, destination } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson';
import { parseArgs, requireString, optionalNumber } from '../src/cli/args.js';

const args = parseArgs(process.argv.slice(2), { country: 'string', border: 'string', feature: 'string', part: 'number', 'start-km': 'number', 'length-km': 'number', centre: 'string', out: 'string' });
const fc = JSON.parse(readFileSync(requireString(args, 'border'), 'utf8')) as FeatureCollection<MultiLineString | LineString>;
const id = requireString(args, 'feature');
const f = fc.features.find((x) => x.properties?.segment === id);
if (!f) throw new Error(`no feature ${id}`);
const parts = f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [f.geometry.coordinates];
const part = parts[optionalNumber(args, 'part') ?? 0]!;
const line: Feature<LineString> = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: part } };
const startKm = optionalNumber(args, 'start-km') ?? 0;
const lengthKm = optionalNumber(args, 'length-km') ?? 5;
const piece = lineSliceAlong(line, startKm, startKm + lengthKm, { units: 'kilometers' });
const mid = along(piece, length(piece, { units: 'kilometers' }) / 2, { units: 'kilometers' }).geometry.coordinates;
// Which side of the ORIGINAL stretch is the country? Translation keeps the line's direction, so
// left/right naming carries over to the placed copy.
const country = JSON.parse(readFileSync(requireString(args, 'country'), 'utf8')) as FeatureCollection;
const midKm = length(piece, { units: 'kilometers' }) / 2;
const p0 = along(piece, midKm - 0.05, { units: 'kilometers' });
const p1 = along(piece, midKm + 0.05, { units: 'kilometers' });
const leftPoint = destination(along(piece, midKm, { units: 'kilometers' }), 0.3, bearing(p0, p1) - 90, { units: 'kilometers' });
const leftIsCountry = booleanPointInPolygon(leftPoint, country.features[0] as Feature<import('geojson').MultiPolygon>);
const aName = (f.properties?.a_name as string | undefined) ?? 'A';
const bName = (f.properties?.b_name as string | undefined) ?? 'B';
const [lon, lat] = requireString(args, 'centre').split(',').map(Number) as [number, number];
// Translate in a local metric frame so the stretch keeps its shape and length at the new latitude.
const kx = Math.cos((mid[1]! * Math.PI) / 180) / Math.cos((lat * Math.PI) / 180);
const moved = piece.geometry.coordinates.map(([x, y]) => [
  Math.round((lon + (x! - mid[0]!) * kx) * 1e7) / 1e7,
  Math.round((lat + (y! - mid[1]!)) * 1e7) / 1e7,
]);
const out: FeatureCollection<LineString> = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    properties: {
      segment: `${id}-placed`,
      a_name: f.properties?.a_name ?? null,
      b_name: f.properties?.b_name ?? null,
      left_name: leftIsCountry ? aName : bName,
      right_name: leftIsCountry ? bName : aName,
      note: `Real shape of the ${f.properties?.a_name}–${f.properties?.b_name} border (Natural Earth 1:10m, ${id}, part ${optionalNumber(args, 'part') ?? 0}, km ${startKm}–${startKm + lengthKm}) TRANSLATED over a scene elsewhere: this imagery is not over Kazakhstan.`,
    },
    geometry: { type: 'LineString', coordinates: moved },
  }],
};
writeFileSync(requireString(args, 'out'), `${JSON.stringify(out)}\n`);
console.log(`placed ${length(piece, { units: 'kilometers' }).toFixed(2)} km of ${id} at ${lon},${lat}`);
