// Worker-thread entry of the scan pool: runs scan jobs off the main thread, so the main thread
// stays free for the store (embedded) or for BullMQ lock renewal (distributed).
import { parentPort, workerData } from 'node:worker_threads';
import type { ScanJobData, SegmentSet } from '../io/queue/jobs.js';
import { processScan } from './process-scan.js';
import type { ScanThreadData, ThreadReply, ThreadTask } from './scan-pool.js';

const { scanOptions } = workerData as ScanThreadData;

const sets = new Map<string, SegmentSet>();
const port = parentPort;
if (!port) throw new Error('scan-thread must run in a worker thread');

port.on('message', (task: ThreadTask) => {
  void run(task.id, task.job, task.segmentSet);
});

async function run(id: number, job: ScanJobData, given: SegmentSet | undefined): Promise<void> {
  let reply: ThreadReply;
  try {
    if (given) {
      // A long-lived worker sees few segment set versions; keep the latest few.
      sets.set(given.version, given);
      if (sets.size > 4) sets.delete(sets.keys().next().value!);
    }
    const set = sets.get(job.segmentSetVersion);
    if (!set) throw new Error(`scan thread has no segment set ${job.segmentSetVersion}`);
    reply = { id, ok: true, outcome: await processScan(job, set, scanOptions) };
  } catch (err) {
    const e = err as Error;
    reply = { id, ok: false, message: e?.message ?? String(err), stack: e?.stack ?? null };
  }
  port!.postMessage(reply);
}
