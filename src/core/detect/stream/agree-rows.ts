// The per-pixel terms of the agreement score (agreement(CVA 3×3, detailChange())) streamed row by
// row: rows of both dates go in, and each window row comes out once the rows below it are known
// with its CVA 3×3 mean (C), the 5×5 mean of the difference magnitude (M5) and the 5×5 mean of the
// 11×11-detail magnitude (D5) — the numbers cva.ts, smooth.ts and detail-change.ts compute on the
// whole window, bit for bit. Row r leaves when row r + 7 arrived (detail 5 + smoothing 2 rows).
import type { LinearFit } from '../../raster/normalise.js';
import { DETAIL_RADIUS_PX, SMOOTH_RADIUS_PX } from '../change/detail-change.js';
import { boxRowSums, fillSpans, widenSpans, type Spans } from './box-rows.js';
import { SlidingColumnMean, type RowSumsRef } from './sliding-column-mean.js';
import { fittedDifference, mean3Row, observedRow, rowSums3, spanBase, type RowSamples, type SampleBase } from './default-rows.js';

/** Rows a row waits for: its D5 needs detail 2 rows down, which needs differences 5 rows below that. */
const AGREE_ROW_LAG = DETAIL_RADIUS_PX + SMOOTH_RADIUS_PX;
/** Rows held: differences from 2·DETAIL_RADIUS_PX rows up to the newest, plus the one being written. */
const RING = 2 * DETAIL_RADIUS_PX + 2;

/** One window row's terms (NaN outside observed pixels); its arrays are reused once 5 more rows went in after it was handed out. */
export interface AgreeRow {
  readonly row: number;
  /** Column spans holding the row's watched pixels (outside them nothing is observed). */
  readonly spans: Spans;
  readonly observed: Uint8Array;
  readonly cva3: Float32Array;
  readonly magnitude5: Float32Array;
  readonly detail5: Float32Array;
  /** The row's samples at column·bands (inside its spans) in a pass that keeps them; not to be read in another. */
  readonly before: RowSamples;
  readonly after: RowSamples;
}

interface Slot extends AgreeRow {
  row: number;
  spans: Spans;
  before: RowSamples;
  after: RowSamples;
  /** spans widened for the 11×11 sums of the differences and the 5×5 sums of the terms. */
  wideDetail: Spans;
  wideSmooth: Spans;
  readonly raw: Float32Array;
  readonly sums3: { s: Float64Array; k: Uint8Array };
  readonly diff: Float32Array[];
  readonly diffSums: Float64Array[];
  readonly diffCounts: Uint16Array[];
  readonly magnitude: Float32Array;
  readonly magnitudeSums: Float64Array;
  readonly magnitudeCounts: Uint16Array;
  readonly detail: Float32Array;
  readonly detailSums: Float64Array;
  readonly detailCounts: Uint16Array;
}

export interface AgreeRowsOptions {
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly fits: readonly LinearFit[];
  readonly nodataBefore: number | null;
  readonly nodataAfter: number | null;
  /** Copy each row's samples into the row handed out (the labelling pass needs them for brightening); restart may change it. */
  readonly keepSamples: boolean;
  readonly sixteenBit: boolean;
}

export class AgreeRows {
  /** The rows held, ~110 bytes a window column each (1.3 KB a column for the ring): kept from pass to pass. */
  private readonly ring: Slot[] = [];
  /** The vertical sums, sliding while exact: each band's differences (11 rows), M (5 rows), detail (5 rows). */
  private diffColumns: SlidingColumnMean[] = [];
  private magnitudeColumns!: SlidingColumnMean;
  private detailColumns!: SlidingColumnMean;
  private next = 0;
  private keepSamples: boolean;

  constructor(private readonly o: AgreeRowsOptions, private emit: (row: AgreeRow) => void) {
    this.keepSamples = o.keepSamples;
    this.freshColumns();
  }

