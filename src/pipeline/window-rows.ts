// The streamed default scan's reader: the watched window strip by strip (one block row of both
// dates, only the blocks the corridors touch), each row handed out with its watched spans, strips
// kept between passes while ¼ of the memory budget lasts and decoded again beyond it. A strip holds
// only the samples inside its rows' visit spans, packed row by row, so a corridor window's strip
// costs its corridors, not the window's width.
import { openSync, closeSync } from 'node:fs';
import { forEachSpanIn } from '../core/raster/rasterise.js';
import { fillSpans, widenSpans } from '../core/detect/stream/box-rows.js';
import type { WatchGeometry } from '../core/raster/watch-area.js';
import type { RowSamples } from '../core/detect/stream/default-rows.js';
import type { PixelWindow } from '../core/types.js';
import { FastBlockReader } from '../io/tiff/fast-blocks.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import { PairBlockPool } from '../io/tiff/pair-pool.js';
import { discardEarlyPairThreads } from '../io/tiff/early-pair-threads.js';

/**
 * Where a strip's rows are: per row, the visit spans, the watched runs inside them and, per span,
 * the sample index of column 0 in the packed arrays (column c of span k at bases[k] + c·bands).
 */
interface StripLayout { readonly spans: readonly Int32Array[]; readonly runs: readonly Int32Array[]; readonly bases: readonly Int32Array[]; readonly samples: number }
/**
 * A strip's samples inside its rows' visit spans, packed row by row. A corridor window is mostly
 * columns no pass reads: the 10980² benchmark's 184 corridors keep ~45 MB of the pair's ~720 MB,
 * so the passes decode the pair once; a strip not kept sits in one scratch pair reused strip after strip.
 */
interface Strip { readonly layout: StripLayout; readonly before: RowSamples; readonly after: RowSamples; readonly decoded: number }
/** A watched block of the strip: decoded already (threads) or on load (inline, one block pair alive at a time). */
interface FetchedBlock { readonly bx: number; readonly c0: number; readonly c1: number; readonly load: () => { before: RowSamples; after: RowSamples } }
interface FetchedStrip { readonly layout: StripLayout; readonly blocks: FetchedBlock[] }

/**
 * One window row: its watch mask (window-wide, 0 outside the spans), both dates' samples (column c
 * of the k-th span at spanBase(base, k) + c·bands), and the column spans worth looking at, flattened
 * [c0, c1, c0, c1, …): the row's watched runs widened by one pixel each side (the 3×3 mean's reach)
 * and merged. Outside them nothing is watched, so every row kernel gives there what it gives an
 * unwatched pixel; a corridor window is mostly such columns. The arrays are the reader's: valid
 * during the call only (the spans excepted, which stay as they are).
 */
export type RowVisit = (r: number, watched: Uint8Array, before: RowSamples, after: RowSamples, base: Int32Array, spans: Int32Array) => void;

/** What V8 spends on a small typed array besides its elements (object and buffer headers), roughly. */
const TYPED_ARRAY_BYTES = 128;

