// `borderwatch status`: tiles by status (store at BW_DB), the latest rejections with their codes,
// and with BW_REDIS_URL the queue counts and connected workers.
import { loadConfig } from '../../config.js';
import { openProducerConnection, QueueUnavailableError } from '../../io/queue/connection.js';
import { openQueues } from '../../io/queue/queues.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { TILE_STATUSES } from '../../io/store/tile-catalog.js';
import { parseArgs } from '../args.js';

const HELP = `usage: borderwatch status [--json]

Tiles by status and recent rejections from the store at BW_DB; with BW_REDIS_URL also the scan and
alerts queue counts and how many workers are connected to each.`;

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused'] as const;

export interface QueueStatus {
  readonly counts: Record<string, number>;
  readonly workers: number;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', help: 'boolean' });
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  const store = AlertStore.open(config.dbPath, { mustExist: true });
  const tiles = store.tileCounts();
  const rejected = store.tilesByStatus('rejected', 20).map((t) => ({ id: t.id, code: t.rejectCode, message: t.rejectMessage }));
  store.close();

  let queues: Record<string, QueueStatus> | null = null;
  let queueError: string | null = null;
  if (config.redisUrl) {
    try {
      const redis = await openProducerConnection(config.redisUrl);
      const q = openQueues(config, redis);
      queues = {};
      for (const queue of [q.scan, q.alerts]) {
        queues[queue.name] = { counts: await queue.getJobCounts(...JOB_STATES), workers: (await queue.getWorkers()).length };
      }
      await q.close();
      redis.disconnect();
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
      queueError = err.message;
    }
  }

  if (args.flags.json) {
    console.log(JSON.stringify({ tiles, rejected, queues, queueError }));
  } else {
    console.log(`tiles     ${TILE_STATUSES.map((s) => `${s} ${tiles[s]}`).join(', ')}`);
    if (queues) {
      for (const [name, s] of Object.entries(queues)) {
        console.log(`queue ${name.padEnd(7)} ${JOB_STATES.map((k) => `${k} ${s.counts[k] ?? 0}`).join(', ')}; workers ${s.workers}`);
      }
    } else if (queueError) console.log(`queues    unavailable: ${queueError}`);
    else console.log('queues    none (embedded mode: BW_REDIS_URL is not set)');
    for (const r of rejected) console.log(`rejected  ${r.id}: ${r.code} ${r.message ?? ''}`);
  }
  return queueError ? 69 : 0;
}
