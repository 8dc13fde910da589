// The streaming form of a scan's pixel half, for pairs on one grid with a fixed threshold and
// plain CVA: the watched window is walked one block row (strip) at a time; worker threads decode
// both dates' blocks and run the fused change kernel over each block's watched spans, handing back
// its changed pixels; the main thread cleans speckle, labels runs across strip seams and traces
// each component as soon as it is complete. Memory is a few strips' change lists, a few blocks
// per thread and the open components — nothing per pixel of a strip, which would grow with the
// window's width.
// The results equal findChanges on the whole window (test/unit/perf/stream-equivalence.test.ts).
import { InputError } from '../core/errors.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { windowGrid } from '../core/raster/affine.js';
import { burnPolygons, forEachSpanIn } from '../core/raster/rasterise.js';
import { watchGeometry, type WatchGeometry } from '../core/raster/watch-area.js';
import { RunLabeller, type RunComponent } from '../core/detect/stream/run-labeller.js';
import { blobOfRuns } from '../core/detect/stream/run-blob.js';
import { minBlobPixels, type ChangeBlob } from '../core/detect/find-changes.js';
import { setNeighbours } from '../core/detect/clean.js';
import type { BorderSegment, Grid, PixelWindow, SegmentId } from '../core/types.js';
import { isUrlLocation } from '../io/tiff/byte-source.js';
import { fastBlockFile } from '../io/tiff/fast-blocks.js';
import type { PairFiles, PairBlockResult } from '../io/tiff/pair-blocks.js';
import { PairBlockPool } from '../io/tiff/pair-pool.js';
import { YoungGenerationCap } from '../io/threads/young-generation.js';
import { BlockWatchMask } from '../core/detect/stream/block-watch-mask.js';
import type { OpenTile } from '../io/tiff/open.js';
import { sameGrid } from '../core/raster/affine.js';

export interface StreamOptions<T = never> {
  /** Decode threads; 0 = inline on this thread. */
  readonly threads: number;
  /** Bounds the strips in flight (a strip counted at a block's pixels, in bytes, per block column of the window: an upper bound). */
  readonly maxMemoryMb: number;
  /**
   * Work to do on each blob as soon as it is traced (e.g. clipping it to the segments), given the
   * window's grid and the segments touching the tile: it runs on this thread while the decode
   * threads work on later strips, instead of after the last strip.
   */
  readonly prepare?: (grid: Grid, segments: readonly BorderSegment[]) => (blob: ChangeBlob) => T;
}

export interface StreamParams {
  readonly threshold: number;
  readonly speckleMinNeighbours: number;
  readonly minAreaM2: number;
  readonly pixelAreaM2: (grid: Grid) => number;
}

export interface StreamSegmentCoverage {
  readonly segmentId: SegmentId;
  readonly watchedPixels: number;
  readonly observedShare: number;
}

export interface StreamOutcome<T = never> {
  readonly window: PixelWindow;
  readonly grid: Grid;
  readonly segments: BorderSegment[];
  /**
   * The blobs, in raster order of their first pixel — only without `prepare`: with it, each blob's
   * outline is dropped once prepared (on a 40,000² tile the outlines of 13,000 blobs were a third
   * of the main heap, held beside the candidates made of them).
   */
  readonly blobs: ChangeBlob[];
  /** What `prepare` made of each blob, in raster order of their first pixel (null without `prepare`). */
  readonly prepared: T[] | null;
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly changedPixels: number;
  readonly decodedBlocks: number;
  readonly coverage: StreamSegmentCoverage[];
  /** Busy time per stage, summed over threads (they overlap in wall time). */
  readonly busyMs: { decode: number; change: number; label: number; polygons: number; coverage: number; prepare: number };
}

/** The two files' block readers when the pair can be streamed, else null (use the in-memory path). */
export function streamableFiles(baseline: OpenTile, current: OpenTile): PairFiles | null {
  // The streaming threads read local files with readSync; remote tiles go through the byte source.
  if (isUrlLocation(baseline.path) || isUrlLocation(current.path)) return null;
  if (!sameGrid(baseline.grid, current.grid)) return null;
  const before = fastBlockFile(baseline.path, baseline.layout);
  const after = fastBlockFile(current.path, current.layout);
  if (!before || !after) return null;
  const same = (['bands', 'blockWidth', 'blockHeight', 'blocksAcross', 'bitsPerSample', 'tiled'] as const).every((k) => before[k] === after[k]);
  if (!same) return null;
  if (before.nodata !== null && after.nodata !== null && before.nodata !== after.nodata) return null;
  return { before, after };
}

