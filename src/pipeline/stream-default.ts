// The product default (normalised CVA, 3×3 mean, Otsu with noise floor) streamed row by row in
// bounded memory: the pair is decoded again for each of seven passes rather than held —
// (1) count jointly observed watched pixels and coverage, (2) gather the normalisation sample and
// fit, (3–6) two-pass exact order statistics of the scores and of their deviations from the median,
// with Otsu's histogram filled in pixel order, (7) threshold, speckle, label and trace. Memory is
// one block row of both dates, a few score rows and the open components, never the window.
// The results equal findChanges on the whole window (test/unit/perf/stream-default-equivalence.test.ts).
import { InputError } from '../core/errors.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { windowGrid } from '../core/raster/affine.js';
import { watchGeometry } from '../core/raster/watch-area.js';
import { normaliseRadiometry, type LinearFit } from '../core/raster/normalise.js';
import { OtsuHistogram } from '../core/detect/threshold/otsu.js';
import { DEFAULT_NOISE_FLOOR_K, OTSU_IGNORED_TAIL, type ThresholdChoice } from '../core/detect/threshold/choose.js';
import { StreamRankSelect } from '../core/detect/stream/rank-select.js';
import { fittedDifference, cvaRow, mean3Row, observedRow, rowSums3, type RowSamples } from '../core/detect/stream/default-rows.js';
import { RunLabeller, type RunComponent } from '../core/detect/stream/run-labeller.js';
import { blobOfRuns } from '../core/detect/stream/run-blob.js';
import { minBlobPixels, type ChangeBlob } from '../core/detect/find-changes.js';
import type { BorderSegment, Grid, PixelWindow, Raster, SegmentId } from '../core/types.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import type { OpenTile } from '../io/tiff/open.js';
import { countCoverage, coverageOf, type StreamSegmentCoverage } from './stream-scan.js';
import { WindowRows } from './window-rows.js';

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

/** normaliseRadiometry's sample cap (its default): the streamed sample must be the same pixels. */
const MAX_NORMALISE_SAMPLES = 50_000;


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
  await rows.forEachRow((r, _rr, watched, before, after, offset, spans) => {
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
      const from = offset + c0 * bands;
      observedRow(watched.subarray(c0, c1), before, after, from, bands, nb, na, slot.observed.subarray(c0, c1));
      cvaRow(slot.observed.subarray(c0, c1), before, after, from, fits, slot.raw.subarray(c0, c1));
      rowSums3(slot.raw.subarray(c0, c1), slot.sums.s.subarray(c0, c1), slot.sums.k.subarray(c0, c1));
      if (keepSamples) {
        slot.before.set(before.subarray(from, offset + c1 * bands), c0 * bands);
        slot.after.set(after.subarray(from, offset + c1 * bands), c0 * bands);
      }
    }
    if (r > 0) emit(r - 1);
  });
  emit(win.height - 1);
}

/** The in-memory threshold (otsuWithNoiseFloor) from four streamed passes over the scores. */
async function streamedOtsu(rows: WindowRows, fits: readonly LinearFit[], observedPixels: number): Promise<ThresholdChoice> {
  const scores = new StreamRankSelect();
  let lo = Infinity;
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
  const store = kept;
  kept = null;
  await each((v) => {
    scores.addHigh(v);
    if (v < lo) lo = v;
    if (store) store[n] = v;
    n++;
  });
  kept = store ? store.subarray(0, n) : null;
  if (n === 0) return { threshold: Infinity, method: 'otsu', noChange: true, splitThreshold: NaN, noiseFloor: NaN, changedCount: 0 };
  const otsuCount = Math.ceil((1 - OTSU_IGNORED_TAIL) * n);
  const half = 0.5 * (n - 1);
  const k0 = Math.floor(half);
  const k1 = Math.min(k0 + 1, n - 1);
  scores.locate([otsuCount - 1, k0, k1]);
  await each((v) => scores.addLow(v));
  const [hi, q0, q1] = scores.values() as [number, number, number];
  const median = q0 + (q1 - q0) * (half - k0);

  const hist = hi > lo ? new OtsuHistogram(lo, hi) : null;
  let below = 0;
  const deviations = new StreamRankSelect();
  await each((v) => {
    if (hist && v < hi) {
      hist.add(v);
      below++;
    }
    deviations.addHigh(Math.fround(Math.abs(v - median)));
  });
  let split = hi;
  if (hist) {
    hist.addMany(hi, otsuCount - below);
    split = hist.cut();
  }
  deviations.locate([k0, k1]);
  await each((v) => deviations.addLow(Math.fround(Math.abs(v - median))));
  const [d0, d1] = deviations.values() as [number, number];
  const sigma = 1.4826 * (d0 + (d1 - d0) * (half - k0));
  const noiseFloor = median + DEFAULT_NOISE_FLOOR_K * sigma;
  const threshold = Math.max(split, noiseFloor);
  // changedCount and noChange are filled in by the labelling pass (same rule: observed and > threshold).
  return { threshold, method: 'otsu', noChange: false, splitThreshold: split, noiseFloor, changedCount: 0 };
}