  /**
   * Ready for another pass over the window's rows from the top, handing them to `emit` (with their
   * samples when keepSamples): the held rows' arrays are reused — a scan's passes would otherwise
   * leave the ring behind as garbage each, 53 MB for a 40,000-column window.
   */
  restart(keepSamples: boolean, emit: (row: AgreeRow) => void): void {
    this.next = 0;
    this.keepSamples = keepSamples;
    this.emit = emit;
    this.freshColumns();
  }

  private freshColumns(): void {
    const { width, bands } = this.o;
    this.diffColumns = Array.from({ length: bands }, () => new SlidingColumnMean(width, DETAIL_RADIUS_PX));
    this.magnitudeColumns = new SlidingColumnMean(width, SMOOTH_RADIUS_PX);
    this.detailColumns = new SlidingColumnMean(width, SMOOTH_RADIUS_PX);
  }

  /** Row r of the window (rows in order, each once): watch mask, both dates' samples where `sampleBase` puts them, visit spans. */
  push(r: number, watched: Uint8Array, before: RowSamples, after: RowSamples, sampleBase: SampleBase, spans: Spans): void {
    if (r !== this.next) throw new Error(`AgreeRows: row ${r} pushed, ${this.next} expected`);
    this.next++;
    const slot = this.slotFor(r, spans);
    const { bands, fits } = this.o;
    for (let k = 0; k < spans.length; k += 2) {
      const c0 = spans[k]!, c1 = spans[k + 1]!;
      const offset = spanBase(sampleBase, k >> 1);
      const from = offset + c0 * bands;
      observedRow(watched.subarray(c0, c1), before, after, from, bands, this.o.nodataBefore, this.o.nodataAfter, slot.observed.subarray(c0, c1));
      // One fitted after value per band and pixel feeds both terms: CVA takes its difference from
      // the before value as a double (cvaRow's arithmetic), detailChange stores it as float32.
      for (let c = c0; c < c1; c++) {
        if (slot.observed[c] !== 1) {
          slot.raw[c] = NaN;
          continue;
        }
        const p = offset + c * bands;
        let cvaSq = 0;
        let sumSq = 0;
        for (let b = 0; b < bands; b++) {
          const difference = fittedDifference(before, after, p + b, fits[b]!);
          cvaSq += difference * difference;
          const d = Math.fround(difference);
          slot.diff[b]![c] = d;
          sumSq += d * d;
        }
        slot.raw[c] = cvaSq - cvaSq === 0 ? Math.sqrt(cvaSq) : NaN;
        slot.magnitude[c] = Math.sqrt(sumSq);
      }
      rowSums3(slot.raw.subarray(c0, c1), slot.sums3.s.subarray(c0, c1), slot.sums3.k.subarray(c0, c1));
      if (this.keepSamples) {
        slot.before.set(before.subarray(from, offset + c1 * bands), c0 * bands);
        slot.after.set(after.subarray(from, offset + c1 * bands), c0 * bands);
      }
    }
    for (let b = 0; b < bands; b++) boxRowSums(slot.diff[b]!, DETAIL_RADIUS_PX, slot.wideDetail, slot.diffSums[b]!, slot.diffCounts[b]!);
    boxRowSums(slot.magnitude, SMOOTH_RADIUS_PX, slot.wideSmooth, slot.magnitudeSums, slot.magnitudeCounts);
    this.advance(r);
  }

  /** After the last row: hands out the rows still waiting for rows below the window. */
  finish(): void {
    if (this.next !== this.o.height) throw new Error(`AgreeRows: ${this.next} of ${this.o.height} rows pushed`);
    for (let d = this.o.height; d < this.o.height + AGREE_ROW_LAG; d++) this.advance(d);
  }

