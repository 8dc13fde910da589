// The previous product default, still selectable (normalised CVA, 3×3 mean, Otsu with noise
// floor), streamed row by row in bounded memory: the pair is decoded again for each of seven
// passes rather than held —
// (1) count jointly observed watched pixels and coverage, (2) gather the normalisation sample and
// fit, (3–6) two-pass exact order statistics of the scores and of their deviations from the median,
// with Otsu's histogram filled in pixel order, (7) threshold, speckle, label and trace. Memory is
// one block row of both dates, a few score rows and the open components, never the window.
// The results equal findChanges on the whole window (test/unit/perf/stream-default-equivalence.test.ts).
import type { LinearFit } from '../core/raster/normalise.js';
import type { ThresholdChoice } from '../core/detect/threshold/choose.js';
import { StreamedOtsu } from '../core/detect/stream/streamed-otsu.js';
import { cvaRow, mean3Row, observedRow, rowSums3, type RowSamples } from '../core/detect/stream/default-rows.js';
import { BlobRows } from '../core/detect/stream/blob-rows.js';
import { minBlobPixels, type ChangeBlob } from '../core/detect/find-changes.js';
import type { BorderSegment, Grid, PixelWindow } from '../core/types.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import type { OpenTile } from '../io/tiff/open.js';
import type { StreamSegmentCoverage } from './stream-scan.js';
import { streamPrelude } from './stream-prelude.js';
import type { WindowRows } from './window-rows.js';

export interface DefaultStreamParams {
  readonly normalise: boolean;
  readonly speckleMinNeighbours: number;
  readonly minAreaM2: number;
  readonly pixelAreaM2: (grid: Grid) => number;
  /**
   * Decoded strips kept between passes up to this many MiB (the first strips of the window), so a
   * window that fits is decoded once; beyond it strips are decoded again on every pass.
   */
  readonly cacheMb: number;
  /** Decode threads (0 = on this thread); the scoring runs here while they decode the next strip. */
  readonly threads: number;
}

export interface DefaultStreamOutcome {
  readonly window: PixelWindow;
  readonly grid: Grid;
  readonly segments: BorderSegment[];
  readonly blobs: ChangeBlob[];
  readonly threshold: ThresholdChoice;
  readonly fits: readonly LinearFit[] | null;
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly decodedBlocks: number;
  readonly coverage: StreamSegmentCoverage[];
}

interface ScoreSlot {
  row: number;
  /** The column spans this row was computed on; outside them the slot holds unwatched values. */
  spans: Int32Array;
  readonly observed: Uint8Array;
  readonly raw: Float32Array;
  readonly sums: { s: Float64Array; k: Uint8Array };
  readonly score: Float32Array;
  readonly before: RowSamples;
  readonly after: RowSamples;
}

/** The smoothed score of every window row, in order (each row once its lower neighbour is known). */
async function forEachScoreRow(rows: WindowRows, fits: readonly LinearFit[], keepSamples: boolean, visit: (r: number, slot: ScoreSlot) => void): Promise<void> {
  const { W, bands, win } = rows;
  const samples = (like: RowSamples): RowSamples => (!keepSamples ? like.subarray(0, 0) : like instanceof Uint16Array ? new Uint16Array(W * bands) : new Uint8Array(W * bands));
  const ring: ScoreSlot[] = [];
  const nb = rows.files.before.nodata;
  const na = rows.files.after.nodata;
  const emit = (r: number): void => {
    const mid = ring[r % 3]!;
    for (let k = 0; k < mid.spans.length; k += 2) {
      const c0 = mid.spans[k]!, c1 = mid.spans[k + 1]!;
      // Neighbour rows hold unwatched sums (0, 0) wherever their own range did not reach.
      const part = (x: { s: Float64Array; k: Uint8Array }): { s: Float64Array; k: Uint8Array } => ({ s: x.s.subarray(c0, c1), k: x.k.subarray(c0, c1) });
      const up = r > 0 ? part(ring[(r - 1) % 3]!.sums) : null;
      const down = r + 1 < win.height ? part(ring[(r + 1) % 3]!.sums) : null;
      mean3Row(mid.raw.subarray(c0, c1), up, part(mid.sums), down, mid.score.subarray(c0, c1));
    }
    visit(r, mid);
  };
  await rows.forEachRow((r, watched, before, after, sampleBase, spans) => {
    if (ring.length < 3) {
      ring.push({ row: -1, spans: new Int32Array(0), observed: new Uint8Array(W), raw: new Float32Array(W), sums: { s: new Float64Array(W), k: new Uint8Array(W) }, score: new Float32Array(W), before: samples(before), after: samples(after) });
    }
    const slot = ring[r % 3]!;
    slot.row = r;
    // Back to what an unwatched row holds over the columns this slot's last row used (its raw
    // values are never read outside a row's own range).
    for (let k = 0; k < slot.spans.length; k += 2) {
      const c0 = slot.spans[k]!, c1 = slot.spans[k + 1]!;
      slot.observed.fill(0, c0, c1);
      slot.sums.s.fill(0, c0, c1);
      slot.sums.k.fill(0, c0, c1);
      slot.score.fill(NaN, c0, c1);
    }
    slot.spans = spans;
    for (let k = 0; k < spans.length; k += 2) {
      const c0 = spans[k]!, c1 = spans[k + 1]!;
      const from = sampleBase[k >> 1]! + c0 * bands;
      const to = from + (c1 - c0) * bands;
      observedRow(watched.subarray(c0, c1), before, after, from, bands, nb, na, slot.observed.subarray(c0, c1));
      cvaRow(slot.observed.subarray(c0, c1), before, after, from, fits, slot.raw.subarray(c0, c1));
      rowSums3(slot.raw.subarray(c0, c1), slot.sums.s.subarray(c0, c1), slot.sums.k.subarray(c0, c1));
      if (keepSamples) {
        slot.before.set(before.subarray(from, to), c0 * bands);
        slot.after.set(after.subarray(from, to), c0 * bands);
      }
    }
    if (r > 0) emit(r - 1);
  });
  emit(win.height - 1);
}

