import { describe, expect, it } from 'vitest';
import { alertFigures, confusionOf, pixelScores, UNLABELLED } from '../../../src/eval/metrics.js';

describe('pixel accuracy figures', () => {
  it('count only labelled, observed pixels', () => {
    const predicted = Uint8Array.from([1, 1, 0, 0, 1, 1]);
    const truth = Uint8Array.from([1, 0, 1, 0, UNLABELLED, 1]);
    const observed = Uint8Array.from([1, 1, 1, 1, 1, 0]);
    expect(confusionOf(predicted, truth, observed)).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it('give the textbook precision, recall, F1, kappa and OA', () => {
    // 20 changed found of 25, 5 false: P = R = 0.8; OA = 90/100; chance = (25·25 + 75·75)/100² = 0.625.
    const s = pixelScores({ tp: 20, fp: 5, fn: 5, tn: 70 });
    expect(s.precision).toBeCloseTo(0.8, 12);
    expect(s.recall).toBeCloseTo(0.8, 12);
    expect(s.f1).toBeCloseTo(0.8, 12);
    expect(s.overallAccuracy).toBeCloseTo(0.9, 12);
    expect(s.kappa).toBeCloseTo((0.9 - 0.625) / (1 - 0.625), 12);
  });

  it('score a prediction of nothing as F1 0 and kappa 0, not NaN', () => {
    const s = pixelScores({ tp: 0, fp: 0, fn: 10, tn: 90 });
    expect(s.f1).toBe(0);
    expect(s.kappa).toBe(0);
  });
});

describe('alert-level figures', () => {
  it('count a predicted blob touching no true change as a false alert and caught truth blobs', () => {
    // 5×3: truth blob at col 0; predictions at col 0 (hit) and col 4 (false alert); truth blob at col 2 missed.
    const w = 5;
    const truth = new Uint8Array(15);
    const predicted = new Uint8Array(15);
    for (let r = 0; r < 3; r++) {
      truth[r * w] = 1;
      truth[r * w + 2] = 1;
      predicted[r * w] = 1;
      predicted[r * w + 4] = 1;
    }
    expect(alertFigures(predicted, truth, w, 3)).toEqual({ falseAlerts: 1, predictedAlerts: 2, truthBlobsCaught: 1, truthBlobs: 2 });
  });
});