export async function streamDefaultChanges(baseline: OpenTile, files: PairFiles, segments: readonly BorderSegment[], params: DefaultStreamParams): Promise<DefaultStreamOutcome> {
  const area = watchGeometry(segments, baseline.grid, transformer(WGS84, baseline.grid.crs));
  if (!area.window) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');
  const win = area.window;
  const grid = windowGrid(baseline.grid, win);
  const wgsToCrs = transformer(WGS84, grid.crs);
  const own = area.segments.map((s) => ({ segmentId: s.id as SegmentId, geometry: watchGeometry([s], grid, wgsToCrs), watched: 0, seen: 0 }));
  // Threads decode a strip ahead, so up to three strips of both dates are alive: only when that fits
  // the cache's share of the budget (wide windows decode inline, keeping peak memory bounded).
  const stripPairBytes = win.width * files.before.blockHeight * files.before.bands * (files.before.bitsPerSample / 8) * 2;
  const threads = 3 * stripPairBytes <= params.cacheMb * 2 ** 20 ? params.threads : 0;
  const rows = new WindowRows(files, win, area, params.cacheMb * 2 ** 20, threads);
  try {
    const { W, bands } = rows;
    const nb = files.before.nodata;
    const na = files.after.nodata;
    // Pass 1: jointly observed watched pixels (the normalisation stride) and coverage.
    let watchedPixels = 0;
    let observedPixels = 0;
    const stripState = new Uint8Array(Math.min(files.before.blockHeight, win.height) * W);
    const obsRow = new Uint8Array(W);
    await rows.forEachRow((_r, rr, watched, before, after, offset, spans) => {
      const base = rr * W;
      stripState.fill(0, base, base + W);
      for (let k = 0; k < spans.length; k += 2) {
        const c0 = spans[k]!, c1 = spans[k + 1]!;
        observedPixels += observedRow(watched.subarray(c0, c1), before, after, offset + c0 * bands, bands, nb, na, obsRow.subarray(c0, c1));
        for (let c = c0; c < c1; c++) {
          watchedPixels += watched[c]!;
          stripState[base + c] = obsRow[c]! << 2;
        }
      }
    }, (row0, n) => {
      if (own.length > 1) countCoverage(own, { row0, rows: n, state: stripState }, W);
    });
    if (watchedPixels === 0) throw new InputError('PAIR_NO_CORRIDOR_OVERLAP', 'no watched segment corridor touches the baseline tile');

    // Pass 2: the pixels normaliseRadiometry would sample (every stride-th observed one), then its fit.
    let fits: LinearFit[] = Array.from({ length: bands }, () => ({ gain: 1, offset: 0 }));
    let normalisedFits: LinearFit[] | null = null;
    if (params.normalise) {
      const stride = Math.max(1, Math.ceil(observedPixels / MAX_NORMALISE_SAMPLES));
      const k = Math.ceil(observedPixels / stride);
      const xs = Array.from({ length: bands }, () => new Float32Array(k));
      const ys = Array.from({ length: bands }, () => new Float32Array(k));
      let seen = 0;
      let taken = 0;
      await rows.forEachRow((_r, _rr, watched, before, after, offset, spans) => {
        for (let k = 0; k < spans.length; k += 2) {
          const c0 = spans[k]!, c1 = spans[k + 1]!;
          observedRow(watched.subarray(c0, c1), before, after, offset + c0 * bands, bands, nb, na, obsRow.subarray(c0, c1));
        }
        for (let k = 0; k < spans.length; k += 2) for (let c = spans[k]!; c < spans[k + 1]!; c++) {
          if (obsRow[c] !== 1) continue;
          if (seen++ % stride !== 0) continue;
          const p = offset + c * bands;
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

    // Passes 3–6: the threshold, exactly as chooseThreshold's default computes it.
    const choice = await streamedOtsu(rows, fits, observedPixels);

    // Pass 7: change → speckle → label → trace, rows one behind the scores (speckle looks one row down).
    const minPixels = minBlobPixels(params.minAreaM2, params.pixelAreaM2(grid));
    const pixelAreaM2 = params.pixelAreaM2(grid);
    const perRun = new Map<number, Float64Array>();
    const found: { row: number; col: number; blob: ChangeBlob }[] = [];
    const labeller = new RunLabeller((c: RunComponent) => {
      const runs: [number, number, number][] = [];
      for (let k = 0; k < c.runs.length; k += 3) runs.push([c.runs[k]!, c.runs[k + 1]!, c.runs[k + 2]!]);
      const keep = c.pixelCount >= minPixels;
      runs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      // Statistics in raster order, as labelComponents and findChanges add them.
      let scoreSum = 0;
      let scoreMax = -Infinity;
      let brightSum = 0;
      for (const [row, c0] of runs) {
        const key = row * W + c0;
        const terms = perRun.get(key)!;
        perRun.delete(key);
        if (!keep) continue;
        for (let j = 0; j < terms.length; j += 1 + bands) {
          const v = terms[j]!;
          scoreSum += v;
          if (v > scoreMax) scoreMax = v;
          for (let b = 1; b <= bands; b++) brightSum += terms[j + b]!;
        }
      }
      if (keep) found.push({ row: c.firstRow, col: c.firstCol, blob: blobOfRuns({ ...c, scoreSum, scoreMax, brightSum }, pixelAreaM2) });
    });
    const changed = [new Uint8Array(W), new Uint8Array(W), new Uint8Array(W)];
    const slots: ScoreSlot[] = [];
    const t = choice.threshold;
    const speckleK = params.speckleMinNeighbours;
    let changedCount = 0;
    const labelRow = (r: number): void => {
      const cur = changed[r % 3]!;
      const up = r > 0 ? changed[(r - 1) % 3]! : null;
      const down = r + 1 < win.height ? changed[(r + 1) % 3]! : null;
      const slot = slots[r % 3]!;
      labeller.beginRow(r);
      let start = -1;
      const closeRun = (end: number): void => {
        const len = end - start + 1;
        const terms = new Float64Array(len * (1 + bands));
        for (let c = start, j = 0; c <= end; c++, j += 1 + bands) {
          terms[j] = slot.score[c]!;
          const p = c * bands;
          for (let b = 0; b < bands; b++) terms[j + 1 + b] = fittedDifference(slot.before, slot.after, p + b, fits[b]!);
        }
        perRun.set(r * W + start, terms);
        labeller.addRun(start, end, 0, 0, 0);
        start = -1;
      };
      // Nothing outside the row's spans is changed (spans are apart by an unwatched column at
      // least): every run starts and ends inside one span.
      for (let k = 0; k < slot.spans.length; k += 2) {
        const spanEnd = slot.spans[k + 1]!;
        for (let c = slot.spans[k]!; c < spanEnd; c++) {
          let keep = cur[c] === 1;
          if (keep && speckleK > 0) {
            let n = 0;
            if (c > 0) n += cur[c - 1]!;
            if (c + 1 < W) n += cur[c + 1]!;
            for (const row of [up, down]) {
              if (!row) continue;
              n += row[c]!;
              if (c > 0) n += row[c - 1]!;
              if (c + 1 < W) n += row[c + 1]!;
            }
            keep = n >= speckleK;
          }
          if (keep) {
            if (start < 0) start = c;
          } else if (start >= 0) closeRun(c - 1);
        }
        if (start >= 0) closeRun(spanEnd - 1);
      }
      labeller.endRow();
    };
    await forEachScoreRow(rows, fits, true, (r, slot) => {
      slots[r % 3] = slot;
      const out = changed[r % 3]!;
      out.fill(0);
      for (let k = 0; k < slot.spans.length; k += 2) for (let c = slot.spans[k]!; c < slot.spans[k + 1]!; c++) {
        const hit = slot.observed[c] === 1 && slot.score[c]! > t ? 1 : 0;
        out[c] = hit;
        changedCount += hit;
      }
      if (r > 0) labelRow(r - 1);
    });
    labelRow(win.height - 1);
    labeller.finish();
    found.sort((p, q) => p.row - q.row || p.col - q.col);
    return {
      window: win,
      grid,
      segments: area.segments,
      blobs: found.map((f) => f.blob),
      threshold: { ...choice, noChange: changedCount === 0, changedCount },
      fits: normalisedFits,
      watchedPixels,
      observedPixels,
      decodedBlocks: rows.decodedBlocks,
      coverage: coverageOf(own, watchedPixels, observedPixels),
    };
  } finally {
    await rows.close();
  }
}
