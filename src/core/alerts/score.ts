// Ranking score (0..1) and first rung of the confidence ladder for a single scan.
// Strength above threshold and size both raise it; a blob barely over the threshold or barely
// over the minimum mapping unit ranks low, which is what an analyst triaging a queue wants.
import type { Confidence } from './candidate.js';

export function changeScore(meanScore: number, threshold: number, pixelCount: number): number {
  if (!(threshold > 0) || !(meanScore > threshold)) return 0;
  const strength = 1 - threshold / meanScore; // 0 at the threshold, → 1 for strong change
  const size = 1 - Math.exp(-pixelCount / 25); // saturates around a few dozen pixels
  return Math.round(Math.min(1, 0.5 * strength * (1 + size)) * 1000) / 1000;
}

/** One scan of one pair is one piece of evidence: provisional (GFW / DIST-ALERT ladder). */
export function confidenceOfSingleScan(): Confidence {
  return 'provisional';
}
