// Progress output: a redrawn bar on a terminal, throttled plain lines elsewhere.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/batch/progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, isTTY, write: (t: string) => out.push(t) };
}

describe('batch progress', () => {
  it('writes plain lines at most every interval when not a terminal, and always the last', () => {
    let now = 0;
    const s = sink(false);
    const p = createProgress(s, () => now, 2000);
    for (let k = 1; k <= 10; k++) {
      now = k * 500;
      p.update({ finished: k, rejected: 0, total: 10 });
    }
    p.finish();
    expect(s.out.every((l) => l.startsWith('progress ') && l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(s.out.length).toBe(4);
    expect(s.out.at(-1)).toContain('10/10 tiles (0 rejected)');
  });

  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const s = sink(true);
    const p = createProgress(s, () => 1000);
    p.update({ finished: 1, rejected: 1, total: 4 });
    p.update({ finished: 4, rejected: 1, total: 4 });
    p.finish();
    expect(s.out.slice(0, 2).every((l) => l.startsWith('\r['))).toBe(true);
    expect(s.out[1]).toContain('[##############################] 4/4 tiles (1 rejected)');
    expect(s.out.at(-1)).toBe('\n');
  });
});
