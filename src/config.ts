// Environment → typed settings, validated once at start (prefix BW_). Everything else receives a
// Config; nothing below the command line reads process.env itself.
import { accessSync, constants, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError } from './core/errors.js';
import { diskSpillDir, isMemoryFilesystem } from './io/term-spill.js';
import { DEFAULT_SCAN_MEMORY_MB } from './pipeline/scan-budget.js';

export interface Config {
  /** SQLite alert store file (BW_DB). */
  readonly dbPath: string;
  /** Redis for distributed mode (BW_REDIS_URL); null = embedded, in-process. */
  readonly redisUrl: string | null;
  /** Key prefix of our BullMQ queues (BW_QUEUE_PREFIX), so tests and tenants can share a Redis. */
  readonly queuePrefix: string;
  /** Scan threads per process (BW_WORKERS); default: every core. */
  readonly workers: number;
  /**
   * Memory budget of one scan in MiB (BW_MAX_MEMORY_MB, default 512): bounds the strips, kept terms
   * and blocks a streamed scan keeps in flight. Not counted in it: the product default's few
   * window-wide row buffers and its one scratch strip, as wide as the widest strip's watched spans
   * (window-rows.ts). A batch scan thread's JS heap is capped at twice it.
   */
  readonly maxMemoryMb: number;
  /** Where new/reopened alerts are posted (BW_WEBHOOK_URL); null = no webhook. */
  readonly webhookUrl: string | null;
  /** Scan job attempts for transient failures (BW_ATTEMPTS). */
  readonly attempts: number;
  /** First retry delay; doubles each attempt, with jitter (BW_BACKOFF_MS). */
  readonly backoffMs: number;
  /** BullMQ job lock; renewed at half of it (BW_LOCK_MS). */
  readonly lockMs: number;
  /** How often BullMQ looks for stalled jobs (BW_STALLED_INTERVAL_MS). */
  readonly stalledIntervalMs: number;
  /** How many stalls a job survives before it fails (BW_MAX_STALLED); at least 2. */
  readonly maxStalledCount: number;
  /** SIGTERM: how long active jobs may finish before the worker exits (BW_SHUTDOWN_GRACE_MS). */
  readonly shutdownGraceMs: number;
  /** How often the reconciler re-drives tiles with no terminal state (BW_RECONCILE_MS). */
  readonly reconcileMs: number;
  /** Earlier tiles whose per-pixel median is a batch tile's baseline (BW_BASELINE_DEPTH); 1 = the tile before. */
  readonly baselineDepth: number;
  /** Folder of cached multi-date baseline composites (BW_BASELINE_CACHE). */
  readonly baselineCacheDir: string;
  /**
   * Where a streamed scan may spill per-pixel terms that do not fit its budget (BW_SPILL_DIR, an
   * existing writable folder; default /var/tmp, else the OS temp dir).
   */
  readonly spillDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError('CONFIG_INVALID', `${name} must be an integer ≥ ${min}, got '${raw}'`, { name });
  }
  return n;
}

function url(env: Env, name: string, protocols: readonly string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new InputError('CONFIG_INVALID', `${name} is not a URL: '${raw}'`, { name });
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new InputError('CONFIG_INVALID', `${name} must use ${protocols.join(' or ')}, got '${parsed.protocol}'`, { name });
  }
  return raw;
}

/** A median baseline holds at most 255 dates (its per-pixel observation count is one byte). */
export const MAX_BASELINE_DEPTH = 255;

function baselineDepth(env: Env): number {
  const depth = integer(env, 'BW_BASELINE_DEPTH', 1, 1);
  if (depth > MAX_BASELINE_DEPTH) throw new InputError('CONFIG_INVALID', `BW_BASELINE_DEPTH must be at most ${MAX_BASELINE_DEPTH}, got ${depth}`, { name: 'BW_BASELINE_DEPTH' });
  return depth;
}

/** Scan threads per process (BW_WORKERS): every core unless set; CONFIG_INVALID unless an integer ≥ 1. */
export function workersSetting(env: Env): number {
  return integer(env, 'BW_WORKERS', availableParallelism(), 1);
}

/**
 * BW_SPILL_DIR is used deep into a scan, after the decoding, and a folder that cannot take the
 * spill only makes the scan recompute its terms on every pass (~50 s each on a whole 10980² tile):
 * a typo would cost minutes without a word. So a set value must be a writable folder on a disk now
 * (the scan never spills to a tmpfs, where the terms would be memory the budget does not see).
 */
function spillDir(env: Env): string {
  const dir = env.BW_SPILL_DIR?.trim();
  if (!dir) return diskSpillDir();
  const refuse = (what: string): InputError =>
    new InputError('CONFIG_INVALID', `BW_SPILL_DIR '${dir}' ${what}: it must be an existing writable folder on a disk (the default rule spills window terms there when they do not fit the memory budget)`, { name: 'BW_SPILL_DIR' });
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw refuse('does not exist');
  }
  if (!isFolder) throw refuse('is not a folder');
  try {
    // Creating the spill's folder inside it needs write and search permission.
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw refuse('is not writable');
  }
  if (isMemoryFilesystem(dir)) throw refuse('is on a memory filesystem (tmpfs)');
  return dir;
}

export function loadConfig(env: Env = process.env): Config {
  const prefix = env.BW_QUEUE_PREFIX?.trim() || 'bw';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(prefix)) {
    throw new InputError('CONFIG_INVALID', `BW_QUEUE_PREFIX must be 1-64 letters, digits, '-' or '_', got '${prefix}'`);
  }
  return {
    dbPath: env.BW_DB?.trim() || './borderwatch.db',
    redisUrl: url(env, 'BW_REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: prefix,
    workers: workersSetting(env),
    maxMemoryMb: integer(env, 'BW_MAX_MEMORY_MB', DEFAULT_SCAN_MEMORY_MB, 64),
    webhookUrl: url(env, 'BW_WEBHOOK_URL', ['http:', 'https:']),
    attempts: integer(env, 'BW_ATTEMPTS', 5, 1),
    backoffMs: integer(env, 'BW_BACKOFF_MS', 2000, 0),
    lockMs: integer(env, 'BW_LOCK_MS', 60_000, 500),
    stalledIntervalMs: integer(env, 'BW_STALLED_INTERVAL_MS', 15_000, 100),
    // BullMQ's default of 1 loses a tile that stalls twice (RELIABILITY.md): never below 2.
    maxStalledCount: integer(env, 'BW_MAX_STALLED', 3, 2),
    shutdownGraceMs: integer(env, 'BW_SHUTDOWN_GRACE_MS', 30_000, 0),
    reconcileMs: integer(env, 'BW_RECONCILE_MS', 60_000, 100),
    baselineDepth: baselineDepth(env),
    baselineCacheDir: env.BW_BASELINE_CACHE?.trim() || './borderwatch-baselines',
    spillDir: spillDir(env),
  };
}