/** The in-memory threshold (otsuWithNoiseFloor) from four streamed passes over the scores. */
async function streamedOtsu(rows: WindowRows, fits: readonly LinearFit[], observedPixels: number): Promise<ThresholdChoice> {
  // The observed scores in pixel order, kept when they fit in what the strip cache left of its
  // budget: the three later passes then read them instead of decoding and scoring again.
  let kept: Float32Array | null = observedPixels * 4 <= rows.cacheRoomBytes() ? new Float32Array(observedPixels) : null;
  let n = 0;
  const each = async (f: (v: number) => void): Promise<void> => {
    if (kept) {
      for (let i = 0; i < kept.length; i++) f(kept[i]!);
      return;
    }
    await forEachScoreRow(rows, fits, false, (_r, slot) => {
      const spans = slot.spans;
      for (let k = 0; k < spans.length; k += 2) {
        for (let c = spans[k]!; c < spans[k + 1]!; c++) {
          const v = slot.score[c]!;
          if (slot.observed[c] === 1 && Number.isFinite(v)) f(v);
        }
      }
    });
  };
  const otsu = new StreamedOtsu(false);
  const store = kept;
  kept = null;
  await each((v) => {
    otsu.add(v);
    if (store) store[n] = v;
    n++;
  });
  kept = store ? store.subarray(0, n) : null;
  otsu.endPass();
  while (!otsu.done) {
    await each((v) => otsu.add(v));
    otsu.endPass();
  }
  if (n === 0) return { threshold: Infinity, method: 'otsu', noChange: true, splitThreshold: NaN, noiseFloor: NaN, changedCount: 0 };
  const { split, medianFloor: noiseFloor } = otsu.result();
  const threshold = Math.max(split, noiseFloor);
  // changedCount and noChange are filled in by the labelling pass (same rule: observed and > threshold).
  return { threshold, method: 'otsu', noChange: false, splitThreshold: split, noiseFloor, changedCount: 0 };
}

export async function streamDefaultChanges(baseline: OpenTile, files: PairFiles, segments: readonly BorderSegment[], params: DefaultStreamParams): Promise<DefaultStreamOutcome> {
  // Passes 1–2: coverage, observed pixels and the normalisation fit (stream-prelude.ts).
  const w = await streamPrelude(baseline, files, segments, params);
  const { rows, fits, observedPixels } = w;
  try {
    // Passes 3–6: the threshold, exactly as chooseThreshold's default computes it.
    const choice = await streamedOtsu(rows, fits, observedPixels);
    // Pass 7: change → speckle → label → trace, rows one behind the scores (blob-rows.ts).
    const pixelAreaM2 = params.pixelAreaM2(w.grid);
    const blobRows = new BlobRows({
      width: rows.W, height: w.window.height, bands: rows.bands, sixteenBit: files.before.bitsPerSample === 16, fits,
      cut: choice.threshold, seedCut: -Infinity, speckleMinNeighbours: params.speckleMinNeighbours,
      minPixels: minBlobPixels(params.minAreaM2, pixelAreaM2), pixelAreaM2,
    });
    await forEachScoreRow(rows, fits, true, (r, slot) => blobRows.push(r, slot.spans, slot.observed, slot.score, slot.before, slot.after, 0));
    const blobs = blobRows.finish();
    return {
      window: w.window,
      grid: w.grid,
      segments: w.segments,
      blobs,
      threshold: { ...choice, noChange: blobRows.changedCount === 0, changedCount: blobRows.changedCount },
      fits: w.normalisedFits,
      watchedPixels: w.watchedPixels,
      observedPixels,
      decodedBlocks: rows.decodedBlocks,
      coverage: w.coverage,
    };
  } finally {
    await rows.close();
  }
}
