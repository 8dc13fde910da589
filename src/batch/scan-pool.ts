// A fixed pool of worker threads running scan jobs. A thread that dies (out of memory, a crash in
// a decoder) fails only its own job, as a transient error, and is replaced.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../io/threads/start-module-worker.js';
import type { ScanJobData, ScanOutcome, SegmentSet } from '../io/queue/jobs.js';
import type { ProcessScanOptions } from './process-scan.js';

/** What every scan thread is started with. */
export interface ScanThreadData {
  readonly role: 'borderwatch-scan';
  readonly scanOptions: ProcessScanOptions;
}

export interface ThreadTask {
  readonly id: number;
  readonly job: ScanJobData;
  /** Sent only the first time a thread sees this version. */
  readonly segmentSet?: SegmentSet;
}

export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly outcome: ScanOutcome }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly stack: string | null };

/** A scan that failed for a reason other than its input (retried with backoff). */
export class ScanFailedError extends Error {
  constructor(message: string, readonly threadStack: string | null) {
    super(message);
    this.name = 'ScanFailedError';
  }
}

interface Slot {
  worker: Worker;
  versions: Set<string>;
  task: { id: number; resolve: (o: ScanOutcome) => void; reject: (e: Error) => void } | null;
}

/** A scan thread on scan-thread.ts/.js next to this module. */
function startThread(maxMemoryMb: number, scanOptions: ProcessScanOptions): Worker {
  // workerData must be an object: geotiff's web-worker polyfill destructures it in any thread.
  const workerData: ScanThreadData = { role: 'borderwatch-scan', scanOptions: { ...scanOptions, maxMemoryMb } };
  // The scan's budget bounds what it streams; the heap cap (twice that) stops a runaway scan (the
  // in-memory path holds whole windows) without killing the process.
  return startModuleWorker(import.meta.url, 'scan-thread', { resourceLimits: { maxOldGenerationSizeMb: 2 * maxMemoryMb }, workerData });
}

export class ScanPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly waiting: { job: ScanJobData; set: SegmentSet; resolve: (o: ScanOutcome) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size: number, private readonly maxMemoryMb: number, private readonly scanOptions: ProcessScanOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`scan pool size must be a positive integer, got ${size}`);
    this.size = size;
    for (let k = 0; k < size; k++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startThread(this.maxMemoryMb, this.scanOptions), versions: new Set(), task: null };
    slot.worker.on('message', (reply: ThreadReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = null;
      if (reply.ok) task.resolve(reply.outcome);
      else task.reject(new ScanFailedError(reply.message, reply.stack));
      this.pump();
    });
    const died = (why: string) => {
      const k = this.slots.indexOf(slot);
      if (k === -1) return;
      const task = slot.task;
      slot.task = null;
      if (this.closed) return;
      this.slots[k] = this.spawn();
      task?.reject(new ScanFailedError(`scan thread died: ${why}`, null));
      this.pump();
    };
    slot.worker.on('error', (err) => died(err.message));
    slot.worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  /** Runs one scan on a free thread (queued until one is free). */
  run(job: ScanJobData, set: SegmentSet): Promise<ScanOutcome> {
    if (this.closed) return Promise.reject(new Error('scan pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, set, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task || this.waiting.length === 0) continue;
      const next = this.waiting.shift()!;
      const id = this.nextId++;
      slot.task = { id, resolve: next.resolve, reject: next.reject };
      const fresh = !slot.versions.has(next.set.version);
      slot.versions.add(next.set.version);
      const task: ThreadTask = fresh ? { id, job: next.job, segmentSet: next.set } : { id, job: next.job };
      slot.worker.postMessage(task);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('scan pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
