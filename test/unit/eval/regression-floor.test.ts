// The CI regression floor for detection quality (issue 6): the default method must keep meeting
// these figures on the labelled pairs bundled in data/samples. Floors sit a little under what the
// default scored when they were set (figure in the comment), so a change that makes detection
// worse fails here instead of surfacing in an analyst's queue.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { discoverPairs, type LabelledPair } from '../../../src/eval/datasets.js';
import { DEFAULT_METHOD, parseMethod } from '../../../src/eval/methods.js';
import { evaluatePair } from '../../../src/eval/evaluate.js';
import { run } from '../../../src/cli/commands/eval.js';

const SAMPLES = fileURLToPath(new URL('../../../data/samples/', import.meta.url));

async function loadAll(): Promise<Map<string, LabelledPair>> {
  const out = new Map<string, LabelledPair>();
  for (const dir of ['eval', 'pairs']) for (const s of await discoverPairs(SAMPLES + dir)) out.set(s.name, await s.load());
  return out;
}

const FLOORS: readonly { pair: string; metric: 'kappa' | 'f1'; floor: number }[] = [
  { pair: 'classic-sar-cd/san-francisco/san', metric: 'kappa', floor: 0.85 }, // 0.889; issue 6 target 0.85
  { pair: 'landsat-taizhou', metric: 'kappa', floor: 0.94 }, // 0.948 (0.930 before the agreement rule); target 0.92
  { pair: 'oscd-bercy', metric: 'f1', floor: 0.26 }, // 0.285 (0.183 before)
  { pair: 'oscd-hongkong-crop', metric: 'f1', floor: 0.32 }, // 0.352 (0.365 before); dates on two grids: alignment included
];

/** False alerts per 100 km² an analyst would review on the OSCD crops: 51 and 277 now, ~1900 before. */
const FALSE_ALERT_CEILINGS: readonly { pair: string; ceiling: number }[] = [
  { pair: 'oscd-bercy', ceiling: 100 },
  { pair: 'oscd-hongkong-crop', ceiling: 400 },
];

describe('detection quality floor on the bundled labelled pairs', async () => {
  const pairs = await loadAll();

  it('finds every bundled pair (OSCD crops with change masks, Landsat samples, SAR)', () => {
    expect([...pairs.keys()].sort()).toEqual(FLOORS.map((f) => f.pair).sort());
  });

  for (const { pair, metric, floor } of FLOORS) {
    it(`default method keeps ${metric} ≥ ${floor} on ${pair}`, () => {
      const p = pairs.get(pair)!;
      expect(evaluatePair(p, parseMethod(DEFAULT_METHOD)(p)).scores[metric]).toBeGreaterThanOrEqual(floor);
    });
  }

  for (const { pair, ceiling } of FALSE_ALERT_CEILINGS) {
    it(`default method keeps false alerts ≤ ${ceiling} per 100 km² on ${pair}`, () => {
      const p = pairs.get(pair)!;
      expect(evaluatePair(p, parseMethod(DEFAULT_METHOD)(p)).falseAlertsPer100Km2).toBeLessThanOrEqual(ceiling);
    });
  }

  it('the false-alert ceiling would catch the previous default (one Otsu cut over CVA 3×3)', () => {
    const p = pairs.get('oscd-bercy')!;
    expect(evaluatePair(p, parseMethod('cva+norm+mean1:otsu')(p)).falseAlertsPer100Km2).toBeGreaterThan(100);
  });

  it('the floor would catch the naive baseline (raw CVA + plain Otsu, no normalisation, no noise floor)', () => {
    const p = pairs.get('landsat-taizhou')!;
    expect(evaluatePair(p, parseMethod('cva:otsu@0')(p)).scores.kappa).toBeLessThan(0.92);
  });
});

describe('borderwatch eval --min-kappa / --min-f1 (the CI entry point)', () => {
  it('exits 0 at the floor and 1 when the pooled figure is below it', async () => {
    const quiet = { log: console.log, error: console.error };
    console.log = () => {};
    console.error = () => {};
    try {
      expect(await run(['--data', SAMPLES + 'eval', '--min-kappa', '0.85'])).toBe(0);
      expect(await run(['--data', SAMPLES + 'eval', '--min-kappa', '0.95'])).toBe(1);
      expect(await run(['--data', SAMPLES + 'pairs', '--min-f1', '0.99'])).toBe(1);
    } finally {
      console.log = quiet.log;
      console.error = quiet.error;
    }
  });
});
