// Entry point of the `borderwatch` command: picks a command module and maps failures to exit codes.
// Each command lives in commands/<name>.ts and exports `run(argv): Promise<number>`.
import { isInputError } from '../core/errors.js';
import { workersSetting } from '../config.js';
import { startPairThreadsEarly } from '../io/tiff/early-pair-threads.js';
import { EXIT_USAGE, exitCodeFor } from './exit-codes.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  demo: { summary: 'scan the bundled sample pairs (no services needed)', load: () => import('./commands/demo.js') },
  scan: { summary: 'scan one tile pair against border segments → alerts GeoJSON', load: () => import('./commands/scan.js') },
  batch: { summary: 'register a folder or STAC catalog of tiles, scan every pair (in-process, or on Redis with BW_REDIS_URL), summarise', load: () => import('./commands/batch.js') },
  worker: { summary: 'run queue workers (--role scan|alerts|all) on BW_REDIS_URL; one alerts worker owns the store', load: () => import('./commands/worker.js') },
  status: { summary: 'tiles by status, rejections, and queue counts/workers when BW_REDIS_URL is set', load: () => import('./commands/status.js') },
  tiles: { summary: 'tiles list [--status S] | tiles retry <id>: inspect the tile catalog, re-drive a rejected tile', load: () => import('./commands/tiles.js') },
  notify: { summary: 'deliver new/reopened alerts from the outbox to BW_WEBHOOK_URL, at least once, with an Idempotency-Key', load: () => import('./commands/notify.js') },
  alerts: { summary: 'list the alert queue, or export every alert as GeoJSON/CSV (store at BW_DB)', load: () => import('./commands/alerts.js') },
  bench: { summary: 'benchmark the scan on a synthetic pair: per-stage time, Mpx/s, peak RSS', load: () => import('./commands/bench.js') },
  'bench-scan': { summary: '(internal, used by bench) one benchmark run', load: () => import('./commands/bench-scan.js') },
  segments: { summary: 'segments build: cut a border line into segments with corridors and sides (GeoJSON)', load: () => import('./commands/segments.js') },
  eval: { summary: 'score a change-detection method on labelled pairs (P/R/F1/kappa/OA, markdown + JSON)', load: () => import('./commands/eval.js') },
  'aerial-eval': { summary: 'inject synthetic aircraft/drones/balloons/vehicles into Sentinel-2 pairs; report aerial detection rate and errors', load: () => import('./commands/aerial-eval.js') },
  serve: { summary: 'serve the API, OGC API Features (/ogc) and the dashboard on the store at BW_DB', load: () => import('./commands/serve.js') },
  tokens: { summary: 'create / list / revoke API tokens (analyst, operator, admin)', load: () => import('./commands/tokens.js') },
};

/** Commands that scan local pairs: their decode threads start before the command's own modules load. */
const SCANS_PAIRS = new Set(['scan', 'demo', 'bench-scan']);

/** BW_WORKERS as the config reads it; none when it is invalid (the command then reports that). */
function decodeThreadsWanted(env: NodeJS.ProcessEnv): number {
  try {
    return workersSetting(env);
  } catch {
    return 0;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: borderwatch <command> [options]', '', 'commands:', ...lines, '', 'borderwatch <command> --help for its options'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`borderwatch: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (SCANS_PAIRS.has(name) && !rest.includes('--help')) startPairThreadsEarly(decodeThreadsWanted(process.env));
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (isInputError(err)) {
      console.error(`borderwatch ${name}: rejected [${err.code}] ${err.message}`);
    } else {
      console.error(`borderwatch ${name}: internal error: ${(err as Error)?.stack ?? String(err)}`);
    }
    return exitCodeFor(err);
  }
}