interface StripBlock {
  readonly bx: number;
  readonly c0: number;
  readonly c1: number;
  changes: Float32Array;
  /** Next entry of `changes` to label, and next to mark in the speckle rows (they run one row ahead). */
  cursor: number;
  ahead: number;
}

/** A strip as the main thread keeps it: the change lists of its watched blocks, no per-pixel bytes. */
interface Strip {
  readonly row0: number; // window rows
  readonly rows: number;
  readonly blocks: StripBlock[];
}

export interface OwnArea {
  readonly segmentId: SegmentId;
  readonly geometry: WatchGeometry;
  watched: number;
  seen: number;
}

export async function streamChanges<T = never>(
  baseline: OpenTile,
  files: PairFiles,
  segments: readonly BorderSegment[],
  params: StreamParams,
  opts: StreamOptions<T>,
): Promise<StreamOutcome<T>> {
  const geometry = watchGeometry(segments, baseline.grid, transformer(WGS84, baseline.grid.crs));
  const { window } = geometry;
  // A tile no corridor touches is turned away before any thread is started (a batch may hold many).
  if (!window) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');
  // Started now, each decode thread's own start-up (~0.1 s) overlaps working out the segments' own
  // corridors and the blocks' spans below, which a corridor scan's first strip waited for.
  const pool = new PairBlockPool(files, opts.threads);
  // Survivors of the labelling and tracing keep growing this thread's young generation over a long
  // scan (a 40,000² tile's): held at the size a 10,980² scan reaches (young-generation.ts).
  const youngCap = new YoungGenerationCap();
  try {
    return await streamWith(pool, { ...geometry, window }, baseline, files, params, opts, youngCap);
  } finally {
    youngCap.release();
    await pool.close();
  }
}

