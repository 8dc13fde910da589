// Change pieces inside one segment's corridor judged by that segment's own watch parameters
// (threshold, minimum mapping unit), pure: the scan's scores over a small window around the
// corridor in, the segment's change blobs out. The pipeline reads the window (segment-overrides.ts).
import { measureReachPx, type ChangeMeasure, type ScoreUnits } from './change/types.js';
import type { LinearFit } from '../raster/normalise.js';
import type { BorderSegment, PixelWindow, Raster } from '../types.js';
import { removeSpeckle } from './clean.js';
import { labelComponents } from './components.js';
import { traceComponent } from './polygonise.js';
import { blobOf, minBlobPixels, type ChangeBlob } from './find-changes.js';

/** The parameters one segment is judged by, and which of them the segment set itself. */
export interface SegmentWatchParams {
  /** Change score above which a pixel changed, in the scan's measure after normalisation. */
  readonly threshold: number;
  readonly minAreaM2: number;
  readonly overridden: readonly ('min_area_m2' | 'threshold')[];
}

/** Whether a segment carries any watch parameter of its own. */
export function hasOwnParams(segment: BorderSegment): boolean {
  return segment.params?.minAreaM2 !== undefined || segment.params?.threshold !== undefined;
}

/** A segment's parameters over the scan's: what it sets wins, the rest is the scan's. */
export function segmentWatchParams(segment: BorderSegment, scan: { readonly threshold: number; readonly minAreaM2: number }): SegmentWatchParams {
  const own = segment.params ?? {};
  return {
    threshold: own.threshold ?? scan.threshold,
    minAreaM2: own.minAreaM2 ?? scan.minAreaM2,
    overridden: [...(own.minAreaM2 !== undefined ? ['min_area_m2' as const] : []), ...(own.threshold !== undefined ? ['threshold' as const] : [])],
  };
}

/**
 * How far a window must reach beyond a corridor so that every corridor pixel gets the score and
 * the speckle verdict the whole-window scan gives it: the measure's smoothing radius for the
 * scores, plus one pixel for the speckle test's 8-neighbours (whose scores must be exact too).
 */
export function segmentHaloPx(measure: ChangeMeasure, hysteresis = false): number {
  return measureReachPx(measure) + 1 + (hysteresis ? SEED_CONTEXT_PX : 0);
}

/*
 * With hysteresis a region counts when some pixel of it, anywhere, clears the seed cut; the
 * segment's window reaches this much further so a region running out of the corridor (into the
 * next segment's) is judged on its strong pixels there too. A region whose only strong pixels
 * lie further out is judged on what the window holds (the scan saw all of it).
 */
const SEED_CONTEXT_PX = 64;

/**
 * The scan's change scores over a window: the after date mapped with the scan's own radiometric
 * fits (as normaliseRadiometry applies them, to float32), never refitted on the small window, so
 * a score here is the number the scan computed for that pixel and a threshold means the same.
 */
export function scoresWithFits(
  before: Raster,
  after: Raster,
  observed: Uint8Array,
  fits: readonly LinearFit[] | null,
  measure: ChangeMeasure,
  units: ScoreUnits | null,
): { readonly score: Float32Array; readonly after: Raster } {
  const bands = fits
    ? after.bands.map((band, b) => {
        const fit = fits[b]!;
        const out = new Float32Array(band.length);
        for (let i = 0; i < band.length; i++) out[i] = fit.gain * band[i]! + fit.offset;
        return out;
      })
    : after.bands;
  const b: Raster = { grid: before.grid, bands: before.bands, observed };
  const a: Raster = { grid: after.grid, bands, observed };
  // A standardised measure scores in the scan window's units, never the small window's own.
  return { score: units && measure.measureIn ? measure.measureIn(b, a, units) : measure.measure(b, a), after: a };
}

export interface SegmentWindow {
  readonly before: Raster;
  /** The after date in the before date's radiometry (scoresWithFits). */
  readonly after: Raster;
  /** 1 = inside some watched corridor and seen in both dates (window-sized). */
  readonly observed: Uint8Array;
  /** 1 = inside this segment's corridor (window-sized). */
  readonly own: Uint8Array;
}

/**
 * Change blobs of one segment: threshold and speckle as the scan does them over every watched
 * pixel of the window (so a corridor-edge pixel keeps the neighbours it has in the scan), then
 * only the segment's own pixels are labelled: a piece is the changed pixels connected inside this
 * corridor, and the segment's minimum mapping unit is judged on that piece alone.
 */
