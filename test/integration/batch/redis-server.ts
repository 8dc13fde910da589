// A real redis-server for a test: free loopback port, its own temp dir, AOF on, stopped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > until) throw new Error(`redis-server at ${url} did not start`);
      await new Promise((res) => setTimeout(res, 50));
    } finally {
      r.disconnect();
    }
  }
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '',
    '--maxmemory-policy', 'noeviction',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const url = `redis://127.0.0.1:${port}`;
  await waitReady(url, 5000);
  return {
    url,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CrashableRedis extends TestRedis {
  /** SIGKILL the server (no shutdown, no final fsync beyond AOF's everysec policy). */
  crash(): Promise<void>;
  /** Start it again on the same port and data directory: it replays its AOF. */
  restart(): Promise<void>;
}

/** A redis-server that a test can kill -9 and bring back with its data (AOF on, fsync every write). */
export async function startCrashableRedis(): Promise<CrashableRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always',
      '--save', '', '--maxmemory-policy', 'noeviction',
    ], { stdio: 'ignore' });
    exited = new Promise<void>((res) => child.once('exit', () => res()));
    await waitReady(url, 5000);
  };
  await launch();
  return {
    url,
    port,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    restart: launch,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
