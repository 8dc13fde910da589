// `borderwatch scan`: one tile pair against a segment file → alerts GeoJSON + a summary table.
import { parseAuthorisedZones, type AuthorisedZone } from '../../core/alerts/authorise.js';
import { segmentsFromGeoJSON } from '../../core/geo/segments-geojson.js';
import type { BorderSegment } from '../../core/types.js';
import { InputError } from '../../core/errors.js';
import { acquisitionTimeFromName } from '../../io/acquisition-time.js';
import { readJsonFile, writeJsonFile } from '../../io/json-file.js';
import { alertsFeatureCollection } from '../../pipeline/alerts-geojson.js';
import { scanPair, type ScanParams, type ScanReport, type ScanResult } from '../../pipeline/scan.js';
import { buildBaselineComposite, type BaselineComposite } from '../../pipeline/baseline-composite.js';
import { loadConfig, MAX_BASELINE_DEPTH, type Config } from '../../config.js';
import { summaryTable } from '../../pipeline/summary-table.js';
import type { FlightEvidence } from '../../pipeline/aerial-stage.js';
import { parseTrackReportsCsv, type TrackReport } from '../../core/aerial/match.js';
import type { FeatureCollection } from 'geojson';
import { readFile } from 'node:fs/promises';
import { optionalNumber, optionalString, parseArgs, requireString, type ParsedArgs } from '../args.js';
import { SCAN_MEASURES } from '../../pipeline/detector-choice.js';

const HELP = `usage: borderwatch scan --baseline B.tif | --baselines B1.tif,B2.tif,… [--baseline-cache DIR]
                        --current C.tif --segments S.geojson --out alerts.geojson
                        [--authorised Z.geojson] [--baseline-date ISO] [--current-date ISO]
                        [--measure cva-agree|cva+mean3|cva|log-ratio] [--threshold hysteresis|otsu|<number>]
                        [--min-area-m2 N] [--no-normalise] [--quiet]
                        [--bands B02,B03,B04,B08 [--flights PLANS.geojson] [--tracks REPORTS.csv]
                         [--aerial-include-slow] [--home-side Kazakhstan]]

Scans one tile pair: changes inside the segment corridors become alerts (RFC 7946 GeoJSON, WGS 84).
Dates default to an ISO date in the file name (e.g. 2018-03-09.tif); they decide which authorised
zones' validity windows apply.
The default detector (--measure cva-agree --threshold hysteresis) calls change where CVA over 3×3
pixels and fine texture both rise above their own noise, in regions holding one strongly changed
pixel; --measure cva+mean3 --threshold otsu is the previous default (more small changes, far more
false alerts); a number is a fixed cut in the measure's units. SAR (single-band radar) pairs:
--measure log-ratio --threshold otsu --no-normalise (what eval picks for them).
--baselines takes several earlier tiles of the same grid: the scan compares against their per-pixel
median (nodata left out of each median), so a transient in one of them (a cloud, a parked truck) is
no change. The median GeoTIFF is cached in --baseline-cache (default BW_BASELINE_CACHE or
./borderwatch-baselines) with a .json naming its tiles; the report lists the tiles used.
--bands names the tiles' sensor bands (Sentinel-2): it turns on the aerial detector, which finds
moving aircraft/drones/balloons from the inter-band offset and checks them against flight plans
(GeoJSON lines/polygons with id, validFrom, validTo[, widthM]) and track reports (CSV: time,lon,lat,id).`;

export const SCAN_FLAGS = {
  baseline: 'string', baselines: 'string', 'baseline-cache': 'string', current: 'string', segments: 'string', authorised: 'string', out: 'string',
  'baseline-date': 'string', 'current-date': 'string', threshold: 'string', measure: 'string', 'min-area-m2': 'number',
  'no-normalise': 'boolean', quiet: 'boolean', help: 'boolean',
  bands: 'string', flights: 'string', tracks: 'string', 'aerial-include-slow': 'boolean', 'home-side': 'string',
} as const;

/** Sentinel-2 band names the aerial detector knows; anything else is a typo, said so. */
const KNOWN_BANDS = new Set(['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B8A', 'B09', 'B10', 'B11', 'B12']);

export function bandNamesFrom(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((b) => b.trim().toUpperCase());
  const bad = names.filter((b) => !KNOWN_BANDS.has(b));
  if (bad.length) throw new InputError('ARGS_INVALID', `--bands: unknown Sentinel-2 band(s) ${bad.join(', ')} (expected e.g. B02,B03,B04,B08)`);
  return names;
}

export async function loadFlights(plansPath: string | undefined, tracksPath: string | undefined): Promise<FlightEvidence | null> {
  if (!plansPath && !tracksPath) return null;
  const plans = plansPath ? ((await readJsonFile(plansPath, 'AUTHORISED_INVALID')) as FeatureCollection) : null;
  let reports: TrackReport[] = [];
  if (tracksPath) {
    let text: string;
    try {
      text = await readFile(tracksPath, 'utf8');
    } catch {
      throw new InputError('FILE_NOT_FOUND', `${tracksPath}: cannot read the track reports`);
    }
    reports = parseTrackReportsCsv(text);
  }
  // 2 km / 5 min: ADS-B-like reports every few seconds, and a tile's time known to a minute or so.
  return { plans, reports, maxDistanceM: 2000, maxTimeS: 300 };
}

/**
 * Decode threads, memory budget and spill folder of a command-line scan: BW_WORKERS,
 * BW_MAX_MEMORY_MB and BW_SPILL_DIR, checked here so the pipeline never reads the environment.
 */
