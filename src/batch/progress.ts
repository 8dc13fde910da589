// Batch progress: a redrawn bar on a terminal, plain lines (at most one every few seconds, and
// the last) otherwise, so logs of a CI or cron run stay readable.

export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressState {
  readonly finished: number;
  readonly rejected: number;
  readonly total: number;
}

export interface Progress {
  update(state: ProgressState): void;
  finish(): void;
}

function rateText(finished: number, elapsedMs: number): string {
  return elapsedMs > 0 ? `${((finished * 1000) / elapsedMs).toFixed(1)} tiles/s` : '';
}

export function createProgress(sink: ProgressSink, clockMs: () => number, plainEveryMs = 2000): Progress {
  const started = clockMs();
  let lastPlain = -Infinity;
  let last: ProgressState | null = null;
  let drawn = false;
  const line = (s: ProgressState): string => {
    const elapsed = clockMs() - started;
    const rate = rateText(s.finished, elapsed);
    const remaining = s.total - s.finished;
    const eta = s.finished > 0 && remaining > 0 ? `, ~${Math.ceil((remaining * elapsed) / s.finished / 1000)} s left` : '';
    return `${s.finished}/${s.total} tiles (${s.rejected} rejected)${rate ? `, ${rate}` : ''}${eta}`;
  };
  return {
    update(s) {
      last = s;
      if (sink.isTTY) {
        const width = 30;
        const filled = s.total ? Math.round((width * s.finished) / s.total) : width;
        sink.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(s)}\x1b[K`);
        drawn = true;
      } else if (clockMs() - lastPlain >= plainEveryMs || s.finished === s.total) {
        lastPlain = clockMs();
        sink.write(`progress ${line(s)}\n`);
      }
    },
    finish() {
      if (sink.isTTY && drawn) sink.write('\n');
      else if (!sink.isTTY && last && clockMs() - lastPlain > 0 && last.finished !== last.total) sink.write(`progress ${line(last)}\n`);
    },
  };
}