export function segmentChanges(
  w: SegmentWindow,
  score: Float32Array,
  params: {
    readonly threshold: number;
    readonly seedThreshold?: number;
    /** Hysteresis: the band (px) along each window edge whose scores are not the scan's (truncated means). */
    readonly inexactEdgesPx?: InexactEdges;
    readonly minAreaM2: number;
    readonly speckleMinNeighbours: number;
    readonly pixelAreaM2: number;
  },
): ChangeBlob[] {
  const { width, height } = w.before.grid;
  const changed = new Uint8Array(width * height);
  for (let i = 0; i < changed.length; i++) if (w.observed[i] === 1 && score[i]! > params.threshold) changed[i] = 1;
  const cleaned = removeSpeckle(changed, width, height, params.speckleMinNeighbours);
  if (params.seedThreshold !== undefined) dropUnseeded(cleaned, width, height, score, params.seedThreshold, params.inexactEdgesPx ?? NO_INEXACT_EDGES);
  for (let i = 0; i < cleaned.length; i++) if (w.own[i] === 0) cleaned[i] = 0;
  const labelling = labelComponents(cleaned, width, height, score);
  const minPixels = minBlobPixels(params.minAreaM2, params.pixelAreaM2);
  const blobs: ChangeBlob[] = [];
  for (const c of labelling.components) {
    if (c.pixelCount < minPixels) continue;
    let brightSum = 0;
    for (let row = c.minRow; row <= c.maxRow; row++) {
      for (let col = c.minCol; col <= c.maxCol; col++) {
        const i = row * width + col;
        if (labelling.labels[i] !== c.label) continue;
        for (let k = 0; k < w.before.bands.length; k++) brightSum += w.after.bands[k]![i]! - w.before.bands[k]![i]!;
      }
    }
    blobs.push(blobOf(c.pixelCount, c.scoreSum, c.scoreMax, brightSum, traceComponent(labelling.labels, width, c.label, c), params.pixelAreaM2));
  }
  return blobs;
}

/** Pixels along each window edge (top, bottom, left, right) whose scores differ from the scan's. */
export interface InexactEdges {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

const NO_INEXACT_EDGES: InexactEdges = { top: 0, bottom: 0, left: 0, right: 0 };

/**
 * Where a segment's window stops short of the scan's, its outer pixels' box means are truncated
 * (the measure's reach) and their speckle verdicts too (one more pixel): not the scan's numbers.
 */
export function inexactEdges(win: PixelWindow, scanWindow: PixelWindow, measure: ChangeMeasure): InexactEdges {
  const band = segmentHaloPx(measure);
  return {
    top: win.row0 > scanWindow.row0 ? band : 0,
    bottom: win.row0 + win.height < scanWindow.row0 + scanWindow.height ? band : 0,
    left: win.col0 > scanWindow.col0 ? band : 0,
    right: win.col0 + win.width < scanWindow.col0 + scanWindow.width ? band : 0,
  };
}

/**
 * Hysteresis: clears every region of changed watched pixels (all corridors in the window, as the
 * scan labels them) with no pixel above the seed cut — before the piece is cut to this corridor,
 * so a piece whose strong pixels lie in the neighbouring corridor stays, as in the scan. Pixels in
 * the inexact bands (where the window stops short of the scan's, their box means are truncated)
 * neither join regions nor seed them: a number the scan never computed must not decide a piece.
 */
function dropUnseeded(changed: Uint8Array, width: number, height: number, score: Float32Array, seedCut: number, inexact: InexactEdges): void {
  const exact = Uint8Array.from(changed);
  for (let row = 0; row < height; row++) {
    const edgeRow = row < inexact.top || row >= height - inexact.bottom;
    for (let col = 0; col < width; col++) {
      if (edgeRow || col < inexact.left || col >= width - inexact.right) exact[row * width + col] = 0;
    }
  }
  const { labels, components } = labelComponents(exact, width, height, score);
  const seeded = new Uint8Array(components.reduce((m, c) => Math.max(m, c.label), 0) + 1);
  for (const c of components) if (c.scoreMax > seedCut) seeded[c.label] = 1;
  for (let i = 0; i < changed.length; i++) if (changed[i] === 1 && (exact[i] === 0 || seeded[labels[i]!] === 0)) changed[i] = 0;
}
