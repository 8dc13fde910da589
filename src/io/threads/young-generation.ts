// Caps the growth of this thread's young generation (V8's new space) for the length of a long
// streamed scan. V8 doubles the new space whenever the bytes that survived scavenges since it
// last grew exceed its size, so a long enough run always reaches the maximum (two 16 MiB
// semi-spaces): a 10,980² scan ends at 16 MiB, a 40,000² one at 32 MiB, 16–25 MiB more peak RSS
// for the same work. Measured on the 40,000² pair, stopping at 16 MiB kept ~22 MiB of peak RSS and
// no time (the 10,980² scan never grows past it). The flag is read each time V8 grows the space,
// so it can be set while running; it is process-wide, which only stops other isolates' growth.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** New space (both semi-spaces) a scan lets V8 grow to before growth stops. */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 2 ** 20;
/** V8's default --semi-space-growth-factor, put back when the scan ends. */
const DEFAULT_GROWTH_FACTOR = 2;

export class YoungGenerationCap {
  private capped = false;

  /** Stops further growth once the new space has reached the cap (call now and then, e.g. per strip). */
  check(): void {
    if (this.capped) return;
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!space || space.space_size < YOUNG_GENERATION_CAP_BYTES) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    this.capped = true;
  }

  /** Lets the new space grow again (the scan is over). */
  release(): void {
    if (!this.capped) return;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    this.capped = false;
  }
}
