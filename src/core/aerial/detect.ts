// The aerial detector: finds compact objects whose per-band copies are displaced along a straight
// line in proportion to the sensor's band timing (the "rainbow" of a mover), and measures them.
import { colourExcessZ, contrastZ } from './contrast.js';
import { findBlobs, type Blob } from './blobs.js';
import { fitMotion, headingDegOf, type TimedPoint } from './motion.js';
import type { SensorTiming } from './sensor.js';

export interface AerialInput {
  /** Current-tile bands, row-major width×height, north-up grid (columns east, rows south). */
  readonly bands: readonly Float32Array[];
  /** Sensor band names of `bands`, e.g. ['B02','B03','B04','B08']; names the sensor has no time for are ignored. */
  readonly bandNames: readonly string[];
  readonly width: number;
  readonly height: number;
  /** Pixel size in metres: one number for square pixels, or [xM, yM] (e.g. a WGS 84 grid). */
  readonly pixelSizeM: number | readonly [number, number];
  /** 1 = observed (not nodata, not cloud). */
  readonly observed: Uint8Array;
  /** Baseline bands on the same grid and in the same order: anything already there is static. */
  readonly baseline?: readonly Float32Array[];
}

export interface AerialOptions {
  /** Radius of the background box, pixels: a few object widths. */
  readonly backgroundRadiusPx: number;
  /** A copy needs one pixel this many robust sigmas from its background… */
  readonly seedZ: number;
  /** …and extends over the connected pixels above this. */
  readonly growZ: number;
  /** Larger anomalies are not compact objects (clouds, fields, roofs). */
  readonly maxCopyPixels: number;
  /** Below this (≈1.2 px B02→B04 at 10 m) colour fringes of static features pass for motion; registration alone is 0.3 px ≈ 3 m/s. */
  readonly minSpeedMps: number;
  /** Apparent speed cap: airliner ~250 m/s + parallax ~95 m/s at 11 km + jet stream. */
  readonly maxSpeedMps: number;
  /** Copies needed (bands) for a detection; 3 gives a collinearity-and-timing check. */
  readonly minBands: number;
  /** Only band pairs at least this far apart in time seed a search (0.9 s: B02→B04 on a 10 m stack). */
  readonly minSeedSpanS: number;
  /** Beyond this first-to-last offset (pixels) copies are separate blobs and chance alignments of clutter grow with the search area… */
  readonly longOffsetPx: number;
  /** …so such detections need this many bands (every 10 m band), or copies alike in size and shape and each at least strongCopyZ. */
  readonly minBandsLongOffset: number;
  readonly strongCopyZ: number;
  /** Tolerance of a copy's position against the band-timing prediction, pixels (plus 2.5% of the offset). */
  readonly fitTolPx: number;
  /** A blob matched within this distance in every other band is a static feature, pixels. */
  readonly staticTolPx: number;
  /** Apparent speeds at or above this are no road vehicle: class 'fast' (aircraft-like). */
  readonly fastMinSpeedMps: number;
  /** Find copies on the colour-excess map (band minus the other bands) rather than on plain contrast. */
  readonly colourExcess: boolean;
}

export const DEFAULT_AERIAL_OPTIONS: AerialOptions = {
  backgroundRadiusPx: 5,
  seedZ: 3.5,
  growZ: 2,
  maxCopyPixels: 60,
  minSpeedMps: 12,
  maxSpeedMps: 400,
  minBands: 3,
  minSeedSpanS: 0.9,
  longOffsetPx: 5,
  minBandsLongOffset: 4,
  strongCopyZ: 5,
  fitTolPx: 0.5,
  staticTolPx: 0.75,
  fastMinSpeedMps: 50,
  colourExcess: true,
};

export interface AerialCopy {
  readonly band: string;
  readonly tS: number;
  readonly col: number;
  readonly row: number;
  readonly peakZ: number;
  readonly pixelCount: number;
}

