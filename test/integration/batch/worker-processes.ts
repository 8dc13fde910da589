// Scan and alert workers as real child processes (the entry points in workers/), for the chaos and
// crash tests: spawned with the test's BW_* environment, tracked so the test can kill them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export class WorkerProcesses {
  readonly children = new Set<ChildProcess>();
  constructor(private readonly env: () => Record<string, string>) {}

  spawn(role: 'scan' | 'alert'): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'workers', `${role}-worker.ts`), '--quiet'], {
      cwd: ROOT, env: { ...process.env, ...this.env() }, stdio: ['ignore', 'ignore', process.env.BW_CHAOS_LOG ? 'inherit' : 'ignore'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  killAll(signal: NodeJS.Signals): void {
    for (const c of this.children) c.kill(signal);
  }
}

/**
 * BW_* settings for killing workers mid-batch: short locks so a killed worker's job comes back in
 * about a second; generous attempts and stall allowance so kills (not the tiles) never exhaust them.
 */
export function fastRecoveryEnv(dbPath: string, redisUrl: string, queuePrefix: string): Record<string, string> {
  return {
    BW_DB: dbPath, BW_REDIS_URL: redisUrl, BW_QUEUE_PREFIX: queuePrefix, BW_WORKERS: '1',
    BW_LOCK_MS: '1000', BW_STALLED_INTERVAL_MS: '300', BW_MAX_STALLED: '50', BW_ATTEMPTS: '50', BW_BACKOFF_MS: '100',
    BW_RECONCILE_MS: '1000', BW_SHUTDOWN_GRACE_MS: '1000',
  };
}
