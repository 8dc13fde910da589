// Draws a reproducible population of synthetic movers (aircraft at altitude, large drones, balloons,
// road vehicles) for the injection evaluation. Seeded, so a report can be regenerated exactly.
import type { MoverKind, SyntheticMover } from '../../core/aerial/inject.js';

/** Contrast levels in band units (OSCD: TOA reflectance × 10000), i.e. +0.015 … +0.25 reflectance. */
export const CONTRAST_LEVELS = [150, 400, 1000, 2500] as const;

interface KindRange {
  readonly speedMps: readonly [number, number];
  readonly heightM: readonly [number, number];
  readonly lengthM: readonly [number, number];
  /** Width as a fraction of length. */
  readonly aspect: readonly [number, number];
}

// Ranges from the anchor note's examples: airliners 70–250 m/s at up to 11 km, large UAVs (≥ 10 m
// span, smaller ones are invisible at 10 m), stratospheric balloons drifting with the wind at 15–30 km,
// trucks and cars on roads.
const KINDS: Record<MoverKind, KindRange> = {
  aircraft: { speedMps: [70, 250], heightM: [1000, 11000], lengthM: [20, 70], aspect: [0.8, 1] },
  drone: { speedMps: [20, 60], heightM: [100, 3000], lengthM: [10, 20], aspect: [0.8, 1] },
  balloon: { speedMps: [0, 25], heightM: [15000, 30000], lengthM: [15, 60], aspect: [1, 1] },
  vehicle: { speedMps: [10, 35], heightM: [0, 0], lengthM: [5, 20], aspect: [0.15, 0.5] },
};

export const MOVER_KINDS = Object.keys(KINDS) as MoverKind[];

export function drawMover(rand: () => number, kind: MoverKind, col: number, row: number): SyntheticMover {
  const r = KINDS[kind];
  const between = (range: readonly [number, number]): number => range[0] + rand() * (range[1] - range[0]);
  const lengthM = between(r.lengthM);
  const level = CONTRAST_LEVELS[Math.floor(rand() * CONTRAST_LEVELS.length)]!;
  // One object in five darker than its background (dark vehicles, shadows, aircraft over cloud).
  const contrast = rand() < 0.2 ? -level : level;
  return {
    kind,
    col,
    row,
    headingDeg: rand() * 360,
    speedMps: between(r.speedMps),
    heightM: between(r.heightM),
    lengthM,
    widthM: lengthM * between(r.aspect),
    contrast,
  };
}
