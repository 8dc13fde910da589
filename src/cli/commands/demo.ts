// `borderwatch demo`: the main job on the bundled sample pairs, no services needed.
// Each folder of data/samples/pairs/ holds a pair.json naming its tiles, segments and zones.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.js';
import { readJsonFile, writeJsonFile } from '../../io/json-file.js';
import { alertsFeatureCollection } from '../../pipeline/alerts-geojson.js';
import { scanPair } from '../../pipeline/scan.js';
import { summaryTable } from '../../pipeline/summary-table.js';
import { parseArgs, optionalString } from '../args.js';
import { describeScan, loadSegments, loadZones } from './scan.js';

/** The project root, from src/cli/commands or dist/cli/commands alike. */
export const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const SAMPLE_PAIRS_DIR = join(PROJECT_ROOT, 'data', 'samples', 'pairs');

export interface SamplePair {
  readonly name: string;
  readonly dir: string;
  readonly baseline: string;
  readonly current: string;
  readonly segments: string;
  readonly authorised?: string;
  readonly baselineDate: string | null;
  readonly currentDate: string | null;
  readonly note: string;
}

export async function listSamplePairs(dir = SAMPLE_PAIRS_DIR): Promise<SamplePair[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const pairs: SamplePair[] = [];
  for (const name of names) {
    const j = (await readJsonFile(join(dir, name, 'pair.json'), 'ARGS_INVALID')) as Record<string, string | undefined>;
    if (!j.baseline || !j.current || !j.segments) throw new InputError('ARGS_INVALID', `${name}/pair.json needs baseline, current and segments`);
    pairs.push({
      name,
      dir: join(dir, name),
      baseline: join(dir, name, j.baseline),
      current: join(dir, name, j.current),
      segments: join(dir, name, j.segments),
      ...(j.authorised ? { authorised: join(dir, name, j.authorised) } : {}),
      baselineDate: j.baseline_date ? new Date(j.baseline_date).toISOString() : null,
      currentDate: j.current_date ? new Date(j.current_date).toISOString() : null,
      note: j.note ?? '',
    });
  }
  return pairs;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { out: 'string', help: 'boolean' });
  if (args.flags.help) {
    console.log('usage: borderwatch demo [--out DIR]\n\nScans every bundled sample pair (data/samples/pairs) and writes <pair>.alerts.geojson to DIR (default ./borderwatch-demo).');
    return 0;
  }
  const outDir = optionalString(args, 'out') ?? 'borderwatch-demo';
  const pairs = await listSamplePairs();
  let total = 0;
  for (const pair of pairs) {
    const started = performance.now();
    const result = await scanPair({
      baselinePath: pair.baseline,
      currentPath: pair.current,
      segments: await loadSegments(pair.segments),
      zones: await loadZones(pair.authorised),
      baselineAcquiredAt: pair.baselineDate,
      currentAcquiredAt: pair.currentDate,
    });
    const out = join(outDir, `${pair.name}.alerts.geojson`);
    await writeJsonFile(out, alertsFeatureCollection(result.candidates, [result.report]));
    total += result.candidates.length;
    console.log(`\n== ${pair.name} — ${pair.note}`);
    console.log(describeScan(result));
    console.log(`  ${((performance.now() - started) / 1000).toFixed(2)} s → ${out}`);
    if (result.candidates.length) console.log(`\n${summaryTable(result.candidates, 12)}`);
  }
  console.log(`\n${pairs.length} pair(s) scanned, ${total} alert candidate(s); GeoJSON in ${outDir}/ (open in QGIS, or ogrinfo)`);
  return 0;
}
