// `borderwatch tiles`: the tile catalog. `list` shows tiles (by status); `retry <id>` re-drives a
// rejected tile after an operator fixed it: back to `new`, and with BW_REDIS_URL its scan is
// queued again at once (embedded: the next `batch` run over its folder scans it).
import { loadConfig } from '../../config.js';
import { InputError } from '../../core/errors.js';
import { openProducerConnection } from '../../io/queue/connection.js';
import { alertJobId, SCAN_JOB } from '../../io/queue/names.js';
import { openQueues } from '../../io/queue/queues.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { TILE_STATUSES, type TileStatus } from '../../io/store/tile-catalog.js';
import { plannedScan } from '../../batch/distributed/redis-keys.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';

const HELP = `usage: borderwatch tiles list [--status new|queued|processing|done|rejected] [--limit N] [--json]
       borderwatch tiles retry <tile id>

list: tiles of the catalog in the store at BW_DB. retry: move a rejected tile back to 'new' and,
with BW_REDIS_URL, queue its scan again.`;

async function retry(id: string): Promise<number> {
  const config = loadConfig();
  const store = AlertStore.open(config.dbPath, { mustExist: true });
  try {
    const tile = store.getTile(id);
    if (!tile) throw new InputError('ARGS_INVALID', `no tile '${id}' in the catalog`);
    if (tile.status !== 'rejected') throw new InputError('ARGS_INVALID', `tile '${id}' is ${tile.status}; only rejected tiles are re-driven`);
    if (!config.redisUrl) {
      store.setTileStatus(id, 'new', new Date().toISOString());
      console.log(`${id}: back to new; run the batch over its folder again to scan it`);
      return 0;
    }
    const redis = await openProducerConnection(config.redisUrl);
    const queues = openQueues(config, redis);
    try {
      const job = await plannedScan(redis, config.queuePrefix, id);
      if (!job) throw new InputError('ARGS_INVALID', `tile '${id}' has no planned scan in this Redis; run its batch again`);
      // The finished jobs keep their ids (and would swallow the new add): remove them first.
      for (const old of [await queues.scan.getJob(job.jobId), await queues.alerts.getJob(alertJobId(job.jobId))]) await old?.remove();
      store.setTileStatus(id, 'new', new Date().toISOString());
      await queues.scan.add(SCAN_JOB, job, { jobId: job.jobId });
      store.setTileStatus(id, 'queued', new Date().toISOString());
      console.log(`${id}: queued again as ${job.jobId}`);
      return 0;
    } finally {
      await queues.close();
      redis.disconnect();
    }
  } finally {
    store.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { status: 'string', limit: 'number', json: 'boolean', help: 'boolean' });
  const [sub, id, ...extra] = args.positional;
  if (args.flags.help || !sub) {
    console.log(HELP);
    return sub || args.flags.help ? 0 : 64;
  }
  if (sub === 'retry') {
    if (!id || extra.length) throw new InputError('ARGS_INVALID', 'tiles retry needs exactly one tile id');
    return retry(id);
  }
  if (sub !== 'list') throw new InputError('ARGS_INVALID', `unknown tiles subcommand '${sub}' (list, retry)`);
  const status = optionalString(args, 'status');
  if (status !== undefined && !(TILE_STATUSES as readonly string[]).includes(status)) {
    throw new InputError('ARGS_INVALID', `--status must be one of ${TILE_STATUSES.join(', ')}`);
  }
  const store = AlertStore.open(loadConfig().dbPath, { mustExist: true });
  try {
    const limit = optionalNumber(args, 'limit') ?? 1000;
    const tiles = (status ? [status as TileStatus] : TILE_STATUSES).flatMap((s) => store.tilesByStatus(s, limit)).slice(0, limit);
    if (args.flags.json) console.log(JSON.stringify(tiles));
    else for (const t of tiles) console.log(`${t.id}\t${t.status}${t.rejectCode ? `\t${t.rejectCode}\t${t.rejectMessage ?? ''}` : ''}`);
    return 0;
  } finally {
    store.close();
  }
}
