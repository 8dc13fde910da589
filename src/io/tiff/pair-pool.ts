// A pool of worker threads decoding block pairs (PERFORMANCE.md: inflateSync in worker_threads
// scales ~1.9× on 2 cores; libuv's async zlib only ~1.4×). threads = 0 runs tasks inline.
import type { Worker } from 'node:worker_threads';
import { adoptPairThreads, discardEarlyPairThreads, startPairThread } from './early-pair-threads.js';
import { InputError, type InputErrorCode } from '../../core/errors.js';
import { PairBlockWorker, type PairBlockResult, type PairBlockTask, type PairFiles } from './pair-blocks.js';

type Reply =
  | { ok: true; result: PairBlockResult }
  | { ok: false; id: number; code: InputErrorCode | null; message: string; detail?: Record<string, unknown> };

interface Pending { resolve: (r: PairBlockResult) => void; reject: (e: Error) => void }

/** Tasks posted ahead per thread, so a thread never idles waiting for the next message. */
const AHEAD = 2;

export class PairBlockPool {
  private readonly threads: { worker: Worker; busy: number; exited: boolean }[] = [];
  private readonly inline: PairBlockWorker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: PairBlockTask[] = [];
  private failure: Error | null = null;
  /** Whether its threads are ones a command started early (early-pair-threads.ts). */
  readonly startedEarly: boolean = false;

  constructor(files: PairFiles, threads: number) {
    if (threads <= 0) {
      discardEarlyPairThreads();
      this.inline = new PairBlockWorker(files);
      return;
    }
    // Threads a command started early (early-pair-threads.ts) are told their files by message.
    const early = adoptPairThreads(threads);
    this.startedEarly = early !== null;
    for (let k = 0; k < threads; k++) {
      const worker = early?.[k] ?? startPairThread({ files });
      if (early) worker.postMessage({ open: files });
      const slot = { worker, busy: 0, exited: false };
      slot.worker.on('message', (reply: Reply) => {
        slot.busy--;
        const id = reply.ok ? reply.result.id : reply.id;
        const p = this.pending.get(id);
        this.pending.delete(id);
        if (reply.ok) p?.resolve(reply.result);
        else p?.reject(reply.code ? new InputError(reply.code, reply.message, reply.detail) : new Error(reply.message));
        this.pump();
      });
      slot.worker.on('error', (err) => this.fail(err));
      slot.worker.on('exit', (code) => {
        slot.exited = true;
        if (code !== 0 || this.pending.size > 0) this.fail(new Error(`pair block thread exited with code ${code}`));
      });
      this.threads.push(slot);
    }
  }

  run(task: PairBlockTask): Promise<PairBlockResult> {
    if (this.inline) {
      try {
        return Promise.resolve(this.inline.run(task));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.queue.push(task);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: { worker: Worker; busy: number } | null = null;
      for (const t of this.threads) if (t.busy < AHEAD && (!best || t.busy < best.busy)) best = t;
      if (!best) return;
      best.busy++;
      best.worker.postMessage(this.queue.shift());
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    this.inline?.close();
    this.failure ??= new Error('pair block pool closed');
    // Ask each thread to close its file descriptors and exit (terminate() would leak the fds). One
    // that already died (e.g. it could not open a file) has no exit left to wait for.
    await Promise.all(this.threads.filter((t) => !t.exited).map((t) => new Promise<void>((resolve) => {
      t.worker.once('exit', () => resolve());
      t.worker.postMessage({ close: true });
    })));
  }
}
