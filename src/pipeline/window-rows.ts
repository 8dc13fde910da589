// The streamed default scan's reader: the watched window strip by strip (one block row of both
// dates, only the blocks the corridors touch), each row handed out with its watched spans, strips
// kept between passes while ¼ of the memory budget lasts and decoded again beyond it.
import { openSync, closeSync } from 'node:fs';
import { burnStrip, type WatchGeometry } from '../core/raster/watch-area.js';
import type { RowSamples } from '../core/detect/stream/default-rows.js';
import type { PixelWindow } from '../core/types.js';
import { FastBlockReader } from '../io/tiff/fast-blocks.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import { PairBlockPool } from '../io/tiff/pair-pool.js';

interface Strip { readonly before: RowSamples; readonly after: RowSamples; readonly watched: Uint8Array; readonly spans: readonly Int32Array[]; readonly decoded: number }
/**
 * A strip kept between passes: only the samples inside its rows' visit spans, packed row by row
 * (a corridor window is mostly columns no pass reads: ~45 MB instead of ~720 MB for the 10980²
 * benchmark's 184 corridors, so the seven passes decode the pair once instead of seven times).
 */
interface CachedStrip { readonly packedBefore: RowSamples; readonly packedAfter: RowSamples; readonly watched: Uint8Array; readonly spans: readonly Int32Array[]; readonly decoded: number }
/** A watched block of the strip: decoded already (threads) or on load (inline, one block pair alive at a time). */
interface FetchedBlock { readonly bx: number; readonly c0: number; readonly c1: number; readonly load: () => { before: RowSamples; after: RowSamples } }
interface FetchedStrip { readonly watched: Uint8Array; readonly spans: readonly Int32Array[]; readonly blocks: FetchedBlock[] }

/**
 * One window row: its watch mask and both dates' samples (from `offset`), and the column spans
 * worth looking at, flattened [c0, c1, c0, c1, …): the row's watched runs widened by one pixel each
 * side (the 3×3 mean's reach) and merged. Outside them nothing is watched, so every row kernel
 * gives there what it gives an unwatched pixel; a corridor window is mostly such columns.
 */
export type RowVisit = (r: number, rowInStrip: number, watched: Uint8Array, before: RowSamples, after: RowSamples, offset: number, spans: Int32Array) => void;