/** Sorted, merged [c0, c1) pairs of a row (pairs that overlap or touch become one): its watched runs. */
function merged(flat: readonly number[]): Int32Array {
  const pairs: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) pairs.push([flat[k]!, flat[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [c0, c1] of pairs) {
    if (out.length > 0 && c0 <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, c1);
    else out.push(c0, c1);
  }
  return Int32Array.from(out);
}

/** A strip's layout from the corridors' burnt spans, per row in window columns. */
function layoutOf(burnt: readonly number[][], W: number, bands: number): StripLayout {
  const runs = burnt.map(merged);
  // The runs are non-empty, ascending and apart, so widening them then merging gives the same
  // spans as widening the burnt pairs then merging (both the union's maximal intervals).
  const spans = runs.map((row) => widenSpans(row, 1, W));
  let samples = 0;
  const bases = spans.map((row) => {
    const out = new Int32Array(row.length / 2);
    for (let k = 0; k < row.length; k += 2) {
      out[k / 2] = samples - row[k]! * bands;
      samples += (row[k + 1]! - row[k]!) * bands;
    }
    return out;
  });
  return { spans, runs, bases, samples };
}

/** Decodes the watched window strip by strip (one block row of both dates) and hands out its rows. */
export class WindowRows {
  readonly W: number;
  readonly bands: number;
  decodedBlocks = 0;
  private readonly readers: [FastBlockReader, FastBlockReader];
  private readonly fds: number[];
  /** The packed samples of a strip not kept, reused strip after strip (grown to the widest strip's spans). */
  private scratch: { before: RowSamples; after: RowSamples } | null = null;
  /** The row handed out's watch mask: 1 on its watched runs, 0 elsewhere (cleared run by run). */
  private readonly watchedRow: Uint8Array;
  private readonly cache = new Map<number, Strip>();
  private cacheBytes = 0;
  private readonly pool: PairBlockPool | null;
  private taskId = 0;

  constructor(readonly files: PairFiles, readonly win: PixelWindow, private readonly area: WatchGeometry, private readonly cacheBudgetBytes: number, threads: number) {
    // Decoding on this thread: threads a command started early have nothing to do.
    if (threads <= 0) discardEarlyPairThreads();
    this.pool = threads > 0 ? new PairBlockPool(files, threads) : null;
    this.W = win.width;
    this.bands = files.before.bands;
    this.fds = [openSync(files.before.path, 'r'), openSync(files.after.path, 'r')];
    // `assemble` copies each block out before loading the next: one output buffer per reader.
    this.readers = [new FastBlockReader(files.before, this.fds[0]!, { reuseOutput: true }), new FastBlockReader(files.after, this.fds[1]!, { reuseOutput: true })];
    this.watchedRow = new Uint8Array(this.W);
  }

  async forEachRow(visit: RowVisit): Promise<void> {
    const { win, watchedRow } = this;
    const bh = this.files.before.blockHeight;
    const by0 = Math.floor(win.row0 / bh);
    const by1 = Math.floor((win.row0 + win.height - 1) / bh);
    // The next strip decodes (on the pool's threads) while this one is scored.
    const pending = new Map<number, Promise<FetchedStrip>>();
    const prefetch = (by: number): void => {
      if (by <= by1 && !this.cache.has(by) && !pending.has(by)) {
        const fetched = this.fetchStrip(by);
        // A strip fetched ahead may fail after the scan has already stopped on another error;
        // its own await (if it comes) still sees the rejection, the process is not crashed by it.
        fetched.catch(() => undefined);
        pending.set(by, fetched);
      }
    };
    let decoded = 0;
    let lastRuns: Int32Array | null = null;
    for (let by = by0; by <= by1; by++) {
      prefetch(by);
      if (this.pool) prefetch(by + 1);
      const r0 = Math.max(win.row0, by * bh);
      const rows = Math.min(win.row0 + win.height, (by + 1) * bh) - r0;
      let strip = this.cache.get(by);
      if (!strip) {
        const fetched = await pending.get(by)!;
        pending.delete(by);
        strip = this.assemble(by, r0, rows, fetched);
      }
      decoded += strip.decoded;
      const { spans, runs, bases } = strip.layout;
      for (let r = 0; r < rows; r++) {
        if (lastRuns) fillSpans(watchedRow, lastRuns, 0);
        lastRuns = runs[r]!;
        fillSpans(watchedRow, lastRuns, 1);
        visit(r0 - win.row0 + r, watchedRow, strip.before, strip.after, bases[r]!, spans[r]!);
      }
    }
    if (lastRuns) fillSpans(watchedRow, lastRuns, 0);
    this.decodedBlocks = decoded;
  }

  /** Bytes of the cache budget not taken by kept strips. */
  cacheRoomBytes(): number {
    return this.cacheBudgetBytes - this.cacheBytes;
  }

  /** Bytes of the scratch strip pair (the widest strip not kept, packed by its rows' visit spans). */
  scratchBytes(): number {
    return this.scratch ? this.scratch.before.byteLength + this.scratch.after.byteLength : 0;
  }

  /** The strip's layout and its watched blocks of both dates, decoded. */
  private async fetchStrip(by: number): Promise<FetchedStrip> {
    const { win, W, bands } = this;
    const bw = this.files.before.blockWidth;
    const bh = this.files.before.blockHeight;
    const r0 = Math.max(win.row0, by * bh);
    const rows = Math.min(win.row0 + win.height, (by + 1) * bh) - r0;
    // The corridors' spans, per row in window columns (no window-wide mask: the strip's runs are its mask).
    const burnt: number[][] = Array.from({ length: rows }, () => []);
    const stripWindow = { col0: win.col0, row0: r0, width: W, height: rows };
    for (const rings of this.area.polygons) forEachSpanIn(rings, stripWindow, (row, c0, c1) => burnt[row - r0]!.push(c0 - win.col0, c1 - win.col0));
    const layout = layoutOf(burnt, W, bands);
    const bx0 = Math.floor(win.col0 / bw);
    const watchedColumns = new Uint8Array(Math.floor((win.col0 + W - 1) / bw) - bx0 + 1);
    for (const row of layout.runs) {
      for (let k = 0; k < row.length; k += 2) watchedColumns.fill(1, Math.floor((row[k]! + win.col0) / bw) - bx0, Math.floor((row[k + 1]! - 1 + win.col0) / bw) - bx0 + 1);
    }
    const jobs: Promise<FetchedBlock>[] = [];
    for (let bx = bx0; bx <= Math.floor((win.col0 + W - 1) / bw); bx++) {
      const c0 = Math.max(win.col0, bx * bw) - win.col0;
      const c1 = Math.min(win.col0 + W, (bx + 1) * bw) - win.col0;
      if (!watchedColumns[bx - bx0]) continue;
      if (this.pool) {
        const task = {
          id: this.taskId++, bx, by, watchSpans: new Int32Array(0), threshold: 0, windowRow: 0, windowCol: 0, decodeOnly: true,
          region: { bands, blockWidth: bw, col0: 0, row0: 0, width: 0, height: 0, stateOffset: 0, stateStride: 0 },
        };
        jobs.push(this.pool.run(task).then((res) => ({ bx, c0, c1, load: () => res.samples! })));
      } else {
        jobs.push(Promise.resolve({ bx, c0, c1, load: () => ({ before: this.readers[0].read(bx, by), after: this.readers[1].read(bx, by) }) }));
      }
    }
    return { layout, blocks: await Promise.all(jobs) };
  }

  /**
   * Copies the fetched blocks' samples inside the rows' visit spans straight into a packed strip:
   * its own arrays, kept, while the cache budget lasts; the scratch pair beyond it.
   */
  private assemble(by: number, r0: number, rows: number, fetched: FetchedStrip): Strip {
    const { win, bands } = this;
    const bw = this.files.before.blockWidth;
    const bh = this.files.before.blockHeight;
    const { layout } = fetched;
    const make = (n: number): RowSamples => (this.files.before.bitsPerSample === 16 ? new Uint16Array(n) : new Uint8Array(n));
    const sampleBytes = this.files.before.bitsPerSample / 8;
    let layoutBytes = 0;
    for (let r = 0; r < rows; r++) layoutBytes += layout.spans[r]!.byteLength + layout.runs[r]!.byteLength + layout.bases[r]!.byteLength + 3 * TYPED_ARRAY_BYTES;
    const bytes = 2 * layout.samples * sampleBytes + layoutBytes;
    const keep = this.cacheBytes + bytes <= this.cacheBudgetBytes;
    let before: RowSamples, after: RowSamples;
    if (keep) {
      before = make(layout.samples);
      after = make(layout.samples);
    } else {
      if (!this.scratch || this.scratch.before.length < layout.samples) this.scratch = { before: make(layout.samples), after: make(layout.samples) };
      before = this.scratch.before.subarray(0, layout.samples);
      after = this.scratch.after.subarray(0, layout.samples);
    }
    // Columns of a visit span in no decoded block (the one-pixel margin past a corridor's last
    // watched block) are never watched: no pass reads their samples, whatever they hold.
    for (const blk of fetched.blocks) {
      const samples = blk.load();
      for (let r = 0; r < rows; r++) {
        const spans = layout.spans[r]!;
        const bases = layout.bases[r]!;
        // Window column c of this row is at src + c·bands in the block.
        const src = ((r0 + r - by * bh) * bw + win.col0 - blk.bx * bw) * bands;
        for (let k = 0; k < spans.length; k += 2) {
          const a = Math.max(spans[k]!, blk.c0);
          const b = Math.min(spans[k + 1]!, blk.c1);
          if (a >= b) continue;
          const dst = bases[k / 2]! + a * bands;
          before.set(samples.before.subarray(src + a * bands, src + b * bands), dst);
          after.set(samples.after.subarray(src + a * bands, src + b * bands), dst);
        }
      }
    }
    const strip = { layout, before, after, decoded: fetched.blocks.length };
    if (keep) {
      this.cacheBytes += bytes;
      this.cache.set(by, strip);
    }
    return strip;
  }

  async close(): Promise<void> {
    this.cache.clear();
    this.scratch = null;
    for (const reader of this.readers) reader.close();
    for (const fd of this.fds) closeSync(fd);
    await this.pool?.close();
  }
}
