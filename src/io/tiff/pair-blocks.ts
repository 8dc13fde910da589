// One unit of the streaming scan's pixel work: decode block (bx, by) of both dates and run the
// fused change kernel over the block's watched spans. Runs in a worker thread, or inline.
import { openSync, closeSync } from 'node:fs';
import { cvaBlockPair, cvaBlockPairPredicted4, STATE_WATCHED, type BlockChanges, type BlockRegion } from '../../core/detect/stream/cva-block.js';
import { Cva4Kernel } from '../../core/detect/stream/cva4-wasm.js';
import { FastBlockReader, type FastBlockFile } from './fast-blocks.js';

export interface PairFiles {
  readonly before: FastBlockFile;
  readonly after: FastBlockFile;
}

export interface PairBlockTask {
  readonly id: number;
  readonly bx: number;
  readonly by: number;
  /**
   * The region's watched pixels as [start, end) index pairs, flattened, row-major with stride
   * region.width (region.stateOffset 0, stateStride region.width). The state bytes they mark live
   * in the thread, one block's worth: a strip-wide shared state grew with the tile's width
   * (20 MB a strip on a 40,000-wide tile, four strips alive).
   */
  readonly watchSpans: Int32Array;
  readonly region: BlockRegion;
  /** Hand back the region's state bytes (STATE_OBSERVED per pixel), e.g. for per-segment coverage. */
  readonly wantState?: boolean;
  /** Window coordinates of the region's top-left pixel. */
  readonly windowRow: number;
  readonly windowCol: number;
  readonly threshold: number;
  /** Only decode: hand back both blocks' samples (the streamed default scores on the main thread). */
  readonly decodeOnly?: boolean;
}

export interface PairBlockResult {
  readonly id: number;
  /** [row, col, score, brightening] per changed pixel (window coordinates), raster order of the region. */
  readonly changes: Float32Array;
  readonly watched: number;
  readonly observed: number;
  readonly decodeMs: number;
  readonly changeMs: number;
  /** wantState tasks: the region's state bytes (row-major, stride region.width), own buffer. */
  readonly state?: Uint8Array;
  /** decodeOnly tasks: the interleaved samples of both blocks, predictor undone (own buffers). */
  readonly samples?: { readonly before: Uint8Array | Uint16Array; readonly after: Uint8Array | Uint16Array };
}

export class PairBlockWorker {
  private readonly fds: number[];
  private readonly before: FastBlockReader;
  private readonly after: FastBlockReader;
  private readonly nodata: number | null;
  /** 4-band uint16 predictor-2 pairs with no nodata: predictor and change kernel fused in one pass. */
  private readonly fused: boolean;
  /** The fused kernel in WebAssembly SIMD (~3× the JS loop), when this engine has it. */
  private readonly wasm: Cva4Kernel | null;
  /** One block's state bytes, rebuilt from each task's watch spans. */
  private readonly state: Uint8Array;

  constructor(files: PairFiles) {
    this.fds = [openSync(files.before.path, 'r'), openSync(files.after.path, 'r')];
    // One nodata for the pair: a value missing in either file's declaration cannot mark the other.
    this.nodata = files.before.nodata ?? files.after.nodata;
    const fusable = (f: FastBlockFile): boolean => f.predictor === 2 && f.bitsPerSample === 16 && f.bands === 4;
    this.fused = fusable(files.before) && fusable(files.after) && this.nodata === null;
    const blockPixels = files.before.blockWidth * files.before.blockHeight;
    this.state = new Uint8Array(blockPixels);
    this.wasm = this.fused ? Cva4Kernel.create(blockPixels * 8, blockPixels) : null;
    // Every task consumes (or copies) both blocks before the next read: one output buffer each,
    // the kernel's own memory when there is one (so its deltas are never copied).
    const into = this.wasm?.deltaTargets(blockPixels * 8);
    this.before = new FastBlockReader(files.before, this.fds[0]!, { reuseOutput: true, into: into?.before });
    this.after = new FastBlockReader(files.after, this.fds[1]!, { reuseOutput: true, into: into?.after });
    if (files.before.nodata !== null && files.after.nodata !== null && files.before.nodata !== files.after.nodata) {
      throw new Error('PairBlockWorker: the two files declare different nodata values (the caller must not stream them)');
    }
  }

  run(task: PairBlockTask): PairBlockResult {
    if (this.fused && !task.decodeOnly) {
      const t0 = performance.now();
      const b = this.before.readDeltas(task.bx, task.by);
      const a = this.after.readDeltas(task.bx, task.by);
      const t1 = performance.now();
      // Sparse blocks (no bytes) hold plain fill values, not deltas: the general path below.
      if (b instanceof Uint16Array && a instanceof Uint16Array) {
        const state = this.watchState(task);
        const out = this.wasm
          ? this.wasm.run(b, a, task.region, task.threshold, state, task.windowRow, task.windowCol)
          : cvaBlockPairPredicted4(b, a, task.region, task.threshold, state, task.windowRow, task.windowCol);
        return this.result(task, out, t1 - t0, performance.now() - t1);
      }
    }
    const t0 = performance.now();
    const b = this.before.read(task.bx, task.by);
    const a = this.after.read(task.bx, task.by);
    const t1 = performance.now();
    if (task.decodeOnly) {
      // Copies into buffers of their own: the decoder's output may share a pooled slab.
      return { id: task.id, changes: new Float32Array(0), watched: 0, observed: 0, decodeMs: t1 - t0, changeMs: 0, samples: { before: b.slice(), after: a.slice() } };
    }
    const out = cvaBlockPair(b, a, task.region, this.nodata, task.threshold, this.watchState(task), task.windowRow, task.windowCol);
    return this.result(task, out, t1 - t0, performance.now() - t1);
  }

  /** The region's state bytes: WATCHED on the task's spans, nothing else. */
  private watchState(task: PairBlockTask): Uint8Array {
    const { width, height } = task.region;
    const state = this.state.subarray(0, width * height);
    state.fill(0);
    const spans = task.watchSpans;
    for (let k = 0; k < spans.length; k += 2) state.fill(STATE_WATCHED, spans[k]!, spans[k + 1]!);
    return state;
  }

  private result(task: PairBlockTask, out: BlockChanges, decodeMs: number, changeMs: number): PairBlockResult {
    const state = task.wantState ? this.state.slice(0, task.region.width * task.region.height) : undefined;
    return { id: task.id, changes: out.changes, watched: out.watched, observed: out.observed, decodeMs, changeMs, ...(state ? { state } : {}) };
  }

  close(): void {
    this.before.close();
    this.after.close();
    for (const fd of this.fds) closeSync(fd);
  }
}
