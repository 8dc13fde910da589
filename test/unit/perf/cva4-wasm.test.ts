// Rule: the WebAssembly form of the fused predictor + CVA kernel gives exactly (bit for bit) what
// the JS kernel gives — changed pixels, their scores and brightening, state bytes, counts — for any
// region, threshold and sample values (wrapping running sums, differences whose squares overflow
// 32 bits), call after call on one instance; and the committed bytes are what cva4.wat assembles to.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cvaBlockPairPredicted4, STATE_CHANGED, STATE_WATCHED } from '../../../src/core/detect/stream/cva-block.js';
import { Cva4Kernel } from '../../../src/core/detect/stream/cva4-wasm.js';
import { gaussianSource } from '../detect/synthetic.js';

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

interface Case {
  readonly blockWidth: number;
  readonly rows: number;
  readonly col0: number;
  readonly row0: number;
  readonly width: number;
  readonly height: number;
  readonly threshold: number;
  /** Spread of the deltas: 200 gives ordinary change, 30000 differences near ±65535. */
  readonly spread: number;
}

function compare(kernel: Cva4Kernel, k: Case, seed: number): number {
  const g = gaussianSource(seed);
  const deltas = (): Uint16Array => Uint16Array.from({ length: k.blockWidth * k.rows * 4 }, (_, i) => (i % 97 === 0 ? 65535 - (i % 5) : (Math.round(k.spread * g()) + 65536 * 4) % 65536));
  const before = deltas();
  const after = deltas();
  const stride = k.width + 5;
  // Unwatched holes, and pixels another pass already marked (their other bits must survive).
  const state = (): Uint8Array => Uint8Array.from({ length: stride * k.height + 3 }, (_, i) => (i % 13 === 4 ? 0 : i % 29 === 7 ? STATE_WATCHED | 8 : STATE_WATCHED));
  const region = { bands: 4, blockWidth: k.blockWidth, col0: k.col0, row0: k.row0, width: k.width, height: k.height, stateOffset: 3, stateStride: stride };
  const jsState = state();
  const js = cvaBlockPairPredicted4(before, after, region, k.threshold, jsState, 700, 1300);
  const wasmState = state();
  const wasm = kernel.run(before, after, region, k.threshold, wasmState, 700, 1300);
  expect(bits(wasm.changes)).toEqual(bits(js.changes));
  expect(wasmState).toEqual(jsState);
  expect([wasm.watched, wasm.observed]).toEqual([js.watched, js.observed]);
  return js.changes.length / 4;
}

describe('the WebAssembly CVA kernel equals the JS kernel bit for bit', () => {
  const kernel = Cva4Kernel.create();

  it('is available on this Node (WebAssembly SIMD), so the scan threads use it', () => {
    expect(kernel).not.toBeNull();
  });

  it.each<[string, Case]>([
    ['a whole block', { blockWidth: 64, rows: 48, col0: 0, row0: 0, width: 64, height: 48, threshold: 150, spread: 200 }],
    ['a region starting mid-row and mid-block', { blockWidth: 64, rows: 48, col0: 13, row0: 7, width: 40, height: 30, threshold: 150, spread: 200 }],
    ['differences whose squares overflow 32 bits', { blockWidth: 32, rows: 16, col0: 3, row0: 2, width: 25, height: 11, threshold: 60000, spread: 30000 }],
    ['threshold 0 (every observed pixel with any difference)', { blockWidth: 16, rows: 8, col0: 1, row0: 1, width: 14, height: 6, threshold: 0, spread: 3 }],
    ['a one-pixel region at the block’s last column', { blockWidth: 16, rows: 8, col0: 15, row0: 7, width: 1, height: 1, threshold: 1, spread: 400 }],
  ])('%s', (_name, k) => {
    const changed = compare(kernel!, k, k.col0 * 31 + k.row0 + k.spread);
    if (k.width * k.height > 1) expect(changed).toBeGreaterThan(0);
  });

  it('keeps agreeing call after call as block sizes grow and shrink on one instance', () => {
    const own = Cva4Kernel.create()!;
    const sizes = [16, 512, 64, 512, 32];
    sizes.forEach((bw, i) => compare(own, { blockWidth: bw, rows: Math.min(bw, 40), col0: i, row0: 1, width: bw - i, height: Math.min(bw, 40) - 1, threshold: 250, spread: 200 }, 100 + i));
  });

  it('agrees when the deltas already sit in its memory (a decoder inflated them there)', () => {
    const own = Cva4Kernel.create(32 * 32 * 8, 32 * 32)!;
    const targets = own.deltaTargets(32 * 32 * 8);
    const g = gaussianSource(5);
    const b = new Uint16Array(targets.before.buffer, targets.before.byteOffset, 32 * 32 * 4);
    const a = new Uint16Array(targets.after.buffer, targets.after.byteOffset, 32 * 32 * 4);
    for (let i = 0; i < b.length; i++) {
      b[i] = (Math.round(300 * g()) + 65536) % 65536;
      a[i] = (Math.round(300 * g()) + 65536) % 65536;
    }
    const region = { bands: 4, blockWidth: 32, col0: 2, row0: 3, width: 28, height: 27, stateOffset: 0, stateStride: 28 };
    const jsState = new Uint8Array(28 * 27).fill(STATE_WATCHED);
    const js = cvaBlockPairPredicted4(b.slice(), a.slice(), region, 500, jsState);
    const wasmState = new Uint8Array(28 * 27).fill(STATE_WATCHED);
    const wasm = own.run(b, a, region, 500, wasmState);
    expect(js.changes.length).toBeGreaterThan(0);
    expect(bits(wasm.changes)).toEqual(bits(js.changes));
    expect(wasmState).toEqual(jsState);
  });

  it('marks a changed pixel CHANGED in the shared state it was given', () => {
    const before = new Uint16Array(4 * 4 * 4);
    const after = new Uint16Array(4 * 4 * 4);
    // Pixel (row 2, col 1): deltas of the after date jump by 1000 in every band there only.
    for (let b = 0; b < 4; b++) {
      after[(2 * 4 + 1) * 4 + b] = 1000;
      after[(2 * 4 + 2) * 4 + b] = 65536 - 1000;
    }
    const state = new Uint8Array(16).fill(STATE_WATCHED);
    const out = kernel!.run(before, after, { bands: 4, blockWidth: 4, col0: 0, row0: 0, width: 4, height: 4, stateOffset: 0, stateStride: 4 }, 1999, state);
    expect(Array.from(out.changes)).toEqual([2, 1, 2000, 4000]);
    expect(Array.from(state, (s) => s & STATE_CHANGED)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the committed WebAssembly bytes', () => {
  it('are what cva4.wat assembles to (npm run build:wasm after editing the .wat)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
