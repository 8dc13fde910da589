// The agreement + hysteresis rule (AGREE_MEASURE, low/high 'otsu-low' cuts) streamed over the
// watched window in bounded memory: count and fit (stream-prelude.ts), the window statistics in
// passes over each observed pixel's terms (agree-cuts.ts: nine, ten when the score's low tail is
// flat), then threshold, speckle, label with the seed test and trace (blob-rows.ts). The terms
// come from the rows of both dates with ±7 rows of context (agree-rows.ts); when they fit what the
// strip cache left of the budget they are computed once and kept, so a corridor window is decoded
// once; otherwise every pass decodes and computes them again. Equal to findChanges on the window
// (test/unit/perf/stream-agree-equivalence.test.ts).
import type { ThresholdChoice } from '../core/detect/threshold/choose.js';
import { AgreeCutFinder, type AgreeCuts } from '../core/detect/stream/agree-cuts.js';
import { AgreeRows, type AgreeRow } from '../core/detect/stream/agree-rows.js';
import { BlobRows } from '../core/detect/stream/blob-rows.js';
import { observedRow } from '../core/detect/stream/default-rows.js';
import { minBlobPixels, type ChangeBlob } from '../core/detect/find-changes.js';
import type { LinearFit } from '../core/raster/normalise.js';
import type { BorderSegment, Grid, PixelWindow } from '../core/types.js';
import type { PairFiles } from '../io/tiff/pair-blocks.js';
import type { OpenTile } from '../io/tiff/open.js';
import type { StreamSegmentCoverage } from './stream-scan.js';
import { streamPrelude, type PreludeParams } from './stream-prelude.js';
import { keptTermsFor, type KeptTerms } from './kept-terms.js';
import type { WindowRows } from './window-rows.js';

export interface AgreeStreamParams extends PreludeParams {
  readonly speckleMinNeighbours: number;
  readonly minAreaM2: number;
  readonly pixelAreaM2: (grid: Grid) => number;
  /**
   * A directory for a temporary file of the terms when they do not fit in memory (null: recompute
   * them on every pass instead). A whole 10980² tile's terms are 1.45 GB.
   */
  readonly spillDir?: string | null;
  /** The low-tail multipliers of the low (change) and high (seed) cuts. */
  readonly lowK: number;
  readonly highK: number;
}

export interface AgreeStreamOutcome {
  readonly window: PixelWindow;
  readonly grid: Grid;
  readonly segments: BorderSegment[];
  readonly blobs: ChangeBlob[];
  /** The low cut, as findChanges reports a hysteresis threshold (method 'hysteresis'). */
  readonly threshold: ThresholdChoice;
  /** The high cut a pixel of every kept blob clears (method 'otsu-low'). */
  readonly seedThreshold: ThresholdChoice;
  readonly cuts: AgreeCuts;
  readonly fits: readonly LinearFit[] | null;
  readonly watchedPixels: number;
  readonly observedPixels: number;
  readonly decodedBlocks: number;
  /** Where the terms were kept between passes ('none': recomputed on every pass). */
  readonly keptTerms: 'memory' | 'file' | 'none';
  readonly coverage: StreamSegmentCoverage[];
}

/** Passes over the window's term rows; one AgreeRows (its ring of window-wide rows) serves every pass. */
function termRows(rows: WindowRows, fits: readonly LinearFit[]): (keepSamples: boolean, visit: (row: AgreeRow) => void) => Promise<void> {
  let pipe: AgreeRows | null = null;
  /** Every window row's terms, in order, from a pass over the rows of both dates. */
  return async (keepSamples, visit) => {
    const { files, win } = rows;
    if (pipe) pipe.restart(keepSamples, visit);
    else {
      pipe = new AgreeRows({
        width: rows.W, height: win.height, bands: rows.bands, fits, keepSamples,
        nodataBefore: files.before.nodata, nodataAfter: files.after.nodata, sixteenBit: files.before.bitsPerSample === 16,
      }, visit);
    }
    const p = pipe;
    await rows.forEachRow((r, watched, before, after, sampleBase, spans) => p.push(r, watched, before, after, sampleBase, spans));
    p.finish();
  };
}

/** Calls visit(C, M5, D5) for every observed pixel of a term row, left to right. */
function eachObserved(row: AgreeRow, visit: (c: number, m: number, d: number) => void): void {
  const { spans, observed, cva3, magnitude5, detail5 } = row;
  for (let k = 0; k < spans.length; k += 2) {
    for (let c = spans[k]!; c < spans[k + 1]!; c++) if (observed[c] === 1) visit(cva3[c]!, magnitude5[c]!, detail5[c]!);
  }
}