/** The visit spans of each row of a strip, from the mask spans the corridors were burnt into. */
function rowSpans(burnt: readonly number[], rows: number, W: number): Int32Array[] {
  const perRow: number[][] = Array.from({ length: rows }, () => []);
  for (let k = 0; k < burnt.length; k += 2) {
    const r = Math.floor(burnt[k]! / W);
    perRow[r]!.push(Math.max(0, burnt[k]! - r * W - 1), Math.min(W, burnt[k + 1]! - r * W + 1));
  }
  return perRow.map((flat) => {
    const pairs: [number, number][] = [];
    for (let k = 0; k < flat.length; k += 2) pairs.push([flat[k]!, flat[k + 1]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [c0, c1] of pairs) {
      if (merged.length > 0 && c0 <= merged[merged.length - 1]!) merged[merged.length - 1] = Math.max(merged[merged.length - 1]!, c1);
      else merged.push(c0, c1);
    }
    return Int32Array.from(merged);
  });
}

/** Decodes the watched window strip by strip (one block row of both dates) and hands out its rows. */
export class WindowRows {
  readonly W: number;
  readonly bands: number;
  decodedBlocks = 0;
  private readonly readers: [FastBlockReader, FastBlockReader];
  private readonly fds: number[];
  private readonly stripBefore: RowSamples;
  private readonly stripAfter: RowSamples;
  private readonly cache = new Map<number, CachedStrip>();
  private cacheBytes = 0;
  private readonly pool: PairBlockPool | null;
  private taskId = 0;

  constructor(readonly files: PairFiles, readonly win: PixelWindow, private readonly area: WatchGeometry, private readonly cacheBudgetBytes: number, threads: number) {
    this.pool = threads > 0 ? new PairBlockPool(files, threads) : null;
    this.W = win.width;
    this.bands = files.before.bands;
    this.fds = [openSync(files.before.path, 'r'), openSync(files.after.path, 'r')];
    // `assemble` copies each block out before loading the next: one output buffer per reader.
    this.readers = [new FastBlockReader(files.before, this.fds[0]!, { reuseOutput: true }), new FastBlockReader(files.after, this.fds[1]!, { reuseOutput: true })];
    const rows = Math.min(files.before.blockHeight, win.height);
    const len = rows * this.W * this.bands;
    const make = (): RowSamples => (files.before.bitsPerSample === 16 ? new Uint16Array(len) : new Uint8Array(len));
    this.stripBefore = make();
    this.stripAfter = make();
  }

  async forEachRow(visit: RowVisit, endStrip?: (row0: number, rows: number) => void): Promise<void> {
    const { win, W, bands } = this;
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
    for (let by = by0; by <= by1; by++) {
      prefetch(by);
      if (this.pool) prefetch(by + 1);
      const r0 = Math.max(win.row0, by * bh);
      const rows = Math.min(win.row0 + win.height, (by + 1) * bh) - r0;
      const cached = this.cache.get(by);
      let strip: Strip;
      if (cached) strip = this.unpack(cached, rows);
      else {
        const fetched = await pending.get(by)!;
        pending.delete(by);
        strip = this.assemble(by, r0, rows, fetched);
      }
      decoded += strip.decoded;
      for (let r = 0; r < rows; r++) visit(r0 - win.row0 + r, r, strip.watched.subarray(r * W, (r + 1) * W), strip.before, strip.after, r * W * bands, strip.spans[r]!);
      endStrip?.(r0 - win.row0, rows);
    }
    this.decodedBlocks = decoded;
  }

  /** Bytes of the cache budget not taken by kept strips. */
  cacheRoomBytes(): number {
    return this.cacheBudgetBytes - this.cacheBytes;
  }

  /** The strip's watch mask and its watched blocks of both dates, decoded. */
  private async fetchStrip(by: number): Promise<FetchedStrip> {
    const { win, W, bands } = this;
    const bw = this.files.before.blockWidth;
    const bh = this.files.before.blockHeight;
    const r0 = Math.max(win.row0, by * bh);
    const rows = Math.min(win.row0 + win.height, (by + 1) * bh) - r0;
    const watched = new Uint8Array(rows * W);
    const burnt = burnStrip(this.area.polygons, { col0: win.col0, row0: r0, width: W, height: rows }, watched, 1, bw);
    const watchedColumns = burnt.columns;
    const spans = rowSpans(burnt.spans, rows, W);
    const jobs: Promise<FetchedBlock>[] = [];
    const bx0 = Math.floor(win.col0 / bw);
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
    return { watched, spans, blocks: await Promise.all(jobs) };
  }

  /** Copies a fetched strip into the strip buffers, and keeps it packed while the cache budget lasts. */
  private assemble(by: number, r0: number, rows: number, fetched: FetchedStrip): Strip {
    const { win, W, bands } = this;
    const bw = this.files.before.blockWidth;
    const bh = this.files.before.blockHeight;
    const len = rows * W * bands;
    const before = this.stripBefore.subarray(0, len);
    const after = this.stripAfter.subarray(0, len);
    for (const blk of fetched.blocks) {
      const samples = blk.load();
      const span = (blk.c1 - blk.c0) * bands;
      for (let r = 0; r < rows; r++) {
        const src = ((r0 + r - by * bh) * bw + (blk.c0 + win.col0 - blk.bx * bw)) * bands;
        const dst = (r * W + blk.c0) * bands;
        before.set(samples.before.subarray(src, src + span), dst);
        after.set(samples.after.subarray(src, src + span), dst);
      }
    }
    const strip = { before, after, watched: fetched.watched, spans: fetched.spans, decoded: fetched.blocks.length };
    let packedLen = 0;
    for (const spans of strip.spans) for (let k = 0; k < spans.length; k += 2) packedLen += (spans[k + 1]! - spans[k]!) * bands;
    const bytes = 2 * packedLen * before.BYTES_PER_ELEMENT + rows * W;
    if (this.cacheBytes + bytes <= this.cacheBudgetBytes) {
      this.cacheBytes += bytes;
      this.cache.set(by, { ...this.packed(strip, packedLen), watched: strip.watched, spans: strip.spans, decoded: strip.decoded });
    }
    return strip;
  }

  /** The samples inside each row's visit spans, row by row. */
  private packed(strip: Strip, packedLen: number): { packedBefore: RowSamples; packedAfter: RowSamples } {
    const { W, bands } = this;
    // Fresh arrays of the strip's sample type (slice would copy samples about to be overwritten).
    const make = (): RowSamples => (strip.before instanceof Uint16Array ? new Uint16Array(packedLen) : new Uint8Array(packedLen));
    const packedBefore = make();
    const packedAfter = make();
    let o = 0;
    strip.spans.forEach((spans, r) => {
      for (let k = 0; k < spans.length; k += 2) {
        const a = (r * W + spans[k]!) * bands;
        const b = (r * W + spans[k + 1]!) * bands;
        packedBefore.set(strip.before.subarray(a, b), o);
        packedAfter.set(strip.after.subarray(a, b), o);
        o += b - a;
      }
    });
    return { packedBefore, packedAfter };
  }

  /** A kept strip back in the strip buffers: its visit spans are all any pass reads of a row. */
  private unpack(kept: CachedStrip, rows: number): Strip {
    const { W, bands } = this;
    const before = this.stripBefore.subarray(0, rows * W * bands);
    const after = this.stripAfter.subarray(0, rows * W * bands);
    let o = 0;
    kept.spans.forEach((spans, r) => {
      for (let k = 0; k < spans.length; k += 2) {
        const a = (r * W + spans[k]!) * bands;
        const n = (spans[k + 1]! - spans[k]!) * bands;
        before.set(kept.packedBefore.subarray(o, o + n), a);
        after.set(kept.packedAfter.subarray(o, o + n), a);
        o += n;
      }
    });
    return { before, after, watched: kept.watched, spans: kept.spans, decoded: kept.decoded };
  }

  async close(): Promise<void> {
    this.cache.clear();
    for (const reader of this.readers) reader.close();
    for (const fd of this.fds) closeSync(fd);
    await this.pool?.close();
  }
}
