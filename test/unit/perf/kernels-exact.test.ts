// The fast pixel kernels of the default measure must give exactly (bit for bit) what their plain
// definitions give — including at image borders, in NaN holes and with non-finite bands — so a
// speed-up can never move a threshold or an alert.
import { describe, expect, it } from 'vitest';
import { boxMeanIgnoringNaN } from '../../../src/core/detect/change/smooth.js';
import { changeVectorMagnitudeScores } from '../../../src/core/detect/change/cva.js';
import { jointObserved } from '../../../src/core/detect/change/pair.js';
import { jointlyObservedFinite } from '../../../src/core/raster/joint-observed.js';
import { gaussianSource, rasterOf } from '../detect/synthetic.js';
import { cvaBlockPair, cvaBlockPairPredicted4, STATE_WATCHED } from '../../../src/core/detect/stream/cva-block.js';
import { undoHorizontalPredictor } from '../../../src/io/tiff/fast-blocks.js';

/** The box mean by its definition: mean of the finite values in the clipped (2r+1)² box, summed row by row. */
function boxMeanByDefinition(score: Float32Array, width: number, height: number, r: number): Float32Array {
  const out = new Float32Array(score.length);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if (!Number.isFinite(score[row * width + col])) {
        out[row * width + col] = NaN;
        continue;
      }
      let s = 0;
      let k = 0;
      for (let d = Math.max(0, row - r); d <= Math.min(height - 1, row + r); d++) {
        let rs = 0;
        for (let e = Math.max(0, col - r); e <= Math.min(width - 1, col + r); e++) {
          const v = score[d * width + e]!;
          if (Number.isFinite(v)) {
            rs += v;
            k++;
          }
        }
        s += rs;
      }
      out[row * width + col] = s / k;
    }
  }
  return out;
}

function cvaByDefinition(before: Float32Array[], after: Float32Array[], seen: Uint8Array): Float32Array {
  return Float32Array.from(seen, (v, i) => {
    if (v !== 1) return NaN;
    let sumSq = 0;
    for (let b = 0; b < before.length; b++) sumSq += (after[b]![i]! - before[b]![i]!) ** 2;
    return Math.sqrt(sumSq);
  });
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

describe('fast kernels equal their definitions bit for bit', () => {
  it.each([
    [1, 37, 23],
    [1, 1, 9],
    [1, 2, 5],
    [2, 19, 31],
    [3, 4, 4],
  ])('box mean of radius %i on a %i×%i score with NaN holes and infinities', (r, width, height) => {
    const g = gaussianSource(width * 31 + height);
    const score = Float32Array.from({ length: width * height }, (_, i) => (i % 11 === 3 ? NaN : i % 29 === 5 ? Infinity : Math.exp(2 * g()) * 100));
    expect(bits(boxMeanIgnoringNaN(score, width, height, r))).toEqual(bits(boxMeanByDefinition(score, width, height, r)));
  });

  it.each([[4], [3], [6]])('CVA with %i bands, unobserved pixels and non-finite band values', (bandCount) => {
    const g = gaussianSource(bandCount);
    const n = 5000;
    const band = (): Float32Array => Float32Array.from({ length: n }, () => 1000 + 300 * g());
    const xs = Array.from({ length: bandCount }, band);
    const ys = Array.from({ length: bandCount }, band);
    xs[0]![10] = NaN;
    ys[bandCount - 1]![20] = Infinity;
    xs[1]![30] = -Infinity;
    ys[1]![30] = -Infinity;
    xs[0]![40] = 3.4e38;
    ys[0]![40] = -3.4e38;
    const before = rasterOf(100, 50, xs, Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0 : 1)));
    const after = rasterOf(100, 50, ys, Array.from({ length: n }, (_, i) => (i % 23 === 0 ? 0 : 1)));
    const seen = jointObserved(before, after);
    expect(jointlyObservedFinite(before, after)).toEqual(seen);
    expect(bits(changeVectorMagnitudeScores(before, after))).toEqual(bits(cvaByDefinition(before.bands, after.bands, seen)));
  });

  it.each([
    ['the whole block', 0, 0, 64, 48],
    ['a region starting mid-row and mid-block', 13, 7, 40, 30],
  ])('CVA fused with predictor-2 decoding equals decoding then CVA, over %s', (_name, col0, row0, width, height) => {
    const blockWidth = 64;
    const rows = 48;
    const g = gaussianSource(col0 * 7 + row0);
    // Deltas as a writer stores them, with values near 0 and 65535 so the running sums wrap.
    const deltas = (): Uint16Array => Uint16Array.from({ length: blockWidth * rows * 4 }, (_, i) => (i % 97 === 0 ? 65535 - (i % 5) : (Math.round(200 * g()) + 65536) % 65536));
    const before = deltas();
    const after = deltas();
    const stride = width + 3;
    const watchedState = (): Uint8Array => Uint8Array.from({ length: stride * height + 2 }, (_, i) => (i % 13 === 4 ? 0 : STATE_WATCHED));
    const region = { bands: 4, blockWidth, col0, row0, width, height, stateOffset: 2, stateStride: stride };
    const fusedState = watchedState();
    const fused = cvaBlockPairPredicted4(before, after, region, 150, fusedState, 1000, 2000);
    const b = before.slice();
    const a = after.slice();
    undoHorizontalPredictor(b, blockWidth, rows, 4);
    undoHorizontalPredictor(a, blockWidth, rows, 4);
    const plainState = watchedState();
    const plain = cvaBlockPair(b, a, region, null, 150, plainState, 1000, 2000);
    expect(plain.changes.length).toBeGreaterThan(40);
    expect(bits(fused.changes)).toEqual(bits(plain.changes));
    expect(fusedState).toEqual(plainState);
    expect([fused.watched, fused.observed]).toEqual([plain.watched, plain.observed]);
  });
});