async function streamWith<T>(
  pool: PairBlockPool,
  area: WatchGeometry & { readonly window: PixelWindow },
  baseline: OpenTile,
  files: PairFiles,
  params: StreamParams,
  opts: StreamOptions<T>,
  youngCap: YoungGenerationCap,
): Promise<StreamOutcome<T>> {
  const win = area.window;
  const grid = windowGrid(baseline.grid, win);
  const W = win.width;
  const H = win.height;
  const bw = baseline.blockWidth;
  const bh = baseline.blockHeight;
  const busy = { decode: 0, change: 0, label: 0, polygons: 0, coverage: 0, prepare: 0 };
  const wgsToCrs = transformer(WGS84, grid.crs);
  const own: OwnArea[] = area.segments.map((s) => ({ segmentId: s.id, geometry: watchGeometry([s], grid, wgsToCrs), watched: 0, seen: 0 }));

  const minPixels = minBlobPixels(params.minAreaM2, params.pixelAreaM2(grid));
  const pixelAreaM2 = params.pixelAreaM2(grid);
  const found: { row: number; col: number; blob: ChangeBlob | null; prepared: T | undefined }[] = [];
  const prepare = opts.prepare?.(grid, area.segments);
  const labeller = new RunLabeller((c: RunComponent) => {
    if (c.pixelCount < minPixels) return;
    const t = performance.now();
    const blob = blobOfRuns(c, pixelAreaM2);
    const t1 = performance.now();
    found.push(prepare ? { row: c.firstRow, col: c.firstCol, blob: null, prepared: prepare(blob) } : { row: c.firstRow, col: c.firstCol, blob, prepared: undefined });
    busy.polygons += t1 - t;
    busy.prepare += performance.now() - t1;
  });

  let watchedPixels = 0;
  let observedPixels = 0;
  let changedPixels = 0;
  let decodedBlocks = 0;
  const by0 = Math.floor(win.row0 / bh);
  const by1 = Math.floor((win.row0 + H - 1) / bh);
  const bx0 = Math.floor(win.col0 / bw);
  const bx1 = Math.floor((win.col0 + W - 1) / bw);
  // Per-segment coverage needs each block's observed bits back from its thread (one segment's
  // corridor is the whole watch area, counted by the threads).
  const wantState = own.length > 1;
  const blockMask = new BlockWatchMask(area.polygons);
  // Strips are started ahead only while the threads need work: a 40,000-wide strip is 79 block
  // tasks, a corridor strip a handful. Two strips at least, so the threads decode the next one
  // while this one is labelled. What a strip holds is its change lists (and, with several
  // segments, its blocks' state bytes until counted): the budget's quarter bounds strips of those.
  const blockBytes = Math.min(bh, H) * Math.min(bw, W);
  const stripBytes = (bx1 - bx0 + 1) * blockBytes;
  const maxInFlight = Math.max(2, Math.min(8, Math.floor((opts.maxMemoryMb * 2 ** 20) / 4 / stripBytes)));
  const queuedTasksWanted = 8 * Math.max(1, opts.threads);
  let taskId = 0;

  const startStrip = (by: number): { strip: Strip; done: Promise<PairBlockResult[]> } => {
    const r0 = Math.max(win.row0, by * bh);
    const r1 = Math.min(win.row0 + H, (by + 1) * bh);
    const rows = r1 - r0;
    const strip: Strip = { row0: r0 - win.row0, rows, blocks: [] };
    const tasks: Promise<PairBlockResult>[] = [];
    blockMask.startStrip(r0, rows);
    for (let bx = bx0; bx <= bx1; bx++) {
      const c0 = Math.max(win.col0, bx * bw) - win.col0;
      const c1 = Math.min(win.col0 + W, (bx + 1) * bw) - win.col0;
      const watchSpans = blockMask.spans(c0 + win.col0, c1 - c0);
      if (watchSpans.length === 0) continue;
      decodedBlocks++;
      strip.blocks.push({ bx, c0, c1, changes: new Float32Array(0), cursor: 0, ahead: 0 });
      tasks.push(pool.run({
        id: taskId++, bx, by, watchSpans, wantState, threshold: params.threshold, windowRow: r0 - win.row0, windowCol: c0,
        region: { bands: files.before.bands, blockWidth: bw, col0: c0 + win.col0 - bx * bw, row0: r0 - by * bh, width: c1 - c0, height: rows, stateOffset: 0, stateStride: c1 - c0 },
      }));
    }
    const done = Promise.all(tasks);
    // Strips queued behind one that failed are never awaited: mark their rejection as seen.
    done.catch(() => undefined);
    return { strip, done };
  };

  // Rows are labelled one behind the newest strip: speckle cleaning looks one row down. A strip's
  // change lists are dropped as soon as its last row is labelled (rows above live on as speckle
  // bits), so at most the strip being labelled and the one after it hold lists.
  const live: Strip[] = [];
  let nextRow = 0;
  const stripOf = (row: number): Strip | null => live.find((s) => row >= s.row0 && row < s.row0 + s.rows) ?? null;
  const k = params.speckleMinNeighbours;
  // Speckle cleaning counts changed neighbours: the raw change bits of three rows (the labelled
  // one and its neighbours), marked from the change lists in a ring of row buffers.
  const changedRows = k > 0 ? [new Uint8Array(W), new Uint8Array(W), new Uint8Array(W)] : null;
  let markedRows = 0;
  const markChanged = (row: number): void => {
    const bits = changedRows![row % 3]!;
    bits.fill(0);
    for (const blk of stripOf(row)?.blocks ?? []) {
      const ch = blk.changes;
      for (; blk.ahead < ch.length && ch[blk.ahead] === row; blk.ahead += 4) bits[ch[blk.ahead + 1]!] = 1;
    }
  };
  const labelRow = (row: number): void => {
    const s = stripOf(row)!;
    let mid: Uint8Array | null = null, up: Uint8Array | null = null, down: Uint8Array | null = null;
    if (changedRows) {
      for (; markedRows <= Math.min(row + 1, H - 1); markedRows++) markChanged(markedRows);
      mid = changedRows[row % 3]!;
      up = row > 0 ? changedRows[(row - 1) % 3]! : null;
      down = row + 1 < H ? changedRows[(row + 1) % 3]! : null;
    }
    labeller.beginRow(row);
    let runStart = -1, runEnd = -2, sSum = 0, sMax = 0, bSum = 0;
    for (const blk of s.blocks) {
      const ch = blk.changes;
      // Each block lists its changed pixels in raster order: this row's are next in line.
      for (; blk.cursor < ch.length && ch[blk.cursor] === row; blk.cursor += 4) {
        const c = ch[blk.cursor + 1]!;
        const score = ch[blk.cursor + 2]!;
        const bright = ch[blk.cursor + 3]!;
        if (mid && setNeighbours(mid, up, down, c, W) < k) continue;
        changedPixels++;
        if (c === runEnd + 1) {
          runEnd = c;
          sSum += score;
          if (score > sMax) sMax = score;
          bSum += bright;
        } else {
          if (runStart >= 0) labeller.addRun(runStart, runEnd, sSum, sMax, bSum);
          runStart = runEnd = c;
          sSum = sMax = score;
          bSum = bright;
        }
      }
    }
    if (runStart >= 0) labeller.addRun(runStart, runEnd, sSum, sMax, bSum);
    labeller.endRow();
  };

  const finishStrip = (s: Strip, results: PairBlockResult[]): void => {
    youngCap.check();
    const t0 = performance.now();
    results.forEach((r, i) => {
      const blk = s.blocks[i]!;
      blk.changes = r.changes;
      watchedPixels += r.watched;
      observedPixels += r.observed;
      busy.decode += r.decodeMs;
      busy.change += r.changeMs;
      if (r.state) countCoverage(own, { row0: s.row0, rows: s.rows, state: r.state }, blk.c1 - blk.c0, blk.c0);
    });
    const t1 = performance.now();
    busy.coverage += t1 - t0;
    live.push(s);
    // Label every row whose next row is now available (all of them after the last strip).
    const last = s.row0 + s.rows === H;
    const until = last ? H : s.row0 + s.rows - 1;
    // Blobs traced (and prepared) in these rows are timed as their own stages, not as labelling.
    const inner = busy.polygons + busy.prepare;
    for (; nextRow < until; nextRow++) labelRow(nextRow);
    while (live.length > 0 && live[0]!.row0 + live[0]!.rows <= nextRow) live.shift();
    busy.label += performance.now() - t1 - (busy.polygons + busy.prepare - inner);
  };

  const queue: { strip: Strip; done: Promise<PairBlockResult[]> }[] = [];
  const queuedTasks = (): number => queue.reduce((n, q) => n + q.strip.blocks.length, 0);
  for (let by = by0; by <= by1; by++) {
    queue.push(startStrip(by));
    while (queue.length >= maxInFlight || (queue.length >= 2 && queuedTasks() >= queuedTasksWanted)) {
      const head = queue.shift()!;
      finishStrip(head.strip, await head.done);
    }
  }
  while (queue.length > 0) {
    const head = queue.shift()!;
    finishStrip(head.strip, await head.done);
  }
  const t = performance.now();
  const inner = busy.polygons + busy.prepare;
  labeller.finish();
  busy.label += performance.now() - t - (busy.polygons + busy.prepare - inner);
  if (watchedPixels === 0) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');
  found.sort((p, q) => p.row - q.row || p.col - q.col);
  return {
    window: win,
    grid,
    segments: area.segments,
    blobs: prepare ? [] : found.map((f) => f.blob!),
    prepared: prepare ? found.map((f) => f.prepared as T) : null,
    watchedPixels,
    observedPixels,
    changedPixels,
    decodedBlocks,
    coverage: coverageOf(own, watchedPixels, observedPixels),
    busyMs: busy,
  };
}