export interface AerialDetection {
  /** Position when the sensor's first band recorded it (t = 0), grid pixel coordinates (centre of pixel i is i + 0.5). */
  readonly centroid: { readonly col: number; readonly row: number };
  /** The pixel containing `centroid`. */
  readonly pixel: { readonly col: number; readonly row: number };
  /** Apparent ground velocity in the grid frame (east, north), m/s. For an object at height h it includes the parallax drift (see sensor.ts parallaxVelocityMps); only ground objects read true. */
  readonly eastMps: number;
  readonly northMps: number;
  /** Degrees clockwise from grid north, direction of travel (earliest copy → latest copy). */
  readonly headingDeg: number;
  readonly speedMps: number;
  /** One-sigma speed uncertainty from the fit residual, m/s. */
  readonly speedSigmaMps: number;
  /** Object length along its major axis (median over copies), metres; ≥ one pixel by construction. */
  readonly lengthM: number;
  /** Footprint (median copy area), m². */
  readonly areaM2: number;
  readonly contrast: 'bright' | 'dark';
  readonly meanPeakZ: number;
  readonly residualPx: number;
  readonly bandsUsed: number;
  /** 'fast': apparent speed no surface vehicle reaches (aircraft-like); 'slow': vehicle, drone, balloon drift — ambiguous without a road mask or altitude. */
  readonly speedClass: 'fast' | 'slow';
  /** 0..1 from band coverage, fit quality and contrast. */
  readonly score: number;
  readonly copies: readonly AerialCopy[];
}

interface Candidate {
  readonly blobs: Blob[];
  readonly score: number;
}

const CELL_PX = 8;

function bucketKey(col: number, row: number): number {
  return Math.floor(row / CELL_PX) * 100_003 + Math.floor(col / CELL_PX);
}

class BlobIndex {
  private readonly cells = new Map<number, Blob[]>();
  constructor(blobs: readonly Blob[]) {
    for (const b of blobs) {
      const k = bucketKey(b.col, b.row);
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }
  within(col: number, row: number, radiusPx: number, sign: 1 | -1): Blob[] {
    const out: Blob[] = [];
    const c0 = Math.floor((col - radiusPx) / CELL_PX);
    const c1 = Math.floor((col + radiusPx) / CELL_PX);
    const r0 = Math.floor((row - radiusPx) / CELL_PX);
    const r1 = Math.floor((row + radiusPx) / CELL_PX);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (const b of this.cells.get(r * 100_003 + c) ?? []) {
          if (b.sign === sign && Math.hypot(b.col - col, b.row - row) <= radiusPx) out.push(b);
        }
      }
    }
    return out;
  }
  nearest(col: number, row: number, radiusPx: number, sign: 1 | -1): Blob | null {
    let best: Blob | null = null;
    let bestD = Infinity;
    for (const b of this.within(col, row, radiusPx, sign)) {
      const d = Math.hypot(b.col - col, b.row - row);
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    return best;
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** True when the baseline shows a comparable same-sign anomaly at (or next to) the blob's peak: it was already there. */
function inBaseline(blob: Blob, baselineZ: Float32Array, width: number, height: number, minZ: number): boolean {
  const x = blob.peakIndex % width;
  const y = (blob.peakIndex - x) / width;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      if (blob.sign * baselineZ[yy * width + xx]! >= minZ) return true;
    }
  }
  return false;
}

/**
 * A mover's copy in one band is absent from the other bands at that place (they saw the object
 * elsewhere); a roof or a road marking is there in every band. Copies closer than 1.5 px overlap,
 * so only separated pairs are compared.
 */
function copiesAreTransient(members: readonly Blob[], zByBand: ReadonlyMap<number, Float32Array>, width: number, growZ: number): boolean {
  for (const m of members) {
    const x = m.peakIndex % width;
    for (const n of members) {
      const apartPx = Math.hypot(m.col - n.col, m.row - n.row);
      if (m === n || apartPx < 1.5) continue;
      // Well-separated copies must leave the neighbourhood quiet too, so a string of cars along a
      // road cannot pose as one fast object; close copies are compared at the peak only.
      const r = apartPx >= 4 ? 1 : 0;
      const z = zByBand.get(n.bandIndex)!;
      let zOther = -Infinity;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const v = z[m.peakIndex + dy * width + dx];
          if (v !== undefined && x + dx >= 0 && x + dx < width) zOther = Math.max(zOther, m.sign * v);
        }
      }
      if (zOther >= Math.max(growZ, 0.5 * m.peakZ)) return false;
    }
  }
  return true;
}

/**
 * Find moving compact objects in one tile. Returns detections sorted by score (best first).
 * Static bright targets are rejected three ways: no inter-band offset (speed gate), a copy present
 * at the same place in every band (static feature), or a copy already in the baseline.
 */
