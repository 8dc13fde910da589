// The default automatic threshold no longer sorts the scores; it must still be the sort-based
// definition: Otsu's cut on the lowest 99.9 % of the observed scores, guarded by the noise floor
// median + 4·σ_MAD — compared here against that definition on real sample pairs and on
// distributions built to break histogram shortcuts (ties, far outliers, a handful of values).
import { describe, expect, it } from 'vitest';
import { chooseThreshold, DEFAULT_NOISE_FLOOR_K, otsuSplitOfSorted } from '../../../src/core/detect/threshold/choose.js';
import { robustLocationScale, sortedObserved } from '../../../src/core/detect/threshold/robust-stats.js';
import { orderStatistics } from '../../../src/core/detect/threshold/order-stats.js';
import { CVA_MEAN3_MEASURE } from '../../../src/core/detect/find-changes.js';
import { normaliseRadiometry } from '../../../src/core/raster/normalise.js';
import { openTile } from '../../../src/io/tiff/open.js';
import type { Raster } from '../../../src/core/types.js';
import { pairFile } from '../../helpers/samples.js';
import { gaussianSource } from '../detect/synthetic.js';

/** The definition, computed the obvious way: sort everything. */
function sortBasedChoice(score: Float32Array, observed: Uint8Array): { split: number; noiseFloor: number; threshold: number; changed: number } {
  const sorted = sortedObserved(score, observed);
  const split = otsuSplitOfSorted(sorted);
  const { median, sigma } = robustLocationScale(sorted);
  const noiseFloor = median + DEFAULT_NOISE_FLOOR_K * sigma;
  const threshold = Math.max(split, noiseFloor);
  let changed = 0;
  for (let i = 0; i < score.length; i++) if (observed[i] === 1 && score[i]! > threshold) changed++;
  return { split, noiseFloor, threshold, changed };
}

function expectSameChoice(score: Float32Array, observed: Uint8Array): void {
  const ref = sortBasedChoice(score, observed);
  const got = chooseThreshold(score, observed, { method: 'otsu' });
  expect(got.noiseFloor).toBe(ref.noiseFloor);
  // Otsu's bin sums are added in another order: equal to float64 rounding.
  expect(got.splitThreshold).toBeCloseTo(ref.split, 9);
  expect(got.threshold).toBeCloseTo(ref.threshold, 9);
  expect(got.changedCount).toBe(ref.changed);
}

async function readWhole(path: string): Promise<Raster> {
  const tile = await openTile(path);
  try {
    return await tile.readWindow({ col0: 0, row0: 0, width: tile.grid.width, height: tile.grid.height });
  } finally {
    await tile.close();
  }
}

describe('the default threshold equals its sort-based definition', () => {
  it.each([
    ['landsat-taizhou', 't1.tif', 't2.tif'],
    ['oscd-bercy', 't1.tif', 't2.tif'],
    ['oscd-hongkong-crop', 'baseline.tif', 'current.tif'],
  ])('on the normalised 3×3-mean CVA scores of the %s sample pair', async (pair, beforeFile, afterFile) => {
    const before = await readWhole(pairFile(pair, beforeFile));
    const after = await readWhole(pairFile(pair, afterFile));
    const observed = Uint8Array.from(before.observed, (v, i) => (v === 1 && after.observed[i] === 1 ? 1 : 0));
    const a = normaliseRadiometry({ ...before, observed }, { ...after, observed }).after;
    const score = CVA_MEAN3_MEASURE.measure({ ...before, observed }, { ...a, observed });
    expectSameChoice(score, observed);
  });

  it('with heavy ties (integer scores), unobserved and NaN pixels', () => {
    const g = gaussianSource(3);
    const n = 200_000;
    const score = Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : Math.round(Math.abs(20 * g()))));
    const observed = Uint8Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : 1));
    expectSameChoice(score, observed);
  });

  it('when one far outlier stretches the range over a dense bulk', () => {
    const g = gaussianSource(5);
    const n = 100_000;
    const score = Float32Array.from({ length: n }, () => 100 + 3 * g());
    score[17] = 1e9;
    score[18] = 2e9;
    expectSameChoice(score, new Uint8Array(n).fill(1));
  });

  it('on tiny inputs and constant ones', () => {
    for (const values of [[5], [1, 2], [3, 3, 3], [0, 0, 0, 9], [2, 1, 4, 1, 5, 9, 2, 6]]) {
      expectSameChoice(Float32Array.from(values), new Uint8Array(values.length).fill(1));
    }
    expect(chooseThreshold(Float32Array.from([1, 2]), new Uint8Array(2), { method: 'otsu' }).noChange).toBe(true);
  });
});

describe('orderStatistics', () => {
  it('returns what sorting returns, at every rank asked, on skewed, tied and outlier data', () => {
    const g = gaussianSource(9);
    const cases = [
      Float32Array.from({ length: 50_000 }, () => Math.exp(3 * g())),
      Float32Array.from({ length: 50_000 }, () => Math.floor(4 * Math.abs(g()))),
      Float32Array.from({ length: 50_000 }, (_, i) => (i < 3 ? 1e30 : g() * 1e-6)),
    ];
    for (const values of cases) {
      const sorted = Float32Array.from(values).sort();
      const ranks = [0, 1, 777, 24_999, 25_000, 49_949, 49_999];
      expect(orderStatistics(values, ranks)).toEqual(ranks.map((r) => sorted[r]));
    }
  });
});
