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
