import { describe, expect, it } from 'vitest';
import { parseMethod } from '../../../src/eval/methods.js';
import { detect } from '../../../src/eval/evaluate.js';
import type { LabelledPair } from '../../../src/eval/datasets.js';
import { chooseThreshold } from '../../../src/core/detect/threshold/choose.js';
import { hysteresisMask } from '../../../src/core/detect/threshold/hysteresis.js';
import { gaussianSource, rasterOf } from '../detect/synthetic.js';

const W = 40;
const H = 40;

/** Noise; the after image brightens a 6×6 block strongly (+600), a faint ring around it and a 20×20 field (+300, one band). */
function pair(kind: 'multispectral' | 'sar'): LabelledPair {
  const g = gaussianSource(7);
  const bandsB = kind === 'sar' ? 1 : 2;
  const before = Array.from({ length: bandsB }, () => Float32Array.from({ length: W * H }, () => 1000 + 20 * g()));
  const after = before.map((b, k) =>
    Float32Array.from(b, (v, i) => {
      const r = Math.floor(i / W);
      const c = i % W;
      const big = r >= 5 && r < 11 && c >= 5 && c < 11;
      const ring = r >= 3 && r < 13 && c >= 3 && c < 13;
      const field = k === 0 && r >= 20 && c >= 20;
      return v + 15 * g() + (big ? 600 : ring ? 90 : 0) + (field ? 300 : 0);
    }),
  );
  const truth = new Uint8Array(W * H);
  return { name: 't', group: 't', kind, before: rasterOf(W, H, before), after: rasterOf(W, H, after), truth, pixelAreaM2: 100 };
}

const maskOf = (spec: string, p: LabelledPair): Uint8Array => detect(p, parseMethod(spec)(p)).mask;

describe("eval method combinations ('a|b' either fires, 'a&b' both fire, 'optical,sar' per kind)", () => {
  const p = pair('multispectral');
  const a = 'cva:otsu@3';
  const b = 'cva+mean1:otsu@6';

  it('a union flags exactly the pixels either method flags, an intersection those both flag', () => {
    const ma = maskOf(a, p);
    const mb = maskOf(b, p);
    expect([...maskOf(`${a}|${b}`, p)]).toEqual([...ma].map((v, i) => v | mb[i]!));
    expect([...maskOf(`${a}&${b}`, p)]).toEqual([...ma].map((v, i) => v & mb[i]!));
    // The two parts really differ here, so the spec would notice OR and AND being swapped.
    expect(ma.some((v, i) => v !== mb[i])).toBe(true);
  });

  it("'hyst@low/high' is the hysteresis cut between the low-tail cuts at the two multipliers", () => {
    const method = parseMethod('cva:hyst@3/40')(p);
    const score = method.measureFor(p).measure(p.before, p.after);
    const all = new Uint8Array(W * H).fill(1);
    const low = chooseThreshold(score, all, { method: 'otsu-low', noiseFloorK: 3 }).threshold;
    const high = chooseThreshold(score, all, { method: 'otsu-low', noiseFloorK: 40 }).threshold;
    const mask = detect(p, method).mask;
    expect([...mask]).toEqual([...hysteresisMask(score, W, H, low, high)]);
    // The field clears the low cut but holds no seed, so it goes; the strong block stays whole.
    const plainLow = maskOf('cva:otsu-low@3', p);
    const at = (m: Uint8Array, r: number, c: number): number => m[r * W + c]!;
    expect([at(plainLow, 30, 30), at(mask, 30, 30)]).toEqual([1, 0]);
    expect([at(mask, 5, 5), at(mask, 10, 10)]).toEqual([1, 1]);
  });

  it("'optical,sar' runs the first spec on multi-band pairs and the second on single-band SAR", () => {
    const spec = 'cva-agree:hyst@6.5/16,log-ratio+mean1:otsu';
    expect(parseMethod(spec)(p).name).toBe('cva-agree:hyst@6.5/16');
    expect(parseMethod(spec)(pair('sar')).name).toBe('log-ratio+mean1:otsu');
  });

  it('rejects hysteresis without two multipliers and a mix of | and &', () => {
    expect(() => parseMethod('cva:hyst@7')).toThrow(/low\/high/);
    expect(() => parseMethod('cva|cva&cva')).toThrow(/mix/);
  });
});
