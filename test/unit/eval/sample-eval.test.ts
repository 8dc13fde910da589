import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { discoverPairs } from '../../../src/eval/datasets.js';
import { DEFAULT_METHOD, parseMethod } from '../../../src/eval/methods.js';
import { evaluatePair } from '../../../src/eval/evaluate.js';

const SAMPLES = fileURLToPath(new URL('../../../data/samples/eval/', import.meta.url));

describe('eval on the bundled San Francisco SAR pair', () => {
  it('finds the labelled change with the default method at kappa ≥ 0.85 (issue 6 target)', async () => {
    const [source] = await discoverPairs(SAMPLES);
    const pair = await source.load();
    expect(pair.kind).toBe('sar');
    expect(pair.truth.reduce((a, v) => a + v, 0)).toBe(4685);
    const result = evaluatePair(pair, parseMethod(DEFAULT_METHOD)(pair));
    expect(result.scores.kappa).toBeGreaterThanOrEqual(0.85);
  });

  it('does much worse with plain differencing, which is why SAR gets log-ratio', async () => {
    const [source] = await discoverPairs(SAMPLES);
    const pair = await source.load();
    const result = evaluatePair(pair, parseMethod('difference')(pair));
    expect(result.scores.kappa).toBeLessThan(0.7);
  });
});
