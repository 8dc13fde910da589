// The first two passes of a streamed whole-window scan, before any score: the watched window and
// its reader, (1) jointly observed watched pixels and per-segment coverage, (2) the pixels
// normaliseRadiometry would sample (every stride-th observed one) and its per-band fit.
import { InputError } from '../core/errors.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { windowGrid } from '../core/raster/affine.js';
import { maxBlocksPerStrip, watchGeometry } from '../core/raster/watch-area.js';
import { normaliseRadiometry, type LinearFit } from '../core/raster/normalise.js';
import { observedRow } from '../core/detect/stream/default-rows.js';
import type { BorderSegment, Grid, PixelWindow, Raster, SegmentId } from '../core/types.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import type { OpenTile } from '../io/tiff/open.js';
import { countCoverage, coverageOf, type StreamSegmentCoverage } from './stream-scan.js';
import { WindowRows } from './window-rows.js';

/** Window rows per-segment coverage is counted over at once (a window-wide state row each). */
const COVERAGE_ROWS = 32;

/** normaliseRadiometry's sample cap (its default): the streamed sample must be the same pixels. */
const MAX_NORMALISE_SAMPLES = 50_000;

export interface PreludeParams {
  readonly normalise: boolean;
  /** Decoded strips kept between passes up to this many MiB; beyond it strips are decoded per pass. */
  readonly cacheMb: number;
  /** Decode threads (0 = on this thread). */
  readonly threads: number;
}

export interface StreamWindow {
  readonly rows: WindowRows;
  readonly window: PixelWindow;
  readonly grid: Grid;
  readonly segments: BorderSegment[];
  readonly watchedPixels: number;
  readonly observedPixels: number;
  /** The fits the scores use (identity when not normalising) and the fitted ones (null then). */
  readonly fits: readonly LinearFit[];
  readonly normalisedFits: readonly LinearFit[] | null;
  readonly coverage: StreamSegmentCoverage[];
}

/** Opens the watched window of a local pair and runs the two passes; the caller closes `rows`. */
export async function streamPrelude(baseline: OpenTile, files: PairFiles, segments: readonly BorderSegment[], params: PreludeParams): Promise<StreamWindow> {
  const area = watchGeometry(segments, baseline.grid, transformer(WGS84, baseline.grid.crs));
  if (!area.window) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');
  const win = area.window;
  const grid = windowGrid(baseline.grid, win);
  const wgsToCrs = transformer(WGS84, grid.crs);
  const own = area.segments.map((s) => ({ segmentId: s.id as SegmentId, geometry: watchGeometry([s], grid, wgsToCrs), watched: 0, seen: 0 }));
  // Threads decode a strip ahead, so the watched blocks of two strips of both dates are alive at
  // once: only when that fits the cache's share of the budget (a whole wide window decodes inline,
  // keeping peak memory bounded; corridors touch a few blocks a strip and get the threads).
  const blockPairBytes = files.before.blockWidth * files.before.blockHeight * files.before.bands * (files.before.bitsPerSample / 8) * 2;
  const inFlightBytes = 2 * maxBlocksPerStrip(area.polygons, win, files.before.blockWidth, files.before.blockHeight) * blockPairBytes;
  const threads = inFlightBytes <= params.cacheMb * 2 ** 20 ? params.threads : 0;
  const rows = new WindowRows(files, win, area, params.cacheMb * 2 ** 20, threads);
  try {
    const { W, bands } = rows;
    const nb = files.before.nodata;
    const na = files.after.nodata;
    let watchedPixels = 0;
    let observedPixels = 0;
    // Per-segment coverage is counted COVERAGE_ROWS rows at a time (not a strip's 512 window-wide
    // rows at once): its state rows are as wide as the window.
    const chunkRows = Math.min(COVERAGE_ROWS, files.before.blockHeight, win.height);
    const state = new Uint8Array(chunkRows * W);
    let stateRow0 = 0;
    let stateRows = 0;
    const flushCoverage = (): void => {
      if (stateRows > 0 && own.length > 1) countCoverage(own, { row0: stateRow0, rows: stateRows, state }, W);
      stateRows = 0;
    };
    const obsRow = new Uint8Array(W);
    await rows.forEachRow((r, watched, before, after, sampleBase, spans) => {
      if (stateRows === chunkRows) flushCoverage();
      if (stateRows === 0) stateRow0 = r;
      const base = stateRows++ * W;
      state.fill(0, base, base + W);
      for (let k = 0; k < spans.length; k += 2) {
        const c0 = spans[k]!, c1 = spans[k + 1]!;
        observedPixels += observedRow(watched.subarray(c0, c1), before, after, sampleBase[k >> 1]! + c0 * bands, bands, nb, na, obsRow.subarray(c0, c1));
        for (let c = c0; c < c1; c++) {
          watchedPixels += watched[c]!;
          state[base + c] = obsRow[c]! << 2;
        }
      }
    });
    flushCoverage();
    if (watchedPixels === 0) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');

    let fits: LinearFit[] = Array.from({ length: bands }, () => ({ gain: 1, offset: 0 }));
    let normalisedFits: LinearFit[] | null = null;
    if (params.normalise) {
      const stride = Math.max(1, Math.ceil(observedPixels / MAX_NORMALISE_SAMPLES));
      const k = Math.ceil(observedPixels / stride);
      const xs = Array.from({ length: bands }, () => new Float32Array(k));
      const ys = Array.from({ length: bands }, () => new Float32Array(k));
      let seen = 0;
      let taken = 0;
      await rows.forEachRow((_r, watched, before, after, sampleBase, spans) => {
        for (let k = 0; k < spans.length; k += 2) {
          const c0 = spans[k]!, c1 = spans[k + 1]!;
          observedRow(watched.subarray(c0, c1), before, after, sampleBase[k >> 1]! + c0 * bands, bands, nb, na, obsRow.subarray(c0, c1));
        }
        for (let k = 0; k < spans.length; k += 2) for (let c = spans[k]!; c < spans[k + 1]!; c++) {
          if (obsRow[c] !== 1) continue;
          if (seen++ % stride !== 0) continue;
          const p = sampleBase[k >> 1]! + c * bands;
          for (let b = 0; b < bands; b++) {
            ys[b]![taken] = before[p + b]!;
            xs[b]![taken] = after[p + b]!;
          }
          taken++;
        }
      });
      const sampleGrid: Grid = { ...grid, width: taken, height: 1 };
      const ones = new Uint8Array(taken).fill(1);
      const raster = (bandsOf: Float32Array[]): Raster => ({ grid: sampleGrid, observed: ones, bands: bandsOf.map((x) => x.subarray(0, taken)) });
      normalisedFits = normaliseRadiometry(raster(ys), raster(xs)).fits.slice();
      fits = normalisedFits;
    }
    return { rows, window: win, grid, segments: area.segments, watchedPixels, observedPixels, fits, normalisedFits, coverage: coverageOf(own, watchedPixels, observedPixels) };
  } catch (err) {
    await rows.close();
    throw err;
  }
}
