// Synthetic Sentinel-2-like tile pairs for tests and benchmarks, pure: 4 bands (B02 B03 B04 B08)
// uint16 in L2A DN (reflectance·10000 + 1000), a smooth landscape with sensor noise, a global
// gain/offset between dates (which normalisation must absorb), and injected changes of known
// class: buildings, 1-px tracks, vehicles, field changes — half of them near a wavy border line.
import { mulberry32, normal } from '../core/prng.js';

export const CHANGE_CLASSES = { building: 1, track: 2, vehicle: 3, field: 4 } as const;

export interface SyntheticPair {
  readonly size: number;
  readonly before: Uint16Array[];
  readonly after: Uint16Array[];
  /** Ground-truth class per pixel (0 = unchanged). */
  readonly truth: Uint8Array;
  /** The border line in pixel coordinates (col, row), left to right. */
  readonly borderLinePx: [number, number][];
}

const BAND_MEAN_REFL = [0.06, 0.08, 0.09, 0.25];
const BAND_VAR_REFL = [0.02, 0.025, 0.035, 0.08];

/** Value noise: a coarse random lattice, bilinearly interpolated (cheap, smooth, deterministic). */
function smoothField(size: number, cell: number, random: () => number): Float32Array {
  const n = Math.ceil(size / cell) + 2;
  const lattice = Float32Array.from({ length: n * n }, () => random() * 2 - 1);
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    const fy = r / cell;
    const y0 = Math.floor(fy);
    const ay = fy - y0;
    for (let c = 0; c < size; c++) {
      const fx = c / cell;
      const x0 = Math.floor(fx);
      const ax = fx - x0;
      const k = y0 * n + x0;
      out[r * size + c] =
        lattice[k]! * (1 - ax) * (1 - ay) + lattice[k + 1]! * ax * (1 - ay) + lattice[k + n]! * (1 - ax) * ay + lattice[k + n + 1]! * ax * ay;
    }
  }
  return out;
}

export function borderLinePx(size: number, random: () => number): [number, number][] {
  const amp = size * (0.08 + 0.06 * random());
  const period = size * (0.5 + 0.4 * random());
  const phase = random() * Math.PI * 2;
  const pts: [number, number][] = [];
  for (let c = 0; c <= size; c += Math.max(8, size / 256)) pts.push([c, size / 2 + amp * Math.sin((2 * Math.PI * c) / period + phase)]);
  return pts;
}

export function synthesisePair(size: number, seed = 1): SyntheticPair {
  const random = mulberry32(seed);
  const gauss = normal(mulberry32(seed + 1));
  const n = size * size;
  const land = smoothField(size, 96, random);
  const detail = smoothField(size, 12, random);
  const before: Uint16Array[] = [];
  const after: Uint16Array[] = [];
  const afterRefl: Float32Array[] = [];
  for (let b = 0; b < 4; b++) {
    const bb = new Uint16Array(n);
    const ar = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const refl = BAND_MEAN_REFL[b]! + BAND_VAR_REFL[b]! * (0.7 * land[i]! + 0.3 * detail[i]!);
      bb[i] = Math.max(1, Math.round(refl * 10000 + 1000 + 8 * gauss()));
      ar[i] = refl;
    }
    before.push(bb);
    afterRefl.push(ar);
  }
  const truth = new Uint8Array(n);
  const line = borderLinePx(size, random);
  const lineRowAt = (c: number): number => line[Math.min(line.length - 1, Math.round((c / size) * (line.length - 1)))]![1];
  const place = (margin: number): [number, number] => {
    const c = margin + random() * (size - 2 * margin);
    const nearBorder = random() < 0.5;
    const r = nearBorder ? lineRowAt(c) + (random() * 2 - 1) * 75 : margin + random() * (size - 2 * margin);
    return [Math.round(c), Math.round(Math.min(size - margin, Math.max(margin, r)))];
  };
  const paint = (c: number, r: number, cls: number, delta: readonly number[]): void => {
    if (c < 0 || r < 0 || c >= size || r >= size) return;
    const i = r * size + c;
    truth[i] = cls;
    for (let b = 0; b < 4; b++) afterRefl[b]![i] = afterRefl[b]![i]! + delta[b]!;
  };
  const density = n / (2048 * 2048);
  for (let k = 0; k < Math.round(60 * density); k++) {
    const [c, r] = place(20);
    const w = 3 + Math.floor(random() * 10);
    const h = 3 + Math.floor(random() * 10);
    for (let dr = 0; dr < h; dr++) for (let dc = 0; dc < w; dc++) paint(c + dc, r + dr, CHANGE_CLASSES.building, [0.12, 0.12, 0.13, 0.05]);
  }
  for (let k = 0; k < Math.round(25 * density); k++) {
    let [c, r] = place(40);
    const angle = random() * Math.PI * 2;
    const len = 30 + random() * 200;
    for (let s = 0; s < len; s++) paint(Math.round(c + Math.cos(angle) * s), Math.round(r + Math.sin(angle) * s), CHANGE_CLASSES.track, [0.06, 0.06, 0.07, -0.04]);
  }
  for (let k = 0; k < Math.round(80 * density); k++) {
    const [c, r] = place(5);
    for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) paint(c + dc, r + dr, CHANGE_CLASSES.vehicle, [0.2, 0.2, 0.2, 0.15]);
  }
  for (let k = 0; k < Math.round(12 * density); k++) {
    const [c, r] = place(80);
    const w = 40 + Math.floor(random() * 110);
    const h = 40 + Math.floor(random() * 110);
    for (let dr = 0; dr < h; dr++) for (let dc = 0; dc < w; dc++) paint(c + dc, r + dr, CHANGE_CLASSES.field, [0.02, 0.03, 0.04, -0.12]);
  }
  // Date 2: a global gain/offset (another sun angle / atmosphere) and fresh sensor noise.
  for (let b = 0; b < 4; b++) {
    const ab = new Uint16Array(n);
    const ar = afterRefl[b]!;
    for (let i = 0; i < n; i++) ab[i] = Math.max(1, Math.min(65535, Math.round((ar[i]! * 10000 + 1000) * 1.04 + 35 + 8 * gauss())));
    after.push(ab);
  }
  return { size, before, after, truth, borderLinePx: line };
}
