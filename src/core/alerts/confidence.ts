// The confidence ladder (GFW integrated alerts / OPERA DIST-ALERT): provisional on first detection,
// confirmed when a later acquisition of the same place agrees, highest when independent evidence
// (another method or another sensor) agrees. Pure rules; the store applies them and never lowers.
import { detectorFamily } from './detector-family.js';
import type { AlertKind, Confidence } from './candidate.js';

export const CONFIDENCE_LEVELS: readonly Confidence[] = ['provisional', 'confirmed', 'highest'];

const RANK: Record<Confidence, number> = { provisional: 0, confirmed: 1, highest: 2 };

export function confidenceRank(c: Confidence): number {
  return RANK[c];
}

/** The higher of two rungs: the ladder only climbs. */
export function maxConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] >= RANK[b] ? a : b;
}

/*
 * Why 31 days: two detections of the same place by different sources count as one event only if
 * they are close in time; DIST-ALERT's baseline window is 31 days, and a detection a year
 * earlier at the same spot is more likely an older, different event than corroboration.
 */
export const AGREEMENT_WINDOW_DAYS = 31;

const DAY_MS = 86_400_000;

/** What the ladder needs to know about one alert and its evidence. */
export interface LadderEvidence {
  /** Observation times (ISO 8601) of every acquisition recorded for the alert, the newest included. */
  readonly observedAt: readonly string[];
  /** An alert from another detector family (another method or sensor) agrees, see `corroborates`. */
  readonly independentAgreement: boolean;
  /** What the detector itself claimed on the newest candidate (it may have combined methods). */
  readonly claimed: Confidence;
  /** The rung the store already holds (null for a new alert). */
  readonly current: Confidence | null;
}

/**
 * The rung an alert stands on given all its evidence:
 * - highest when an independent detector agrees (DIST/GFW "highest": sources agree);
 * - confirmed when at least two acquisitions at different times saw it — a later image agreeing
 *   with an earlier one. Two tiles of the same instant (overlapping granules of one pass) are one
 *   look at the ground, not a confirmation;
 * - provisional otherwise.
 * Never below `claimed` or `current`.
 */
export function ladderConfidence(e: LadderEvidence): Confidence {
  const distinctTimes = new Set(e.observedAt.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t)));
  let rung: Confidence = 'provisional';
  if (distinctTimes.size >= 2) rung = 'confirmed';
  if (e.independentAgreement) rung = 'highest';
  rung = maxConfidence(rung, e.claimed);
  return e.current === null ? rung : maxConfidence(rung, e.current);
}

/** An alert as the corroboration rule sees it. */
export interface AgreementSubject {
  /** The detector's name; corroboration compares families (detector-family.ts): optical change, SAR, … */
  readonly detectorName: string;
  readonly segmentId: string;
  readonly kind: AlertKind;
  /** [west, south, east, north] WGS 84. */
  readonly bbox: readonly [number, number, number, number];
  /** ISO 8601 first and last observation times. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/**
 * True when `other` is independent evidence for `subject`: a different detector family (a second
 * method, or a second sensor, since SAR and optical never share a detector) found the same kind of
 * change in the same segment, overlapping it on the ground, within the agreement window. The same
 * detector seeing it again is repetition (the `confirmed` rung), not independence.
 */
export function corroborates(subject: AgreementSubject, other: AgreementSubject, windowDays = AGREEMENT_WINDOW_DAYS): boolean {
  if (detectorFamily(other.detectorName) === detectorFamily(subject.detectorName)) return false;
  if (other.segmentId !== subject.segmentId || other.kind !== subject.kind) return false;
  const [aw, as, ae, an] = subject.bbox;
  const [bw, bs, be, bn] = other.bbox;
  if (ae < bw || be < aw || an < bs || bn < as) return false;
  const window = windowDays * DAY_MS;
  const aFirst = Date.parse(subject.firstSeen);
  const aLast = Date.parse(subject.lastSeen);
  const bFirst = Date.parse(other.firstSeen);
  const bLast = Date.parse(other.lastSeen);
  if ([aFirst, aLast, bFirst, bLast].some(Number.isNaN)) return false;
  // The gap between the two observation intervals (negative when they overlap) is within the window.
  return Math.max(aFirst, bFirst) - Math.min(aLast, bLast) <= window;
}
