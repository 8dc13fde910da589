// Hand-made band stacks: a textured background with a square object drawn where each band saw it.
import { describe, expect, it } from 'vitest';
import { detectAerial } from '../../../src/core/aerial/detect.js';
import { s2Sensor } from './sample.js';

const W = 80;
const H = 80;
const NAMES = ['B02', 'B03', 'B04', 'B08'];
const sensor = s2Sensor();

/** Deterministic texture: a hash of the pixel index, ±30 around 1000, different per band. */
function background(band: number): Float32Array {
  const out = new Float32Array(W * H);
  for (let i = 0; i < out.length; i++) {
    const h = Math.sin(i * 12.9898 + band * 78.233) * 43758.5453;
    out[i] = 1000 + 60 * (h - Math.floor(h) - 0.5);
  }
  return out;
}

/** Adds a sizePx × sizePx square of `contrast` whose top-left corner is at (col, row), with area-weighted edges. */
function drawSquare(band: Float32Array, col: number, row: number, sizePx: number, contrast: number): void {
  for (let y = Math.floor(row); y < Math.ceil(row + sizePx); y++) {
    for (let x = Math.floor(col); x < Math.ceil(col + sizePx); x++) {
      const cover = Math.max(0, Math.min(x + 1, col + sizePx) - Math.max(x, col)) * Math.max(0, Math.min(y + 1, row + sizePx) - Math.max(y, row));
      band[y * W + x] = band[y * W + x]! + contrast * cover;
    }
  }
}

/** Bands with the object drawn at start + v·t_b (v in pixels per second, rows down). */
function moverBands(start: [number, number], vColPxS: number, vRowPxS: number): Float32Array[] {
  return NAMES.map((name, k) => {
    const band = background(k);
    const t = sensor.bandTimesS[name]!;
    drawSquare(band, start[0] + vColPxS * t, start[1] + vRowPxS * t, 2, 600);
    return band;
  });
}

const observed = new Uint8Array(W * H).fill(1);

describe('detectAerial on hand-made stacks', () => {
  it('measures heading and speed of an object displaced by a known offset per band', () => {
    // 8 px east and 6 px north over B02→B04 at 10 m: 100 m over 1.005 s = 99.5 m/s, heading 53.13°.
    const bands = moverBands([30, 45], 8 / 1.005, -6 / 1.005);
    const dets = detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: 10, observed }, sensor);
    expect(dets).toHaveLength(1);
    const d = dets[0]!;
    expect(d.headingDeg).toBeGreaterThan(53.13 - 3);
    expect(d.headingDeg).toBeLessThan(53.13 + 3);
    expect(d.speedMps).toBeGreaterThan(99.5 * 0.95);
    expect(d.speedMps).toBeLessThan(99.5 * 1.05);
    expect(d.speedClass).toBe('fast');
    // Square centre at t = 0 is (31, 46) in pixel-corner coordinates.
    expect(Math.hypot(d.centroid.col - 31, d.centroid.row - 46)).toBeLessThan(1);
    expect(d.copies.map((c) => c.band)).toEqual(['B02', 'B08', 'B03', 'B04']);
  });

  it('uses rectangular pixels: the same motion on an 8.5 m × 12.9 m grid reads the same in metres', () => {
    const [px, py] = [8.5, 12.9];
    // 60 m/s due south: rows grow by 60/12.9 px per second.
    const bands = moverBands([40, 20], 0, 60 / py);
    const dets = detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: [px, py], observed }, sensor);
    expect(dets).toHaveLength(1);
    expect(Math.abs(dets[0]!.headingDeg - 180)).toBeLessThan(3);
    // A 4.7 px offset measured from 2-px copies: ±8% is the centroid error, not a pixel-shape bias.
    expect(dets[0]!.speedMps).toBeGreaterThan(60 * 0.92);
    expect(dets[0]!.speedMps).toBeLessThan(60 * 1.08);
  });

  it('finds nothing in a static bright target that sits at the same place in every band', () => {
    const bands = moverBands([40, 40], 0, 0);
    expect(detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: 10, observed }, sensor)).toEqual([]);
  });

  it('rejects copies that the baseline already shows at the same places', () => {
    const bands = moverBands([30, 45], 8 / 1.005, -6 / 1.005);
    const baseline = moverBands([30, 45], 8 / 1.005, -6 / 1.005);
    expect(detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: 10, observed }, sensor)).toHaveLength(1);
    expect(detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: 10, observed, baseline }, sensor)).toEqual([]);
  });

  it('finds nothing in texture alone', () => {
    const bands = NAMES.map((_, k) => background(k));
    expect(detectAerial({ bands, bandNames: NAMES, width: W, height: H, pixelSizeM: 10, observed }, sensor)).toEqual([]);
  });

  it('reads the band order from bandNames, not from array position', () => {
    const bands = moverBands([30, 45], 8 / 1.005, -6 / 1.005);
    const shuffled = [bands[2]!, bands[1]!, bands[0]!, bands[3]!];
    const dets = detectAerial({ bands: shuffled, bandNames: ['B04', 'B03', 'B02', 'B08'], width: W, height: H, pixelSizeM: 10, observed }, sensor);
    expect(dets).toHaveLength(1);
    expect(Math.abs(dets[0]!.headingDeg - 53.13)).toBeLessThan(3);
  });
});