export async function streamAgreeChanges(baseline: OpenTile, files: PairFiles, segments: readonly BorderSegment[], params: AgreeStreamParams): Promise<AgreeStreamOutcome> {
  const w = await streamPrelude(baseline, files, segments, params);
  const { rows, fits, observedPixels } = w;
  let kept: KeptTerms | null = null;
  try {
    kept = keptTermsFor(observedPixels, rows.cacheRoomBytes(), params.spillDir ?? null);
    const finder = new AgreeCutFinder(params.lowK, params.highK);
    const forEachTermRow = termRows(rows, fits);
    // The first pass computes the terms (and keeps them where they fit); the later ones read them
    // back, or compute them again.
    await forEachTermRow(false, (row) => eachObserved(row, (c, m, d) => {
      finder.add(c, m, d);
      kept?.append(c, m, d);
    }));
    kept?.endWrite();
    if (kept && !kept.ok) {
      // The disk filled while spilling: recompute the terms on each pass instead.
      kept.close();
      kept = null;
    }
    finder.endPass();
    const add = (c: number, m: number, d: number): void => finder.add(c, m, d);
    while (!finder.done) {
      if (kept) kept.forEachChunk((t, count) => finder.addMany(t, count));
      else await forEachTermRow(false, (row) => eachObserved(row, add));
      finder.endPass();
    }
    const cuts = finder.result();

    const pixelAreaM2 = params.pixelAreaM2(w.grid);
    const blobRows = new BlobRows({
      width: rows.W, height: w.window.height, bands: rows.bands, sixteenBit: files.before.bitsPerSample === 16, fits,
      cut: cuts.low, seedCut: cuts.high, speckleMinNeighbours: params.speckleMinNeighbours,
      minPixels: minBlobPixels(params.minAreaM2, pixelAreaM2), pixelAreaM2,
    });
    const score = new Float32Array(rows.W).fill(NaN);
    if (kept) {
      // The kept terms are the observed pixels in raster order: walk them alongside the rows.
      const observed = new Uint8Array(rows.W);
      const t = kept.cursor();
      await rows.forEachRow((r, watched, before, after, sampleBase, spans) => {
        for (let k = 0; k < spans.length; k += 2) {
          const c0 = spans[k]!, c1 = spans[k + 1]!;
          observedRow(watched.subarray(c0, c1), before, after, sampleBase[k >> 1]! + c0 * rows.bands, rows.bands, files.before.nodata, files.after.nodata, observed.subarray(c0, c1));
          for (let c = c0; c < c1; c++) {
            if (observed[c] !== 1) continue;
            t.next();
            score[c] = finder.score(t.a, t.b, t.c);
          }
        }
        blobRows.push(r, spans, observed, score, before, after, sampleBase);
      });
    } else {
      await forEachTermRow(true, (row) => {
        const { spans, observed } = row;
        for (let k = 0; k < spans.length; k += 2) {
          for (let c = spans[k]!; c < spans[k + 1]!; c++) if (observed[c] === 1) score[c] = finder.score(row.cva3[c]!, row.magnitude5[c]!, row.detail5[c]!);
        }
        blobRows.push(row.row, spans, observed, score, row.before, row.after, 0);
      });
    }
    const blobs = blobRows.finish();
    const threshold: ThresholdChoice = { threshold: cuts.low, method: 'hysteresis', noChange: blobRows.changedCount === 0, splitThreshold: cuts.split, noiseFloor: cuts.lowFloor, changedCount: blobRows.changedCount };
    const seedThreshold: ThresholdChoice = { threshold: cuts.high, method: 'otsu-low', noChange: blobRows.seedCount === 0, splitThreshold: cuts.split, noiseFloor: cuts.highFloor, changedCount: blobRows.seedCount };
    return {
      window: w.window, grid: w.grid, segments: w.segments, blobs, threshold, seedThreshold, cuts, fits: w.normalisedFits,
      watchedPixels: w.watchedPixels, observedPixels, decodedBlocks: rows.decodedBlocks, keptTerms: kept?.where ?? 'none', coverage: w.coverage,
    };
  } finally {
    try {
      kept?.close();
    } finally {
      await rows.close();
    }
  }
}
