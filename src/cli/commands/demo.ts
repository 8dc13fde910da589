// `borderwatch demo`: the main job on the bundled sample pairs, no services needed.
// Each folder of data/samples/pairs/ holds a pair.json naming its tiles, segments and zones.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../io/project-root.js';
import { InputError } from '../../core/errors.js';
import { readJsonFile, writeJsonFile } from '../../io/json-file.js';
import { alertsFeatureCollection } from '../../pipeline/alerts-geojson.js';
import { scanPair } from '../../pipeline/scan.js';
import { summaryTable } from '../../pipeline/summary-table.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { recordScan } from '../../pipeline/record-scan.js';
import { parseArgs, optionalString } from '../args.js';
import { storePath } from './alerts.js';
import { describeScan, loadSegments, loadZones, scanEngine } from './scan.js';

export { PROJECT_ROOT };
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
  /** Sentinel-2 band names of the tiles (turns the aerial detector on), when the pair says. */
  readonly bands?: string[];
}

export async function listSamplePairs(dir = SAMPLE_PAIRS_DIR): Promise<SamplePair[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const pairs: SamplePair[] = [];
  for (const name of names) {
    const j = (await readJsonFile(join(dir, name, 'pair.json'), 'ARGS_INVALID')) as Record<string, string | undefined> & { bands?: string[] };
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
      ...(j.bands ? { bands: j.bands } : {}),
    });
  }
  return pairs;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { out: 'string', db: 'string', help: 'boolean' });
  if (args.flags.help) {
    console.log('usage: borderwatch demo [--out DIR] [--db FILE]\n\nScans every bundled sample pair (data/samples/pairs), writes <pair>.alerts.geojson to DIR\n(default ./borderwatch-demo) and records the alerts in the store (default BW_DB or ./borderwatch.db),\nwhere `borderwatch serve` shows them to analysts. Running it again adds no alert.');
    return 0;
  }
  const outDir = optionalString(args, 'out') ?? 'borderwatch-demo';
  const dbPath = optionalString(args, 'db') ?? storePath();
  // The BW_ settings first, once: a bad one fails before the store is opened or a pair read.
  const engine = scanEngine();
  const pairs = await listSamplePairs();
  const store = AlertStore.open(dbPath);
  let total = 0;
  const tally = { created: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 0 };
  try {
  for (const pair of pairs) {
    const started = performance.now();
    const segments = await loadSegments(pair.segments);
    const result = await scanPair({
      baselinePath: pair.baseline,
      currentPath: pair.current,
      segments,
      zones: await loadZones(pair.authorised),
      baselineAcquiredAt: pair.baselineDate,
      currentAcquiredAt: pair.currentDate,
      ...(pair.bands ? { bandNames: pair.bands } : {}),
      engine,
    });
    const out = join(outDir, `${pair.name}.alerts.geojson`);
    await writeJsonFile(out, alertsFeatureCollection(result.candidates, [result.report]));
    total += result.candidates.length;
    const recorded = recordScan(store, { footprint: pair.name, segments, result, baselinePath: pair.baseline, currentPath: pair.current, now: new Date().toISOString(), actor: 'demo' });
    for (const k of Object.keys(tally) as (keyof typeof tally)[]) tally[k] += recorded[k];
    console.log(`\n== ${pair.name} — ${pair.note}`);
    console.log(describeScan(result));
    console.log(`  ${((performance.now() - started) / 1000).toFixed(2)} s → ${out}`);
    if (result.candidates.length) console.log(`\n${summaryTable(result.candidates, 12)}`);
  }
  } finally {
    store.close();
  }
  console.log(`\n${pairs.length} pair(s) scanned, ${total} alert candidate(s); GeoJSON in ${outDir}/ (open in QGIS, or ogrinfo)`);
  console.log(`store ${dbPath}: ${tally.created} new, ${tally.updated} updated, ${tally.reopened} reopened, ${tally.suppressed} suppressed, ${tally.unchanged} unchanged`);
  console.log('review them: `npx borderwatch tokens create --role analyst` then `npx borderwatch serve` and open the address it prints');
  return 0;
}