  /** Everything that became computable when row d arrived (d ≥ height: a row past the window's edge). */
  private advance(d: number): void {
    const H = this.o.height;
    // Row d's differences and M join the vertical sums (their row sums were taken in push), the
    // rows above the reach of the rows computed below leave.
    const inWindow = (r: number): boolean => r >= 0 && r < H;
    for (let b = 0; b < this.o.bands; b++) {
      if (inWindow(d - 2 * DETAIL_RADIUS_PX - 1)) this.diffColumns[b]!.leave(diffSums(this.at(d - 2 * DETAIL_RADIUS_PX - 1), b));
      if (d < H) this.diffColumns[b]!.enter(diffSums(this.at(d), b));
    }
    if (inWindow(d - 2 * SMOOTH_RADIUS_PX - 1)) this.magnitudeColumns.leave(magnitudeSums(this.at(d - 2 * SMOOTH_RADIUS_PX - 1)));
    if (d < H) this.magnitudeColumns.enter(magnitudeSums(this.at(d)));
    const c = d - 1;
    if (c >= 0 && c < H) {
      const mid = this.at(c);
      const up = c > 0 ? this.at(c - 1).sums3 : null;
      const down = c + 1 < H ? this.at(c + 1).sums3 : null;
      const part = (x: { s: Float64Array; k: Uint8Array }, c0: number, c1: number): { s: Float64Array; k: Uint8Array } => ({ s: x.s.subarray(c0, c1), k: x.k.subarray(c0, c1) });
      for (let k = 0; k < mid.spans.length; k += 2) {
        const c0 = mid.spans[k]!, c1 = mid.spans[k + 1]!;
        mean3Row(mid.raw.subarray(c0, c1), up && part(up, c0, c1), part(mid.sums3, c0, c1), down && part(down, c0, c1), mid.cva3.subarray(c0, c1));
      }
    }
    const e = d - DETAIL_RADIUS_PX;
    if (inWindow(e)) this.detailOf(e);
    if (inWindow(e - 2 * SMOOTH_RADIUS_PX - 1)) this.detailColumns.leave(detailSums(this.at(e - 2 * SMOOTH_RADIUS_PX - 1)));
    if (inWindow(e)) this.detailColumns.enter(detailSums(this.at(e)));
    const f = d - SMOOTH_RADIUS_PX;
    if (inWindow(f)) {
      const slot = this.at(f);
      this.magnitudeColumns.mean(slot.magnitude, slot.spans, slot.magnitude5, this.reach(f, SMOOTH_RADIUS_PX).map(magnitudeSums));
    }
    const g = d - AGREE_ROW_LAG;
    if (inWindow(g)) {
      const slot = this.at(g);
      this.detailColumns.mean(slot.detail, slot.spans, slot.detail5, this.reach(g, SMOOTH_RADIUS_PX).map(detailSums));
      this.emit(slot);
    }
  }

  /** Row e's detail magnitude (differences minus their 11×11 means), then its 5×5 row sums. */
  private detailOf(e: number): void {
    const slot = this.at(e);
    const rows = this.reach(e, DETAIL_RADIUS_PX);
    const { bands } = this.o;
    const sumSq = slot.detailSums; // scratch until the row sums overwrite it below
    fillSpans(sumSq, slot.spans, 0);
    for (let b = 0; b < bands; b++) {
      const mean = slot.detail; // scratch: the band's 11×11 mean, overwritten by the detail below
      this.diffColumns[b]!.mean(slot.diff[b]!, slot.spans, mean, rows.map((s) => diffSums(s, b)));
      const diff = slot.diff[b]!;
      for (let k = 0; k < slot.spans.length; k += 2) {
        for (let c = slot.spans[k]!; c < slot.spans[k + 1]!; c++) {
          if (slot.observed[c] !== 1) continue;
          const dd = diff[c]! - mean[c]!;
          sumSq[c]! += dd * dd;
        }
      }
    }
    for (let k = 0; k < slot.spans.length; k += 2) {
      for (let c = slot.spans[k]!; c < slot.spans[k + 1]!; c++) slot.detail[c] = slot.observed[c] === 1 ? Math.sqrt(sumSq[c]!) : NaN;
    }
    // The scratch sums lay inside the spans, which the widened spans cover.
    boxRowSums(slot.detail, SMOOTH_RADIUS_PX, slot.wideSmooth, slot.detailSums, slot.detailCounts);
  }

