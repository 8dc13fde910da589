// The end of a streamed scan, one window row at a time: change = observed ∧ score > cut, speckle
// cleaning (it looks one row down, so rows are labelled one behind), 8-connected runs, and each
// finished component as findChanges would keep it — at least the minimum mapping unit and, under
// hysteresis, some pixel above the seed cut — with its statistics added in raster order.
import type { LinearFit } from '../../raster/normalise.js';
import type { ChangeBlob } from '../find-changes.js';
import { setNeighbours } from '../clean.js';
import { fittedDifference, spanBase, type RowSamples, type SampleBase } from './default-rows.js';
import { RunLabeller, type RunComponent } from './run-labeller.js';
import { blobOfRuns } from './run-blob.js';

export interface BlobRowsOptions {
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly sixteenBit: boolean;
  readonly fits: readonly LinearFit[];
  /** A pixel is change when observed and its score is strictly above this. */
  readonly cut: number;
  /** A component is kept only when some pixel scores strictly above this (−∞: no seed test). */
  readonly seedCut: number;
  readonly speckleMinNeighbours: number;
  readonly minPixels: number;
  readonly pixelAreaM2: number;
}

/** A pushed row kept until it is labelled: its spans, scores and samples inside them. */
interface HeldRow {
  spans: Int32Array;
  readonly score: Float32Array;
  readonly before: RowSamples;
  readonly after: RowSamples;
}

export class BlobRows {
  /** Observed pixels scoring above the cut, and above the seed cut (before cleaning). */
  changedCount = 0;
  seedCount = 0;
  private readonly changed: Uint8Array[];
  private readonly held: HeldRow[];
  private readonly perRun = new Map<number, Float64Array>();
  private readonly found: { row: number; col: number; blob: ChangeBlob }[] = [];
  private readonly labeller: RunLabeller;
  private next = 0;

  constructor(private readonly o: BlobRowsOptions) {
    const W = o.width;
    this.changed = [new Uint8Array(W), new Uint8Array(W), new Uint8Array(W)];
    const samples = (): RowSamples => (o.sixteenBit ? new Uint16Array(W * o.bands) : new Uint8Array(W * o.bands));
    this.held = [0, 1].map(() => ({ spans: new Int32Array(0), score: new Float32Array(W), before: samples(), after: samples() }));
    this.labeller = new RunLabeller((c) => this.finishComponent(c));
  }

  /** Row r (in order, every row once): observed mask and scores over its spans, samples where `sampleBase` puts them. */
  push(r: number, spans: Int32Array, observed: Uint8Array, score: Float32Array, before: RowSamples, after: RowSamples, sampleBase: SampleBase): void {
    if (r !== this.next) throw new Error(`BlobRows: row ${r} pushed, ${this.next} expected`);
    this.next++;
    const { bands, cut, seedCut } = this.o;
    const out = this.changed[r % 3]!;
    out.fill(0);
    const keep = this.held[r % 2]!;
    keep.spans = spans;
    for (let k = 0; k < spans.length; k += 2) {
      const c0 = spans[k]!, c1 = spans[k + 1]!;
      for (let c = c0; c < c1; c++) {
        if (observed[c] !== 1) continue;
        const v = score[c]!;
        if (v > cut) {
          out[c] = 1;
          this.changedCount++;
        }
        if (v > seedCut) this.seedCount++;
      }
      keep.score.set(score.subarray(c0, c1), c0);
      const from = spanBase(sampleBase, k >> 1) + c0 * bands;
      const to = from + (c1 - c0) * bands;
      keep.before.set(before.subarray(from, to), c0 * bands);
      keep.after.set(after.subarray(from, to), c0 * bands);
    }
    if (r > 0) this.labelRow(r - 1);
  }

  /** After the last row: the kept blobs in raster order of their first pixel. */
  finish(): ChangeBlob[] {
    if (this.next !== this.o.height) throw new Error(`BlobRows: ${this.next} of ${this.o.height} rows pushed`);
    if (this.o.height > 0) this.labelRow(this.o.height - 1);
    this.labeller.finish();
    this.found.sort((p, q) => p.row - q.row || p.col - q.col);
    return this.found.map((f) => f.blob);
  }

  private labelRow(r: number): void {
    const { width: W, height, bands, fits, speckleMinNeighbours: speckleK } = this.o;
    const cur = this.changed[r % 3]!;
    const up = r > 0 ? this.changed[(r - 1) % 3]! : null;
    const down = r + 1 < height ? this.changed[(r + 1) % 3]! : null;
    const row = this.held[r % 2]!;
    this.labeller.beginRow(r);
    let start = -1;
    const closeRun = (end: number): void => {
      const len = end - start + 1;
      const terms = new Float64Array(len * (1 + bands));
      for (let c = start, j = 0; c <= end; c++, j += 1 + bands) {
        terms[j] = row.score[c]!;
        const p = c * bands;
        for (let b = 0; b < bands; b++) terms[j + 1 + b] = fittedDifference(row.before, row.after, p + b, fits[b]!);
      }
      this.perRun.set(r * W + start, terms);
      this.labeller.addRun(start, end, 0, 0, 0);
      start = -1;
    };
    // Nothing outside the row's spans is changed (spans are apart by an unwatched column at
    // least): every run starts and ends inside one span.
    for (let k = 0; k < row.spans.length; k += 2) {
      const spanEnd = row.spans[k + 1]!;
      for (let c = row.spans[k]!; c < spanEnd; c++) {
        let keep = cur[c] === 1;
        if (keep && speckleK > 0) keep = setNeighbours(cur, up, down, c, W) >= speckleK;
        if (keep) {
          if (start < 0) start = c;
        } else if (start >= 0) closeRun(c - 1);
      }
      if (start >= 0) closeRun(spanEnd - 1);
    }
    this.labeller.endRow();
  }

  private finishComponent(c: RunComponent): void {
    const { width: W, bands, minPixels, seedCut } = this.o;
    const runs: [number, number, number][] = [];
    for (let k = 0; k < c.runs.length; k += 3) runs.push([c.runs[k]!, c.runs[k + 1]!, c.runs[k + 2]!]);
    runs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    // Statistics in raster order, as labelComponents and findChanges add them.
    let scoreSum = 0;
    let scoreMax = -Infinity;
    let brightSum = 0;
    const big = c.pixelCount >= minPixels;
    for (const [row, c0] of runs) {
      const key = row * W + c0;
      const terms = this.perRun.get(key)!;
      this.perRun.delete(key);
      if (!big) continue;
      for (let j = 0; j < terms.length; j += 1 + bands) {
        const v = terms[j]!;
        scoreSum += v;
        if (v > scoreMax) scoreMax = v;
        for (let b = 1; b <= bands; b++) brightSum += terms[j + b]!;
      }
    }
    if (big && scoreMax > seedCut) this.found.push({ row: c.firstRow, col: c.firstCol, blob: blobOfRuns({ ...c, scoreSum, scoreMax, brightSum }, this.o.pixelAreaM2) });
  }
}
