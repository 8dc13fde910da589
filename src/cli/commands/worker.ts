// `borderwatch worker`: a long-running queue worker (needs BW_REDIS_URL). `--role scan` (default)
// scans tile pairs — start any number, on any machine; `--role alerts` is the one process next
// to the store (BW_DB) that applies outcomes and runs the reconciler. SIGTERM/SIGINT: stop taking
// jobs, let active ones finish within BW_SHUTDOWN_GRACE_MS, hand back the rest, exit 0.
import { loadConfig, type Config } from '../../config.js';
import { InputError } from '../../core/errors.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { startAlertWorker } from '../../batch/distributed/alert-worker.js';
import { startScanWorker, type RunningWorker, type WorkerLog } from '../../batch/distributed/scan-worker.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';

const HELP = `usage: borderwatch worker [--role scan|alerts|all] [--threads N] [--quiet]

Processes the batch queues on the Redis at BW_REDIS_URL. scan: tile pairs on N worker threads
(default BW_WORKERS = every core); alerts: applies scan outcomes to the store at BW_DB (run one);
all: both in this process. Logs one JSON line per event on stderr.`;

const FLAGS = { role: 'string', threads: 'number', quiet: 'boolean', help: 'boolean' } as const;
const ROLES = ['scan', 'alerts', 'all'] as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  const role = optionalString(args, 'role') ?? 'scan';
  if (!(ROLES as readonly string[]).includes(role)) throw new InputError('ARGS_INVALID', `--role must be one of ${ROLES.join(', ')}`);
  const threads = optionalNumber(args, 'threads');
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new InputError('ARGS_INVALID', '--threads must be a positive integer');
  const config: Config = { ...loadConfig(), ...(threads ? { workers: threads } : {}) };
  if (!config.redisUrl) throw new InputError('CONFIG_INVALID', 'borderwatch worker needs BW_REDIS_URL (without it, batch runs in-process)');

  const quiet = Boolean(args.flags.quiet);
  const log: WorkerLog = (event, detail) => {
    if (!quiet || event.endsWith('error')) process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, event, ...detail })}\n`);
  };
  const running: RunningWorker[] = [];
  let store: AlertStore | null = null;
  if (role === 'alerts' || role === 'all') {
    store = AlertStore.open(config.dbPath);
    running.push(await startAlertWorker(config, store, () => new Date().toISOString(), log));
  }
  if (role === 'scan' || role === 'all') running.push(await startScanWorker(config, log));
  log('started', { role, threads: config.workers });

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log('stopping', { signal, graceMs: config.shutdownGraceMs });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await Promise.all(running.map((w) => w.close(config.shutdownGraceMs)));
  store?.close();
  log('stopped');
  return 0;
}
