// Pixel and alert-level accuracy figures for a predicted change mask against labelled truth.
import { labelComponents } from '../core/detect/components.js';

/** Truth values: 1 changed, 0 unchanged, anything else = not labelled (not scored). */
export const UNLABELLED = 255;

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface PixelScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly kappa: number;
  readonly overallAccuracy: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/** Counts over pixels that are labelled and observed (prediction 1 = change). */
export function confusionOf(predicted: Uint8Array, truth: Uint8Array, observed: Uint8Array): Confusion {
  const c = emptyConfusion();
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    if ((t !== 0 && t !== 1) || observed[i] !== 1) continue;
    if (predicted[i] === 1) t === 1 ? c.tp++ : c.fp++;
    else t === 1 ? c.fn++ : c.tn++;
  }
  return c;
}

export function addConfusion(into: Confusion, c: Confusion): void {
  into.tp += c.tp;
  into.fp += c.fp;
  into.fn += c.fn;
  into.tn += c.tn;
}

/** Precision/recall/F1 are 0 when undefined (nothing predicted or nothing to find). */
export function pixelScores(c: Confusion): PixelScores {
  const n = c.tp + c.fp + c.fn + c.tn;
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const overallAccuracy = n > 0 ? (c.tp + c.tn) / n : 0;
  // Cohen's kappa: agreement beyond what the two marginals would give by chance.
  const chance = n > 0 ? ((c.tp + c.fp) * (c.tp + c.fn) + (c.fn + c.tn) * (c.fp + c.tn)) / (n * n) : 0;
  const kappa = chance < 1 ? (overallAccuracy - chance) / (1 - chance) : 0;
  return { precision, recall, f1, kappa, overallAccuracy };
}

export interface AlertFigures {
  /** Predicted 8-connected blobs containing no labelled-changed pixel (and some labelled pixel). */
  readonly falseAlerts: number;
  readonly predictedAlerts: number;
  /** Truth change blobs with at least one predicted pixel. */
  readonly truthBlobsCaught: number;
  readonly truthBlobs: number;
}

export function alertFigures(predicted: Uint8Array, truth: Uint8Array, width: number, height: number): AlertFigures {
  const none = new Float32Array(predicted.length);
  const pred = labelComponents(predicted, width, height, none);
  const truthMask = Uint8Array.from(truth, (t) => (t === 1 ? 1 : 0));
  const real = labelComponents(truthMask, width, height, none);
  const hitsTruth = new Uint8Array(pred.components.length + 1);
  const labelled = new Uint8Array(pred.components.length + 1);
  const caught = new Uint8Array(real.components.length + 1);
  for (let i = 0; i < predicted.length; i++) {
    const p = pred.labels[i];
    if (p === 0) continue;
    if (truth[i] === 1) {
      hitsTruth[p] = 1;
      caught[real.labels[i]] = 1;
    }
    if (truth[i] === 0 || truth[i] === 1) labelled[p] = 1;
  }
  let falseAlerts = 0;
  for (let k = 1; k <= pred.components.length; k++) if (labelled[k] === 1 && hitsTruth[k] === 0) falseAlerts++;
  let truthBlobsCaught = 0;
  for (let k = 1; k <= real.components.length; k++) truthBlobsCaught += caught[k];
  return { falseAlerts, predictedAlerts: pred.components.length, truthBlobsCaught, truthBlobs: real.components.length };
}
