// The WebAssembly (SIMD) form of cvaBlockPairPredicted4: same inputs, same outputs bit for bit,
// ~3× faster on a 512² block pair, where the JS loop was a third of a scan thread's time next to
// inflate. One instance per thread: it owns a linear memory the block pair and state are copied into.
import { CVA4_WASM_BASE64 } from './cva4-wasm-bytes.js';
import type { BlockChanges, BlockRegion } from './cva-block.js';

/** The few parts of the WebAssembly JS API used here (the build's lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Cva4Exports {
  readonly memory: WasmMemory;
  cva4(before: number, after: number, state: number, out: number, blockWidth: number, col0: number, row0: number, width: number, height: number, pre: number, threshold: number, rowBase: number, colBase: number): number;
  watched(): number;
}

const PAGE_BYTES = 65536;
const align16 = (n: number): number => (n + 15) & ~15;

let compiled: object | null | undefined;

/** The compiled module, or null where this engine lacks WebAssembly SIMD (callers keep the JS kernel). */
function cva4Module(): object | null {
  if (compiled === undefined) {
    try {
      if (!wasmApi) throw new Error('no WebAssembly');
      compiled = new wasmApi.Module(Uint8Array.from(atob(CVA4_WASM_BASE64), (ch) => ch.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bytes a block slot holds beyond the block: the slack some writers' DEFLATE streams inflate to. */
export const CVA4_BLOCK_SLACK_BYTES = 4096;

export class Cva4Kernel {
  private constructor(private readonly wasm: Cva4Exports) {}

  /**
   * A kernel with its own memory, or null when WebAssembly SIMD is unavailable. Sized up front for
   * blocks of `blockBytes` (4 bands × 2 bytes × `blockPixels`), so `deltaTargets` stay valid.
   */
  static create(blockBytes = 0, blockPixels = 0): Cva4Kernel | null {
    const mod = cva4Module();
    if (!mod) return null;
    const kernel = new Cva4Kernel(new wasmApi!.Instance(mod).exports as Cva4Exports);
    kernel.ensure(kernel.layout(blockBytes, blockPixels).end);
    return kernel;
  }

  /**
   * Where `run` wants each date's deltas for blocks of `blockBytes`: views of the kernel's memory a
   * decoder can inflate into (each with the writers' slack), so `run` copies nothing. Valid until
   * a `run` needs more memory than `create` was sized for.
   */
  deltaTargets(blockBytes: number): { readonly before: Uint8Array; readonly after: Uint8Array } {
    const { before, after, slot } = this.layout(blockBytes, 0);
    const memory = new Uint8Array(this.wasm.memory.buffer);
    return { before: memory.subarray(before, before + slot), after: memory.subarray(after, after + slot) };
  }

  private layout(blockBytes: number, pixels: number): { before: number; after: number; slot: number; state: number; out: number; end: number } {
    const slot = align16(blockBytes + CVA4_BLOCK_SLACK_BYTES);
    const state = 2 * slot;
    const out = align16(state + pixels);
    // Room for every region pixel changed: [row, col, score, bright] as float32.
    return { before: 0, after: slot, slot, state, out, end: out + pixels * 16 };
  }

  /** cvaBlockPairPredicted4(beforeDeltas, afterDeltas, region, threshold, state, rowBase, colBase). */
  run(beforeDeltas: Uint16Array, afterDeltas: Uint16Array, region: BlockRegion, threshold: number, state: Uint8Array, rowBase = 0, colBase = 0): BlockChanges {
    if (region.bands !== 4) throw new RangeError('Cva4Kernel takes 4-band blocks');
    const { blockWidth, col0, row0, width, height, stateOffset, stateStride } = region;
    const { before, after, state: stateAt, out, end } = this.layout(Math.max(beforeDeltas.byteLength, afterDeltas.byteLength), width * height);
    const memory = this.ensure(end);
    this.place(beforeDeltas, memory, before);
    this.place(afterDeltas, memory, after);
    for (let r = 0; r < height; r++) {
      const s = stateOffset + r * stateStride;
      memory.set(state.subarray(s, s + width), stateAt + r * width);
    }
    const pre = threshold > 0 ? threshold * threshold * (1 - 1e-6) : -1;
    const n = this.wasm.cva4(before, after, stateAt, out, blockWidth, col0, row0, width, height, pre, threshold, rowBase, colBase);
    for (let r = 0; r < height; r++) {
      const s = stateOffset + r * stateStride;
      state.set(memory.subarray(stateAt + r * width, stateAt + (r + 1) * width), s);
    }
    const watched = this.wasm.watched();
    // No nodata in this layout: every watched pixel is observed.
    return { changes: new Float32Array(memory.buffer.slice(out, out + n * 16)), watched, observed: watched };
  }

  /** Copies deltas to `at` unless they were inflated there (deltaTargets). */
  private place(deltas: Uint16Array, memory: Uint8Array, at: number): void {
    if (deltas.buffer === memory.buffer && deltas.byteOffset === at) return;
    memory.set(new Uint8Array(deltas.buffer, deltas.byteOffset, deltas.byteLength), at);
  }

  /** The memory as bytes, grown to at least `bytes` (growing detaches old views: always re-take it). */
  private ensure(bytes: number): Uint8Array {
    const mem = this.wasm.memory;
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / PAGE_BYTES));
    return new Uint8Array(mem.buffer);
  }
}
