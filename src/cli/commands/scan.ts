// `borderwatch scan`: one tile pair against a segment file → alerts GeoJSON + a summary table.
import { parseAuthorisedZones, type AuthorisedZone } from '../../core/alerts/authorise.js';
import { segmentsFromGeoJSON } from '../../core/geo/segments-geojson.js';
import type { BorderSegment } from '../../core/types.js';
import { InputError } from '../../core/errors.js';
import { acquisitionTimeFromName } from '../../io/acquisition-time.js';
import { readJsonFile, writeJsonFile } from '../../io/json-file.js';
import { alertsFeatureCollection } from '../../pipeline/alerts-geojson.js';
import { scanPair, type ScanParams, type ScanResult } from '../../pipeline/scan.js';
import { summaryTable } from '../../pipeline/summary-table.js';
import { optionalNumber, optionalString, parseArgs, requireString, type ParsedArgs } from '../args.js';

const HELP = `usage: borderwatch scan --baseline B.tif --current C.tif --segments S.geojson --out alerts.geojson
                        [--authorised Z.geojson] [--baseline-date ISO] [--current-date ISO]
                        [--threshold otsu|<number>] [--min-area-m2 N] [--no-normalise] [--quiet]

Scans one tile pair: changes inside the segment corridors become alerts (RFC 7946 GeoJSON, WGS 84).
Dates default to an ISO date in the file name (e.g. 2018-03-09.tif); they decide which authorised
zones' validity windows apply.`;

export const SCAN_FLAGS = {
  baseline: 'string', current: 'string', segments: 'string', authorised: 'string', out: 'string',
  'baseline-date': 'string', 'current-date': 'string', threshold: 'string', 'min-area-m2': 'number',
  'no-normalise': 'boolean', quiet: 'boolean', help: 'boolean',
} as const;

export async function loadSegments(path: string): Promise<BorderSegment[]> {
  return segmentsFromGeoJSON(await readJsonFile(path, 'SEGMENTS_INVALID'));
}

export async function loadZones(path: string | undefined): Promise<AuthorisedZone[]> {
  return path ? parseAuthorisedZones(await readJsonFile(path, 'AUTHORISED_INVALID')) : [];
}

function isoFlag(args: ParsedArgs, name: string): string | undefined {
  const v = optionalString(args, name);
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new InputError('ARGS_INVALID', `--${name} must be an ISO 8601 date, got '${v}'`);
  return new Date(t).toISOString();
}

export function scanParamsFrom(args: ParsedArgs): Partial<ScanParams> {
  const params: { -readonly [K in keyof ScanParams]?: ScanParams[K] } = {};
  const threshold = optionalString(args, 'threshold');
  if (threshold !== undefined) {
    const n = Number(threshold);
    if (threshold !== 'otsu' && !(Number.isFinite(n) && n > 0)) throw new InputError('ARGS_INVALID', `--threshold must be 'otsu' or a positive number, got '${threshold}'`);
    params.threshold = threshold === 'otsu' ? 'otsu' : n;
  }
  const minArea = optionalNumber(args, 'min-area-m2');
  if (minArea !== undefined) {
    if (minArea < 0) throw new InputError('ARGS_INVALID', '--min-area-m2 must be ≥ 0');
    params.minAreaM2 = minArea;
  }
  if (args.flags['no-normalise']) params.normalise = false;
  return params;
}

export function describeScan(result: ScanResult): string {
  const r = result.report;
  const open = result.candidates.filter((c) => !c.authorised).length;
  const lines = [
    `${r.baseline.tileId} → ${r.current.tileId}: ${result.candidates.length} change piece(s) in ${r.coverage.length} segment(s), ${open} unauthorised`,
    `  threshold ${r.threshold.toFixed(1)} (${r.thresholdMethod}), watched ${r.watchedPixels} px, observed in both dates ${r.observedPixels} px, decoded ${r.decodedBlocks}/${r.totalBlocks} blocks${r.resampled ? ', current resampled onto the baseline grid' : ''}`,
  ];
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SCAN_FLAGS);
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  const baselinePath = requireString(args, 'baseline');
  const currentPath = requireString(args, 'current');
  const out = requireString(args, 'out');
  const segments = await loadSegments(requireString(args, 'segments'));
  const zones = await loadZones(optionalString(args, 'authorised'));
  const result = await scanPair({
    baselinePath,
    currentPath,
    segments,
    zones,
    baselineAcquiredAt: isoFlag(args, 'baseline-date') ?? acquisitionTimeFromName(baselinePath),
    currentAcquiredAt: isoFlag(args, 'current-date') ?? acquisitionTimeFromName(currentPath),
    params: scanParamsFrom(args),
  });
  await writeJsonFile(out, alertsFeatureCollection(result.candidates, [result.report]));
  if (!args.flags.quiet) {
    console.log(describeScan(result));
    if (result.candidates.length) console.log(`\n${summaryTable(result.candidates)}\n`);
    console.log(`wrote ${out}`);
  }
  return 0;
}
