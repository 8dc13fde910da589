// One interface over the two ways a batch runs: in-process (worker threads, store on the main
// thread) and distributed (BullMQ scan + alerts queues). The batch command does not care which.
import type { ApplyResult, ScanJobData, SegmentSet } from './jobs.js';

export interface BatchRunner {
  /** Where the work runs, for the summary ('in-process, 8 threads', 'redis://host:6379'). */
  readonly description: string;
  /**
   * Submits every job and resolves once each job's tile is terminal in the store (or at once with
   * `detach`), calling `onApplied` as outcomes land.
   */
  run(jobs: readonly ScanJobData[], set: SegmentSet, onApplied: (result: ApplyResult) => void): Promise<void>;
  close(): Promise<void>;
}