export function scanEngine(env: NodeJS.ProcessEnv = process.env): ScanEngineSettings {
  return engineFrom(loadConfig(env));
}

type ScanEngineSettings = { threads: number; maxMemoryMb: number; spillDir: string };

/** The engine settings of an already loaded config. */
function engineFrom(config: Config): ScanEngineSettings {
  return { threads: config.workers, maxMemoryMb: config.maxMemoryMb, spillDir: config.spillDir };
}

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
    const named = threshold === 'otsu' || threshold === 'hysteresis';
    if (!named && !(Number.isFinite(n) && n > 0)) throw new InputError('ARGS_INVALID', `--threshold must be 'hysteresis', 'otsu' or a positive number, got '${threshold}'`);
    params.threshold = named ? threshold : n;
  }
  const measure = optionalString(args, 'measure');
  if (measure !== undefined) {
    const known = SCAN_MEASURES.find((m) => m === measure);
    if (!known) throw new InputError('ARGS_INVALID', `--measure must be one of ${SCAN_MEASURES.join(', ')}, got '${measure}'`);
    params.measure = known;
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
    `  aerial detector ${r.aerial === 'on' ? 'on' : 'off (no --bands)'}; threshold ${r.threshold.toFixed(1)} (${r.thresholdMethod}${r.seedThreshold === undefined ? '' : `, seed ${r.seedThreshold.toFixed(1)}`}), watched ${r.watchedPixels} px, observed in both dates ${r.observedPixels} px, decoded ${r.decodedBlocks}/${r.totalBlocks} blocks${r.resampled ? ', current resampled onto the baseline grid' : ''}`,
  ];
  return lines.join('\n');
}

/** --baseline B or --baselines B1,B2,… (one of them): the earlier tile(s) to compare against. */
export function baselinePathsFrom(args: ParsedArgs): string[] {
  const list = optionalString(args, 'baselines');
  if (list === undefined) return [requireString(args, 'baseline')];
  if (optionalString(args, 'baseline') !== undefined) throw new InputError('ARGS_INVALID', 'give --baseline or --baselines, not both');
  const paths = list.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (paths.length === 0) throw new InputError('ARGS_INVALID', '--baselines needs at least one path');
  if (paths.length > MAX_BASELINE_DEPTH) throw new InputError('ARGS_INVALID', `--baselines takes at most ${MAX_BASELINE_DEPTH} tiles`);
  return paths;
}

async function compositeOf(paths: readonly string[], args: ParsedArgs, config: Config): Promise<BaselineComposite> {
  const cacheDir = optionalString(args, 'baseline-cache') ?? config.baselineCacheDir;
  return buildBaselineComposite(paths.map((path) => ({ path, acquiredAt: acquisitionTimeFromName(path) })), { cacheDir });
}

/** The scan report with the tiles its median baseline was made of (a foreign member, RFC 7946). */
function withBaselines(report: ScanReport, composite: BaselineComposite): ScanReport & { baselines: unknown; baselineComposite: unknown } {
  return {
    ...report,
    baselines: composite.inputs.map(({ tileId, sha256, acquiredAt }) => ({ tileId, sha256, acquiredAt })),
    baselineComposite: { method: 'median', key: composite.key, path: composite.path, reused: composite.reused },
  };
}

function describeComposite(c: BaselineComposite): string {
  const tiles = c.inputs.map((i) => (i.acquiredAt ? `${i.tileId} (${i.acquiredAt.slice(0, 10)})` : i.tileId)).join(', ');
  return `  baseline: per-pixel median of ${c.inputs.length} tiles: ${tiles}; ${c.reused ? 'reused' : 'built'} ${c.path}`;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SCAN_FLAGS);
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  const baselinePaths = baselinePathsFrom(args);
  const currentPath = requireString(args, 'current');
  const out = requireString(args, 'out');
  // The BW_ settings first: a bad one fails before a median baseline is built or a block decoded.
  const config = loadConfig();
  const engine = engineFrom(config);
  const segments = await loadSegments(requireString(args, 'segments'));
  const zones = await loadZones(optionalString(args, 'authorised'));
  // One baseline: the tile itself, exactly as always. Several: their median, built or reused.
  const composite = baselinePaths.length > 1 ? await compositeOf(baselinePaths, args, config) : null;
  const baselinePath = composite?.path ?? baselinePaths[0]!;
  const result = await scanPair({
    baselinePath,
    currentPath,
    segments,
    zones,
    baselineAcquiredAt: isoFlag(args, 'baseline-date') ?? composite?.acquiredAt ?? acquisitionTimeFromName(baselinePath),
    currentAcquiredAt: isoFlag(args, 'current-date') ?? acquisitionTimeFromName(currentPath),
    params: scanParamsFrom(args),
    bandNames: bandNamesFrom(optionalString(args, 'bands')),
    flights: await loadFlights(optionalString(args, 'flights'), optionalString(args, 'tracks')),
    aerialIncludeSlow: Boolean(args.flags['aerial-include-slow']),
    homeSideName: optionalString(args, 'home-side') ?? 'Kazakhstan',
    engine,
  });
  await writeJsonFile(out, alertsFeatureCollection(result.candidates, [composite ? withBaselines(result.report, composite) : result.report]));
  if (!args.flags.quiet) {
    console.log(describeScan(result));
    if (composite) console.log(describeComposite(composite));
    if (result.candidates.length) console.log(`\n${summaryTable(result.candidates)}\n`);
    console.log(`wrote ${out}`);
  }
  return 0;
}
