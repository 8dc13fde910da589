// Caps the growth of this thread's young generation (V8's new space) for the length of a long
// streamed scan. V8 doubles the new space whenever the bytes that survived scavenges since it
// last grew exceed its size, so a long enough run always reaches the maximum (two 16 MiB
// semi-spaces): a 10,980² scan ends at 16 MiB, a 40,000² one at 32 MiB, 16–25 MiB more peak RSS
// for the same work. Measured on the 40,000² pair, stopping at 16 MiB kept ~22 MiB of peak RSS and
// no time (the 10,980² scan never grows past it). The flag is read each time V8 grows the space,
// so it can be set while running; but it is process-wide: on a worker thread (batch scan threads,
// several isolates in one process) it would freeze every other isolate's new space too, so only
// the main thread caps, counting the scans that hold the cap, and the value the process started
// with (--semi-space-growth-factor in execArgv or NODE_OPTIONS, else V8's 2) is put back.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

/** New space (both semi-spaces) a scan lets V8 grow to before growth stops. */
const YOUNG_GENERATION_CAP_BYTES = 16 * 2 ** 20;

/** The growth factor this process started with. */
function startingGrowthFactor(): number {
  const args = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  let factor = 2;
  for (const a of args) {
    const m = /^--semi[-_]space[-_]growth[-_]factor=(\d+)$/.exec(a);
    if (m) factor = Number(m[1]);
  }
  return factor;
}

/** Scans on this (main) thread holding the cap. */
let holders = 0;

export class YoungGenerationCap {
  private capped = false;

  /** Stops further growth once the new space has reached the cap (call now and then, e.g. per strip). */
  check(): void {
    if (this.capped || !isMainThread) return;
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!space || space.space_size < YOUNG_GENERATION_CAP_BYTES) return;
    if (holders++ === 0) setFlagsFromString('--semi-space-growth-factor=1');
    this.capped = true;
  }

  /** Lets the new space grow again once no scan on this thread holds the cap. */
  release(): void {
    if (!this.capped) return;
    this.capped = false;
    if (--holders === 0) setFlagsFromString(`--semi-space-growth-factor=${startingGrowthFactor()}`);
  }
}