export function detectAerial(input: AerialInput, sensor: SensorTiming, options: Partial<AerialOptions> = {}): AerialDetection[] {
  const opts: AerialOptions = { ...DEFAULT_AERIAL_OPTIONS, ...options };
  const { width, height, observed } = input;
  if (input.bands.length !== input.bandNames.length) throw new Error('detectAerial: bands and bandNames differ in length');
  const [pxM, pyM] = typeof input.pixelSizeM === 'number' ? [input.pixelSizeM, input.pixelSizeM] : input.pixelSizeM;
  const timed = input.bandNames
    .map((name, index) => ({ name, index, tS: sensor.bandTimesS[name] }))
    .filter((b): b is { name: string; index: number; tS: number } => typeof b.tS === 'number')
    .sort((a, b) => a.tS - b.tS);
  if (timed.length < opts.minBands) return [];

  // Copies per band, minus those the baseline or the other bands explain as static.
  const blobsByBand = new Map<number, Blob[]>();
  const zByBand = new Map<number, Float32Array>();
  for (const b of timed) zByBand.set(b.index, contrastZ(input.bands[b.index]!, observed, width, height, opts.backgroundRadiusPx));
  const timedZ = timed.map((b) => zByBand.get(b.index)!);
  const baselineZ = input.baseline
    ? timed.map((b) => contrastZ(input.baseline![b.index]!, observed, width, height, opts.backgroundRadiusPx))
    : null;
  for (const [k, b] of timed.entries()) {
    const z = opts.colourExcess ? colourExcessZ(timedZ, k, observed) : zByBand.get(b.index)!;
    // The baseline is judged by the same statistic as the copies, so ordinary urban texture in it
    // does not veto a copy; only a comparable anomaly at the same place does.
    const baseZ = baselineZ ? (opts.colourExcess ? colourExcessZ(baselineZ, k, observed) : baselineZ[k]!) : null;
    const found = [1, -1].flatMap((sign) =>
      findBlobs(z, width, height, b.index, sign as 1 | -1, { seedZ: opts.seedZ, growZ: opts.growZ, maxPixels: opts.maxCopyPixels }),
    );
    blobsByBand.set(b.index, baseZ ? found.filter((blob) => !inBaseline(blob, baseZ, width, height, Math.max(opts.seedZ, 0.5 * blob.peakZ))) : found);
  }
  const rawIndex = new Map<number, BlobIndex>();
  for (const [band, blobs] of blobsByBand) rawIndex.set(band, new BlobIndex(blobs));
  for (const b of timed) {
    const others = timed.filter((o) => o.index !== b.index);
    const moving = blobsByBand.get(b.index)!.filter(
      (blob) => !others.every((o) => rawIndex.get(o.index)!.nearest(blob.col, blob.row, opts.staticTolPx, blob.sign) !== null),
    );
    blobsByBand.set(b.index, moving);
  }
  const index = new Map<number, BlobIndex>();
  for (const [band, blobs] of blobsByBand) index.set(band, new BlobIndex(blobs));
  const timeOf = new Map(timed.map((b) => [b.index, b.tS]));

  const toPoint = (blob: Blob): TimedPoint => ({ tS: timeOf.get(blob.bandIndex)!, xM: blob.col * pxM, yM: -blob.row * pyM });
  const candidates: Candidate[] = [];
  const minPx = Math.min(pxM, pyM);
  for (let i = 0; i < timed.length; i++) {
    for (let j = timed.length - 1; j > i; j--) {
      const spanS = timed[j]!.tS - timed[i]!.tS;
      if (spanS < opts.minSeedSpanS) continue;
      const maxDispPx = (opts.maxSpeedMps * spanS) / minPx;
      for (const a of blobsByBand.get(timed[i]!.index)!) {
        for (const c of index.get(timed[j]!.index)!.within(a.col, a.row, maxDispPx, a.sign)) {
          const dxM = (c.col - a.col) * pxM;
          const dyM = (c.row - a.row) * pyM;
          if (Math.hypot(dxM, dyM) / spanS < opts.minSpeedMps) continue;
          const offsetPx = Math.hypot(c.col - a.col, c.row - a.row);
          // Copies of a large object offset by less than its own length overlap; their centroids then
          // shift with the object's colour and shape as much as with its motion.
          if (offsetPx < 0.75 * Math.max(a.majorAxisPx, c.majorAxisPx)) continue;
          const members: Blob[] = [a, c];
          // Timing is good to ±2% (Binet et al. 2022): the allowance grows with the offset.
          const tolPx = opts.fitTolPx + 0.025 * offsetPx;
          for (const k of timed) {
            if (k.index === timed[i]!.index || k.index === timed[j]!.index) continue;
            const f = (k.tS - timed[i]!.tS) / spanS;
            const hit = index.get(k.index)!.nearest(a.col + f * (c.col - a.col), a.row + f * (c.row - a.row), tolPx, a.sign);
            if (hit) members.push(hit);
          }
          if (members.length < opts.minBands) continue;
          if (!copiesAreTransient(members, zByBand, width, opts.growZ)) continue;
          const counts = members.map((m) => m.pixelCount);
          const axes = members.map((m) => m.majorAxisPx);
          const countRatio = Math.max(...counts) / Math.min(...counts);
          if (countRatio > 4) continue;
          // Separate copies with a band missing must at least look like one object drawn several times.
          const alike =
            countRatio <= 2 && Math.max(...axes) <= 1.5 * Math.min(...axes) && Math.min(...members.map((m) => m.peakZ)) >= opts.strongCopyZ;
          if (offsetPx > opts.longOffsetPx && members.length < opts.minBandsLongOffset && !alike) continue;
          const fit = fitMotion(members.map(toPoint));
          const residualPx = fit.residualRmsM / minPx;
          if (residualPx > tolPx) continue;
          const meanPeak = members.reduce((s, m) => s + m.peakZ, 0) / members.length;
          const score =
            (members.length / timed.length) * Math.exp(-((residualPx / tolPx) ** 2)) * (1 - Math.exp(-meanPeak / (2 * opts.seedZ)));
          candidates.push({ blobs: members, score });
        }
      }
    }
  }

  // Greedy: the best-scoring explanation of each copy wins.
  candidates.sort((p, q) => q.score - p.score);
  const used = new Set<Blob>();
  const detections: AerialDetection[] = [];
  for (const cand of candidates) {
    if (cand.blobs.some((b) => used.has(b))) continue;
    const fit = fitMotion(cand.blobs.map(toPoint));
    const speedMps = Math.hypot(fit.vxMps, fit.vyMps);
    if (speedMps < opts.minSpeedMps || speedMps > opts.maxSpeedMps) continue;
    for (const b of cand.blobs) used.add(b);
    const times = cand.blobs.map((b) => timeOf.get(b.bandIndex)!);
    const tMean = times.reduce((s, t) => s + t, 0) / times.length;
    const stt = times.reduce((s, t) => s + (t - tMean) ** 2, 0);
    const col = fit.x0M / pxM;
    const row = -fit.y0M / pyM;
    detections.push({
      centroid: { col, row },
      pixel: { col: Math.floor(col), row: Math.floor(row) },
      eastMps: fit.vxMps,
      northMps: fit.vyMps,
      headingDeg: headingDegOf(fit.vxMps, fit.vyMps),
      speedMps,
      // Per-axis velocity error is σ/√Σ(t−t̄)²; the residual RMS estimates σ per axis as rms/√2.
      speedSigmaMps: fit.residualRmsM / Math.SQRT2 / Math.sqrt(stt),
      lengthM: median(cand.blobs.map((b) => b.majorAxisPx)) * Math.sqrt(pxM * pyM),
      areaM2: median(cand.blobs.map((b) => b.pixelCount)) * pxM * pyM,
      contrast: cand.blobs[0]!.sign > 0 ? 'bright' : 'dark',
      meanPeakZ: cand.blobs.reduce((s, b) => s + b.peakZ, 0) / cand.blobs.length,
      residualPx: fit.residualRmsM / minPx,
      bandsUsed: cand.blobs.length,
      speedClass: speedMps >= opts.fastMinSpeedMps ? 'fast' : 'slow',
      score: cand.score,
      copies: cand.blobs
        .map((b) => ({ band: input.bandNames[b.bandIndex]!, tS: timeOf.get(b.bandIndex)!, col: b.col, row: b.row, peakZ: b.peakZ, pixelCount: b.pixelCount }))
        .sort((p, q) => p.tS - q.tS),
    });
  }
  return detections;
}
