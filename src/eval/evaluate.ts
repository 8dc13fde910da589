// Runs one detection method over labelled pairs and scores it per pair and pooled per dataset group.
import { chooseThreshold, type ThresholdChoice } from '../core/detect/threshold/choose.js';
import { normaliseRadiometry } from '../core/raster/normalise.js';
import { removeSpeckle } from '../core/detect/clean.js';
import { hysteresisMask } from '../core/detect/threshold/hysteresis.js';
import { S2_BGRN, screenClouds, withNotObserved } from '../core/quality/cloud-mask.js';
import type { Raster } from '../core/types.js';
import type { LabelledPair } from './datasets.js';
import type { DetectionMethod } from './methods.js';
import { addConfusion, alertFigures, confusionOf, emptyConfusion, pixelScores, type AlertFigures, type Confusion, type PixelScores } from './metrics.js';

export interface PairResult {
  readonly name: string;
  readonly group: string;
  /** The method as run on this pair (after 'auto' picked one), e.g. 'cva+norm+mean1:otsu'. */
  readonly method: string;
  readonly measure: string;
  readonly threshold: number;
  readonly changedShare: number;
  readonly confusion: Confusion;
  readonly scores: PixelScores;
  readonly alerts: AlertFigures;
  /** Observed area that carries labels, km² (null when pixel size is unknown). */
  readonly labelledAreaKm2: number | null;
  readonly falseAlertsPer100Km2: number | null;
}

export interface PooledResult {
  readonly group: string;
  readonly pairs: number;
  readonly confusion: Confusion;
  readonly scores: PixelScores;
  readonly falseAlertsPer100Km2: number | null;
  readonly truthBlobsCaughtShare: number;
}

/** Change mask of a method on a pair: normalise → measure → threshold → speckle cleaning. */
export function detect(pair: LabelledPair, method: DetectionMethod): { mask: Uint8Array; choice: ThresholdChoice; measure: string; observed: Uint8Array } {
  if (method.combine) return detectCombined(pair, method.combine);
  const screened = method.cloudScreen ? screenPair(pair) : pair;
  const before = screened.before;
  const after = method.normalise ? normaliseRadiometry(before, screened.after).after : screened.after;
  const measure = method.measureFor(pair);
  const score = measure.measure(before, after);
  const scored = Uint8Array.from(score, (v) => (Number.isFinite(v) ? 1 : 0));
  const choice = chooseThreshold(score, scored, { method: method.threshold, noiseFloorK: method.noiseFloorK });
  const { width, height } = pair.before.grid;
  const raw = method.hysteresisHighK === undefined
    ? Uint8Array.from(score, (v) => (v > choice.threshold ? 1 : 0))
    : hysteresisMask(score, width, height, choice.threshold, chooseThreshold(score, scored, { method: method.threshold, noiseFloorK: method.hysteresisHighK }).threshold);
  const observed = Uint8Array.from(before.observed, (v, i) => (v === 1 && after.observed[i] === 1 ? 1 : 0));
  return { mask: removeSpeckle(raw, width, height, method.speckleMinNeighbours), choice, measure: measure.name, observed };
}

/** Masks of every part OR-ed ('a|b') or AND-ed ('a&b'); the reported threshold is the first part's. */
function detectCombined(pair: LabelledPair, combine: NonNullable<DetectionMethod['combine']>): ReturnType<typeof detect> {
  const results = combine.parts.map((m) => detect(pair, m));
  const first = results[0]!;
  const mask = Uint8Array.from(first.mask);
  const observed = Uint8Array.from(first.observed);
  for (const r of results.slice(1)) {
    for (let i = 0; i < mask.length; i++) {
      mask[i] = combine.op === 'union' ? mask[i]! | r.mask[i]! : mask[i]! & r.mask[i]!;
      observed[i] = observed[i]! & r.observed[i]!;
    }
  }
  return { mask, choice: first.choice, measure: results.map((r) => r.measure).join(combine.op === 'union' ? '|' : '&'), observed };
}

/*
 * Clouds, shadows and snow hidden on either date are "not observed": neither change nor
 * no-change, so they are also left out of the scores. Only for 4+ band pairs in Sentinel-2 DN
 * (reflectance × 10 000, bands B02 B03 B04 B08 first, as OSCD and the scan samples ship them).
 */
function screenPair(pair: LabelledPair): { before: Raster; after: Raster } {
  if (pair.kind !== 'multispectral' || pair.before.bands.length < 4) return pair;
  const screen = (r: Raster): Raster => withNotObserved(r, screenClouds(r, S2_BGRN, { reflectanceScale: 10_000 }).notObserved);
  return { before: screen(pair.before), after: screen(pair.after) };
}

export function evaluatePair(pair: LabelledPair, method: DetectionMethod): PairResult {
  const { mask, choice, measure, observed } = detect(pair, method);
  const confusion = confusionOf(mask, pair.truth, observed);
  const { width, height } = pair.before.grid;
  const alerts = alertFigures(mask, pair.truth, width, height);
  const labelled = confusion.tp + confusion.fp + confusion.fn + confusion.tn;
  const labelledAreaKm2 = pair.pixelAreaM2 === null ? null : (labelled * pair.pixelAreaM2) / 1e6;
  let changed = 0;
  for (let i = 0; i < mask.length; i++) changed += mask[i];
  return {
    name: pair.name,
    group: pair.group,
    method: method.name,
    measure,
    threshold: choice.threshold,
    changedShare: changed / mask.length,
    confusion,
    scores: pixelScores(confusion),
    alerts,
    labelledAreaKm2,
    falseAlertsPer100Km2: labelledAreaKm2 ? (100 * alerts.falseAlerts) / labelledAreaKm2 : null,
  };
}

/** Pixel counts summed over pairs (so big pairs weigh more), per group and over everything. */
export function poolResults(results: readonly PairResult[]): PooledResult[] {
  const groups = [...new Set(results.map((r) => r.group))].sort();
  const pool = (group: string, rs: readonly PairResult[]): PooledResult => {
    const confusion = emptyConfusion();
    let falseAlerts = 0;
    let areaKm2 = 0;
    let areaKnown = true;
    let caught = 0;
    let blobs = 0;
    for (const r of rs) {
      addConfusion(confusion, r.confusion);
      falseAlerts += r.alerts.falseAlerts;
      if (r.labelledAreaKm2 === null) areaKnown = false;
      else areaKm2 += r.labelledAreaKm2;
      caught += r.alerts.truthBlobsCaught;
      blobs += r.alerts.truthBlobs;
    }
    return {
      group,
      pairs: rs.length,
      confusion,
      scores: pixelScores(confusion),
      falseAlertsPer100Km2: areaKnown && areaKm2 > 0 ? (100 * falseAlerts) / areaKm2 : null,
      truthBlobsCaughtShare: blobs > 0 ? caught / blobs : 0,
    };
  };
  return [...groups.map((g) => pool(g, results.filter((r) => r.group === g))), pool('all', results)];
}
