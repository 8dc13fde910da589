// Injection evaluation of the aerial detector: movers drawn into real current tiles with the real
// band timing, detected against the real baseline, scored against the truth; plus the un-injected
// ground-change pairs, where every detection is a false aerial alert.
import { detectAerial, type AerialDetection, type AerialOptions } from '../../core/aerial/detect.js';
import { injectMovers, type MoverTruth } from '../../core/aerial/inject.js';
import { groundTrackAzimuthDeg, type SensorTiming } from '../../core/aerial/sensor.js';
import { drawMover, MOVER_KINDS } from './movers.js';
import { mulberry32 } from '../../core/prng.js';
import { OSCD_BAND_NAMES, type EvalScene } from './scenes.js';

export interface EvalConfig {
  readonly trialsPerScene: number;
  readonly moversPerTrial: number;
  readonly seed: number;
  readonly timingScale: number;
  readonly psfSigmaPx: number;
  /** A detection within this many pixels of a mover's t = 0 position is a hit. */
  readonly hitRadiusPx: number;
  readonly detector?: Partial<AerialOptions>;
}

export const DEFAULT_EVAL_CONFIG: EvalConfig = {
  trialsPerScene: 20,
  moversPerTrial: 6,
  seed: 7,
  timingScale: 1.015,
  psfSigmaPx: 0.45,
  hitRadiusPx: 3,
};

export interface MoverOutcome {
  readonly scene: string;
  readonly truth: MoverTruth;
  readonly apparentSpeedMps: number;
  readonly detection: AerialDetection | null;
  readonly speedErrorMps: number | null;
  readonly headingErrorDeg: number | null;
}

export interface EvalResult {
  readonly config: EvalConfig;
  readonly outcomes: MoverOutcome[];
  /**
   * Detections matching no injected mover, per scene, over all trials; `causedByInjection` leaves out
   * those the un-injected scene already had (its own movers, counted under groundPairAlerts).
   */
  readonly injectedFalseAlerts: { readonly scene: string; readonly count: number; readonly causedByInjection: number; readonly trials: number }[];
  /** Detections on the un-injected pair (current vs baseline): every one is a false aerial alert on ground change. */
  readonly groundPairAlerts: { readonly scene: string; readonly detections: AerialDetection[] }[];
}

function angleDiffDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** Mover positions on a jittered lattice, so no two movers' copies overlap and none leave the tile. */
function placements(scene: EvalScene, count: number, rand: () => number): [number, number][] {
  const margin = 45;
  const usableW = scene.width - 2 * margin;
  const usableH = scene.height - 2 * margin;
  if (usableW <= 0 || usableH <= 0) return [[scene.width / 2, scene.height / 2]];
  const cols = Math.max(1, Math.ceil(Math.sqrt((count * usableW) / usableH)));
  const rows = Math.max(1, Math.ceil(count / cols));
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const cx = margin + ((i % cols) + 0.25 + 0.5 * rand()) * (usableW / cols);
    const cy = margin + (Math.floor(i / cols) + 0.25 + 0.5 * rand()) * (usableH / rows);
    out.push([cx, cy]);
  }
  return out;
}

export function evaluateAerial(scenes: readonly EvalScene[], sensor: SensorTiming, config: EvalConfig = DEFAULT_EVAL_CONFIG): EvalResult {
  const rand = mulberry32(config.seed); // seeded: a report can be regenerated exactly
  const outcomes: MoverOutcome[] = [];
  const injectedFalseAlerts: EvalResult['injectedFalseAlerts'][number][] = [];
  const groundPairAlerts: EvalResult['groundPairAlerts'][number][] = [];
  for (const scene of scenes) {
    const observed = new Uint8Array(scene.width * scene.height).fill(1);
    const base = { bandNames: [...OSCD_BAND_NAMES], width: scene.width, height: scene.height, pixelSizeM: scene.pixelSizeM, observed, baseline: scene.baseline };
    const sceneOwn = detectAerial({ ...base, bands: scene.current }, sensor, config.detector);
    groundPairAlerts.push({ scene: scene.name, detections: sceneOwn });
    let causedByInjection = 0;
    // OSCD grids are WGS 84, so grid north is true north and the track azimuth applies as is.
    const trackAzimuthDeg = groundTrackAzimuthDeg(scene.centreLatDeg, sensor.orbit);
    let falseCount = 0;
    // A small tile fits fewer well-separated movers: about one per 90×90 px.
    const perTrial = Math.max(1, Math.min(config.moversPerTrial, Math.floor((scene.width * scene.height) / 8100)));
    for (let trial = 0; trial < config.trialsPerScene; trial++) {
      const movers = placements(scene, perTrial, rand).map(([c, r], i) => drawMover(rand, MOVER_KINDS[(trial * perTrial + i) % MOVER_KINDS.length]!, c, r));
      const { bands, truth } = injectMovers(
        { bands: scene.current, bandNames: OSCD_BAND_NAMES, width: scene.width, height: scene.height, pixelSizeM: scene.pixelSizeM },
        movers,
        sensor,
        { trackAzimuthDeg, timingScale: config.timingScale, psfSigmaPx: config.psfSigmaPx },
      );
      const detections = detectAerial({ ...base, bands }, sensor, config.detector);
      const used = new Set<AerialDetection>();
      for (const t of truth) {
        let best: AerialDetection | null = null;
        let bestD = config.hitRadiusPx;
        for (const d of detections) {
          const dist = Math.hypot(d.centroid.col - t.col, d.centroid.row - t.row);
          if (!used.has(d) && dist <= bestD) {
            best = d;
            bestD = dist;
          }
        }
        if (best) used.add(best);
        const apparentSpeedMps = Math.hypot(t.apparentEastMps, t.apparentNorthMps);
        const apparentHeading = (Math.atan2(t.apparentEastMps, t.apparentNorthMps) * 180) / Math.PI;
        outcomes.push({
          scene: scene.name,
          truth: t,
          apparentSpeedMps,
          detection: best,
          speedErrorMps: best ? best.speedMps - apparentSpeedMps : null,
          headingErrorDeg: best ? angleDiffDeg(best.headingDeg, apparentHeading) : null,
        });
      }
      const unmatched = detections.filter((d) => !used.has(d));
      falseCount += unmatched.length;
      causedByInjection += unmatched.filter(
        (d) => !sceneOwn.some((o) => Math.hypot(o.centroid.col - d.centroid.col, o.centroid.row - d.centroid.row) <= config.hitRadiusPx),
      ).length;
    }
    injectedFalseAlerts.push({ scene: scene.name, count: falseCount, causedByInjection, trials: config.trialsPerScene });
  }
  return { config, outcomes, injectedFalseAlerts, groundPairAlerts };
}
