// `borderwatch batch`: register a folder or STAC catalog of tiles, pair each with its baseline,
// scan every pair (in-process, or on the BullMQ queues when BW_REDIS_URL is set), summarise.
import { loadConfig, MAX_BASELINE_DEPTH, type Config } from '../../config.js';
import { InputError } from '../../core/errors.js';
import { QueueUnavailableError } from '../../io/queue/connection.js';
import type { BatchRunner } from '../../io/queue/runner.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { DistributedRunner } from '../../batch/distributed/producer.js';
import { InProcessRunner } from '../../batch/in-process-runner.js';
import { runBatch } from '../../batch/run-batch.js';
import { loadSegmentSet } from '../../batch/segment-set.js';
import { formatSummary } from '../../batch/summary.js';
import { optionalNumber, optionalString, parseArgs, requireString } from '../args.js';
import { scanParamsFrom, bandNamesFrom } from './scan.js';

const HELP = `usage: borderwatch batch <folder | catalog.json> --segments S.geojson [--authorised Z.geojson]
                         [--measure cva-agree|cva+mean3|cva|log-ratio] [--threshold hysteresis|otsu|<number>] [--min-area-m2 N] [--no-normalise]
                         [--bands B02,B03,B04,B08]  (Sentinel-2 band names: turns on the aerial detector)
                         [--baseline-depth N] [--workers N] [--detach] [--json]

Registers every tile (a folder of <footprint>/<acquisition date>.tif, or a STAC ItemCollection) in
the tile catalog of the store at BW_DB, pairs each with the tile before it in its footprint, scans
all pairs and prints a summary. Without BW_REDIS_URL the scans run in-process on worker threads
(BW_WORKERS, default every core); with it they go to the 'scan' queue for 'borderwatch worker'
processes, and the command waits for them (unless --detach).
--baseline-depth N (BW_BASELINE_DEPTH, default 1) scans each tile against the per-pixel median of
N earlier tiles of its footprint: the N most recent within ±45 days of its day of year (any year)
when N such exist, else the N most recent (fewer when fewer exist). Medians are cached as GeoTIFFs
in BW_BASELINE_CACHE (default ./borderwatch-baselines), each with a .json naming its tiles.
Exit code 0 when every tile is done or rejected with a code; 75 when tiles are still pending.`;

const FLAGS = {
  segments: 'string', authorised: 'string', bands: 'string', threshold: 'string', measure: 'string', 'min-area-m2': 'number', 'no-normalise': 'boolean',
  workers: 'number', 'baseline-depth': 'number', detach: 'boolean', json: 'boolean', help: 'boolean',
} as const;

/** Redis unreachable (sysexits EX_UNAVAILABLE); tiles not finished yet (EX_TEMPFAIL). */
const EXIT_UNAVAILABLE = 69;
const EXIT_PENDING = 75;

function runnerFor(config: Config, store: AlertStore, detach: boolean): BatchRunner {
  const now = () => new Date().toISOString();
  if (config.redisUrl) return new DistributedRunner(config, store, { detach, now });
  return new InProcessRunner(store, {
    threads: config.workers, maxMemoryMb: config.maxMemoryMb, attempts: config.attempts, backoffMs: config.backoffMs, now,
    baselineCacheDir: config.baselineCacheDir,
    spillDir: config.spillDir,
  });
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  if (args.positional.length !== 1) throw new InputError('ARGS_INVALID', 'batch needs exactly one folder or catalog file');
  const workers = optionalNumber(args, 'workers');
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new InputError('ARGS_INVALID', '--workers must be a positive integer');
  const depth = optionalNumber(args, 'baseline-depth');
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 1 && depth <= MAX_BASELINE_DEPTH)) {
    throw new InputError('ARGS_INVALID', `--baseline-depth must be an integer from 1 to ${MAX_BASELINE_DEPTH}`);
  }
  const config: Config = { ...loadConfig(), ...(workers ? { workers } : {}), ...(depth ? { baselineDepth: depth } : {}) };
  const segmentSet = await loadSegmentSet(requireString(args, 'segments'), optionalString(args, 'authorised'));
  const params = scanParamsFrom(args);
  const store = AlertStore.open(config.dbPath);
  const runner = runnerFor(config, store, Boolean(args.flags.detach));
  try {
    const bandNames = bandNamesFrom(optionalString(args, 'bands'));
    const summary = await runBatch({ input: args.positional[0]!, segmentSet, params, baselineDepth: config.baselineDepth, ...(bandNames ? { bandNames } : {}) }, {
      store, runner, now: () => new Date().toISOString(), clockMs: () => performance.now(), progress: process.stderr,
    });
    console.log(args.flags.json ? JSON.stringify(summary) : formatSummary(summary));
    return summary.pending > 0 ? EXIT_PENDING : 0;
  } catch (err) {
    if (!(err instanceof QueueUnavailableError)) throw err;
    console.error(`borderwatch batch: ${err.message}`);
    return EXIT_UNAVAILABLE;
  } finally {
    await runner.close();
    store.close();
  }
}
