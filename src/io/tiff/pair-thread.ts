// Worker-thread entry of the pair block pool: one PairBlockWorker per thread, tasks by message.
import { parentPort, workerData } from 'node:worker_threads';
import { isInputError } from '../../core/errors.js';
import { PairBlockWorker, type PairBlockTask, type PairFiles } from './pair-blocks.js';

const port = parentPort;
if (!port) throw new Error('pair-thread must run in a worker thread');
// Started with its files, or early (early-pair-threads.ts) and told them by the first message.
const files = (workerData as { files?: PairFiles }).files;
let worker = files ? new PairBlockWorker(files) : null;
port.on('message', (task: PairBlockTask | { close: true } | { open: PairFiles }) => {
  if ('open' in task) {
    worker = new PairBlockWorker(task.open);
    return;
  }
  if ('close' in task) {
    worker?.close();
    port.close();
    return;
  }
  if (!worker) throw new Error('pair-thread: a task came before the pair was opened');
  try {
    const result = worker.run(task);
    const transfer = [result.changes.buffer as ArrayBuffer];
    if (result.state) transfer.push(result.state.buffer as ArrayBuffer);
    if (result.samples) transfer.push(result.samples.before.buffer as ArrayBuffer, result.samples.after.buffer as ArrayBuffer);
    port.postMessage({ ok: true, result }, transfer);
  } catch (err) {
    const code = isInputError(err) ? err.code : null;
    port.postMessage({ ok: false, id: task.id, code, message: err instanceof Error ? err.message : String(err), detail: isInputError(err) ? err.detail : undefined });
  }
});
