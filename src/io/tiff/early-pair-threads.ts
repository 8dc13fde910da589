// Decode threads started before the pair they will read is known. A command that is about to scan
// starts them first thing, so each thread's own start-up (~0.1 s: a Node environment, the entry's
// modules, the kernel) overlaps the command's (its modules, the segments, opening both tiles)
// instead of delaying the first strip: on the 10,980² corridor benchmark the main thread waited
// ~80-100 ms for it. The next pair pool of the same size adopts them and hands them their files.
// Idle, they do not keep the process alive; a scan that decodes without them stops them.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/start-module-worker.js';

/** Each decode thread's old-generation cap (its heap holds a block or two of both dates). */
const PAIR_THREAD_HEAP_MB = 256;

interface EarlyThreads {
  readonly workers: Worker[];
  exited: boolean;
}

let early: EarlyThreads | null = null;

/** A pair-block thread with no files yet: it opens them when a pool posts `{ open: files }`. */
export function startPairThread(workerData: Record<string, unknown>): Worker {
  return startModuleWorker(import.meta.url, 'pair-thread', { resourceLimits: { maxOldGenerationSizeMb: PAIR_THREAD_HEAP_MB }, workerData: { role: 'borderwatch-pair-blocks', ...workerData } });
}

/** Starts `threads` decode threads for the next pool to adopt (no-op if some are already waiting). */
export function startPairThreadsEarly(threads: number): void {
  if (early || threads <= 0) return;
  const waiting: EarlyThreads = { workers: [], exited: false };
  for (let k = 0; k < threads; k++) {
    const worker = startPairThread({});
    worker.unref();
    // A thread that dies before it is adopted is not adopted: the pool starts fresh ones.
    worker.on('error', () => undefined);
    worker.once('exit', () => { waiting.exited = true; });
    waiting.workers.push(worker);
  }
  early = waiting;
}

/** Stops any waiting threads: a scan that will not use them (in memory, or decoding on its own thread). */
export function discardEarlyPairThreads(): void {
  const waiting = early;
  early = null;
  for (const w of waiting?.workers ?? []) void w.terminate();
}

/**
 * The waiting threads, if there are exactly `threads` of them and all alive:
 * they are the caller's from now on (referenced again, so they keep the process alive while in use).
 * Otherwise null, and any waiting threads are stopped.
 */
export function adoptPairThreads(threads: number): Worker[] | null {
  const waiting = early;
  early = null;
  if (!waiting) return null;
  if (waiting.exited || waiting.workers.length !== threads) {
    for (const w of waiting.workers) void w.terminate();
    return null;
  }
  for (const w of waiting.workers) {
    w.removeAllListeners('error');
    w.removeAllListeners('exit');
    w.ref();
  }
  return waiting.workers;
}
