// `borderwatch notify`: delivers new and reopened alerts from the store's outbox (BW_DB) to the
// webhook at BW_WEBHOOK_URL, at least once, each with an Idempotency-Key. For operators who run
// `batch` in embedded mode; `serve` and the alert worker do the same in the background.
import { loadConfig } from '../../config.js';
import { InputError } from '../../core/errors.js';
import { notifierBackoff } from '../../io/notify/from-config.js';
import { notifierLease } from '../../io/notify/notifier-lease.js';
import { runNotifierLoop } from '../../io/notify/notifier-loop.js';
import { WebhookNotifier, type NotifierLog } from '../../io/notify/webhook-notifier.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { outboxCounts } from '../../io/store/outbox.js';
import { optionalNumber, parseArgs } from '../args.js';
import { EXIT_UNAVAILABLE } from '../exit-codes.js';

const HELP = `usage: borderwatch notify [--once] [--poll-ms N] [--timeout-ms N] [--quiet]

POSTs every new and reopened alert recorded in the store at $BW_DB to $BW_WEBHOOK_URL, oldest
first, as JSON ({event: new|reopened, idempotencyKey, recordedAt, alert: {…summary, link}}) with
an Idempotency-Key header. A row is marked sent only after a 2xx, so a crash can resend it (same
key: receivers should drop repeats). 408, 429, 5xx and network errors are retried with
exponential backoff from $BW_BACKOFF_MS (jittered, at most 5 min); any other 4xx refuses the row
for good. One notifier per store sends at a time; others stand by.
  --once        drain what is pending and exit: 0 when the outbox is empty, ${EXIT_UNAVAILABLE} when the
                receiver failed and rows remain
  --poll-ms     how often to look for new rows when running (default 2000)
  --timeout-ms  per-request timeout (default 10000)
Logs one JSON line per delivery on stderr; prints the outbox counts at the end.`;

const FLAGS = { once: 'boolean', 'poll-ms': 'number', 'timeout-ms': 'number', quiet: 'boolean', help: 'boolean' } as const;

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InputError('ARGS_INVALID', `--${name} must be a positive integer`);
  return value;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) return (console.log(HELP), 0);
  if (args.positional.length) throw new InputError('ARGS_INVALID', `unexpected argument '${args.positional[0]}'`);
  const pollMs = positiveInteger(optionalNumber(args, 'poll-ms'), 'poll-ms', 2000);
  const timeoutMs = positiveInteger(optionalNumber(args, 'timeout-ms'), 'timeout-ms', 10_000);
  const config = loadConfig();
  if (!config.webhookUrl) throw new InputError('CONFIG_INVALID', 'borderwatch notify needs BW_WEBHOOK_URL (where to POST alerts)');

  const quiet = Boolean(args.flags.quiet);
  const log: NotifierLog = (event, detail) => {
    if (!quiet || event !== 'notify-sent') process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, event, ...detail })}\n`);
  };
  const store = AlertStore.open(config.dbPath, { mustExist: true });
  const lease = notifierLease(config.dbPath);
  const notifier = new WebhookNotifier(store, {
    url: config.webhookUrl, timeoutMs, backoff: notifierBackoff(config), log,
  });
  try {
    if (args.flags.once) {
      if (!lease.tryAcquire()) {
        console.error('borderwatch notify: another notifier is delivering this store\'s outbox; nothing to do');
        return 0;
      }
      const result = await notifier.drain();
      console.log(JSON.stringify({ ...result, outbox: outboxCounts(store.db) }));
      return result.retryInMs === null ? 0 : EXIT_UNAVAILABLE;
    }
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    log('notify-started', { pollMs, timeoutMs });
    await runNotifierLoop(notifier, lease, { pollMs, signal: abort.signal, log });
    console.log(JSON.stringify({ outbox: outboxCounts(store.db) }));
    return 0;
  } finally {
    lease.release();
    store.close();
  }
}