/** Each segment's coverage; one segment's corridor is the whole watch area, counted as it was read. */
export function coverageOf(own: readonly OwnArea[], watchedPixels: number, observedPixels: number): StreamSegmentCoverage[] {
  const share = (seen: number, watched: number): number => (watched ? Math.round((seen / watched) * 1000) / 1000 : 0);
  return own.length === 1
    ? [{ segmentId: own[0]!.segmentId, watchedPixels, observedShare: share(observedPixels, watchedPixels) }]
    : own.map((o) => ({ segmentId: o.segmentId, watchedPixels: o.watched, observedShare: share(o.seen, o.watched) }));
}

/**
 * Per segment: its own corridor pixels in this part of a strip, and how many of them were observed
 * (state bit 4). `state` covers window columns [col0, col0 + W), row-major with stride W.
 */
export function countCoverage(own: OwnArea[], s: { readonly row0: number; readonly rows: number; readonly state: Uint8Array }, W: number, col0 = 0): void {
  for (const o of own) {
    const w = o.geometry.window;
    if (!w) continue;
    const r0 = Math.max(w.row0, s.row0);
    const r1 = Math.min(w.row0 + w.height, s.row0 + s.rows);
    const c0 = Math.max(w.col0, col0);
    const c1 = Math.min(w.col0 + w.width, col0 + W);
    if (r0 >= r1 || c0 >= c1) continue;
    const sub = { col0: c0, row0: r0, width: c1 - c0, height: r1 - r0 };
    const polygons = o.geometry.polygons;
    if (polygons.length === 1) {
      // One polygon (a corridor, as a rule): its spans never overlap, so no mask is needed.
      forEachSpanIn(polygons[0]!, sub, (row, a, b) => {
        const base = (row - s.row0) * W - col0;
        o.watched += b - a;
        for (let i = base + a; i < base + b; i++) o.seen += (s.state[i]! >> 2) & 1;
      });
      continue;
    }
    // Several polygons may overlap: a pixel counts once.
    const mask = new Uint8Array(sub.width * sub.height);
    burnPolygons(polygons, sub, mask, 1);
    for (let r = 0; r < sub.height; r++) {
      const mBase = r * sub.width;
      const sBase = (r0 + r - s.row0) * W + c0 - col0;
      for (let c = 0; c < sub.width; c++) {
        if (mask[mBase + c] === 0) continue;
        o.watched++;
        o.seen += (s.state[sBase + c]! >> 2) & 1;
      }
    }
  }
}