  /** The slots of rows r − radius … r + radius inside the window, top to bottom. */
  private reach(r: number, radius: number): Slot[] {
    const out: Slot[] = [];
    for (let d = Math.max(0, r - radius); d <= Math.min(this.o.height - 1, r + radius); d++) out.push(this.at(d));
    return out;
  }

  private at(r: number): Slot {
    const slot = this.ring[r % RING]!;
    if (slot.row !== r) throw new Error(`AgreeRows: row ${r} no longer held`);
    return slot;
  }

  /** The ring slot for row r, back to what an unwatched row holds where its last row wrote. */
  private slotFor(r: number, spans: Spans): Slot {
    const { width: W, bands } = this.o;
    let slot = this.ring[r % RING];
    if (!slot) {
      const samples = (): RowSamples => new Uint8Array(0);
      const nan = (): Float32Array => new Float32Array(W).fill(NaN);
      slot = {
        row: -1, spans: new Int32Array(0), wideDetail: new Int32Array(0), wideSmooth: new Int32Array(0),
        observed: new Uint8Array(W), raw: nan(), sums3: { s: new Float64Array(W), k: new Uint8Array(W) },
        diff: Array.from({ length: bands }, nan), diffSums: Array.from({ length: bands }, () => new Float64Array(W)), diffCounts: Array.from({ length: bands }, () => new Uint16Array(W)),
        magnitude: nan(), magnitudeSums: new Float64Array(W), magnitudeCounts: new Uint16Array(W),
        detail: nan(), detailSums: new Float64Array(W), detailCounts: new Uint16Array(W),
        cva3: nan(), magnitude5: nan(), detail5: nan(), before: samples(), after: samples(),
      };
      this.ring[r % RING] = slot;
    } else {
      fillSpans(slot.observed, slot.spans, 0);
      for (const v of [slot.raw, slot.magnitude, slot.detail, slot.cva3, slot.magnitude5, slot.detail5, ...slot.diff]) fillSpans(v, slot.spans, NaN);
      fillSpans(slot.sums3.s, slot.spans, 0);
      fillSpans(slot.sums3.k, slot.spans, 0);
      for (const v of [...slot.diffSums, ...slot.diffCounts]) fillSpans(v, slot.wideDetail, 0);
      for (const v of [slot.magnitudeSums, slot.magnitudeCounts, slot.detailSums, slot.detailCounts]) fillSpans(v, slot.wideSmooth, 0);
    }
    if (this.keepSamples && slot.before.length === 0) {
      const samples = (): RowSamples => (this.o.sixteenBit ? new Uint16Array(W * bands) : new Uint8Array(W * bands));
      slot.before = samples();
      slot.after = samples();
    }
    slot.row = r;
    slot.spans = spans;
    slot.wideDetail = widenSpans(spans, DETAIL_RADIUS_PX - 1, W);
    slot.wideSmooth = widenSpans(spans, SMOOTH_RADIUS_PX - 1, W);
    return slot;
  }
}

function diffSums(slot: Slot, band: number): RowSumsRef {
  return { row: slot.row, sums: slot.diffSums[band]!, counts: slot.diffCounts[band]!, spans: slot.wideDetail };
}

function magnitudeSums(slot: Slot): RowSumsRef {
  return { row: slot.row, sums: slot.magnitudeSums, counts: slot.magnitudeCounts, spans: slot.wideSmooth };
}

function detailSums(slot: Slot): RowSumsRef {
  return { row: slot.row, sums: slot.detailSums, counts: slot.detailCounts, spans: slot.wideSmooth };
}
