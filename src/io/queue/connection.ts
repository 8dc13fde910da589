// Redis connections with the two behaviours BullMQ's production notes ask for: producers (the CLI)
// fail fast when Redis is down; workers wait and reconnect forever on their own.
import { Redis } from 'ioredis';

/** Redis could not be reached: an environment failure, reported with where we tried. */
export class QueueUnavailableError extends Error {
  constructor(readonly redisUrl: string, cause: string) {
    super(`cannot reach Redis at ${redactUrl(redisUrl)}: ${cause} (is redis-server running? check BW_REDIS_URL)`);
    this.name = 'QueueUnavailableError';
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/**
 * A producer connection: no offline queue, no reconnect, short timeouts, and a PING before use so
 * a down Redis is reported within ~2 s instead of hanging the command.
 */
export async function openProducerConnection(url: string, timeoutMs = 2000): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // ioredis emits 'error' on a failed connect; without a listener Node would print it as unhandled.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new QueueUnavailableError(url, (err as Error).message || String(err));
  }
  // Fail fast applies to starting a batch. Once it is running, a Redis restart (a crash replayed
  // from its AOF) must not kill the waiting producer: reconnect, and let callers retry.
  redis.options.retryStrategy = (times: number) => Math.min(250 * 2 ** Math.max(0, times - 1), 5000);
  return redis;
}

/** A worker connection: blocking commands allowed, commands wait while Redis is away, reconnect forever. */
export function openWorkerConnection(url: string, onError: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // BullMQ's own policy: exponential from 1 s, capped at 20 s, forever.
    retryStrategy: (times: number) => Math.min(1000 * 2 ** Math.max(0, times - 1), 20_000),
  });
  redis.on('error', onError);
  return redis;
}
