// Ground or aerial? A first, honest heuristic until the band-offset aerial detector (issue 7)
// replaces it: an airborne object in one date is a small, compact, very strong, *brightening*
// blob (aircraft, balloons and their colour fringes are bright against the ground) that the
// baseline does not have. Everything else is ground change. It errs towards 'ground': a false
// 'aerial' sends an analyst after an aircraft that is not there.
import type { AlertKind } from './candidate.js';

export interface BlobEvidence {
  readonly areaM2: number;
  /** 4πA/P²: 1 for a disc, → 0 for long thin shapes. */
  readonly compactness: number;
  /** Mean change score over the blob divided by the detection threshold. */
  readonly strength: number;
  /** Mean over the blob of (current − baseline) summed across bands, in normalised units. */
  readonly brightening: number;
}

export interface KindRule {
  readonly maxAerialAreaM2: number;
  readonly minCompactness: number;
  readonly minStrength: number;
}

export const DEFAULT_KIND_RULE: KindRule = { maxAerialAreaM2: 2500, minCompactness: 0.45, minStrength: 4 };

export function classifyKind(e: BlobEvidence, rule: KindRule = DEFAULT_KIND_RULE): AlertKind {
  const aerial =
    e.areaM2 <= rule.maxAerialAreaM2 && e.compactness >= rule.minCompactness && e.strength >= rule.minStrength && e.brightening > 0;
  return aerial ? 'aerial' : 'ground';
}
