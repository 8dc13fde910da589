// Synthetic movers for evaluation: draws objects into a real band stack where the sensor would have
// seen them — each band at its own acquisition time, elevated objects shifted by parallax — and
// returns the truth. Pure: the caller supplies the objects (and any randomness behind them).
import type { SensorTiming } from './sensor.js';
import { parallaxVelocityMps } from './sensor.js';

export type MoverKind = 'aircraft' | 'drone' | 'balloon' | 'vehicle';

export interface SyntheticMover {
  readonly kind: MoverKind;
  /** True position at t = 0 (first band), grid pixel coordinates. */
  readonly col: number;
  readonly row: number;
  /** Direction of travel, degrees clockwise from grid north. */
  readonly headingDeg: number;
  readonly speedMps: number;
  /** Height above the DEM, metres (0 for vehicles). */
  readonly heightM: number;
  /** Footprint: length along the heading and width across it, metres. */
  readonly lengthM: number;
  readonly widthM: number;
  /** Added to every band where the object covers the pixel (band units; negative = darker object). */
  readonly contrast: number;
}

export interface InjectionScene {
  readonly bands: readonly Float32Array[];
  readonly bandNames: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly pixelSizeM: number | readonly [number, number];
}

export interface InjectionOptions {
  /** Ground-track azimuth in the grid frame (see groundTrackAzimuthDeg), for the parallax direction. */
  readonly trackAzimuthDeg: number;
  /** Multiplies the tabulated band times: real delays differ by up to ±2% (Binet et al. 2022). */
  readonly timingScale: number;
  /** Gaussian point-spread sigma, pixels (S2 10 m MTF ≈ 0.3–0.5 px). */
  readonly psfSigmaPx: number;
}

export interface MoverTruth extends SyntheticMover {
  /** Velocity the band offsets show (true velocity + height parallax), grid frame, m/s. */
  readonly apparentEastMps: number;
  readonly apparentNorthMps: number;
  /** Where each band's copy was drawn (pixel coordinates). */
  readonly copies: readonly { readonly band: string; readonly col: number; readonly row: number }[];
}

const SUB = 4;

/** Add one object's footprint, blurred by the PSF, to `cover` (fraction of each pixel covered). */
function splatFootprint(cover: Float32Array, width: number, height: number, col: number, row: number, m: SyntheticMover, pxM: number, pyM: number, psf: number): void {
  const h = (m.headingDeg * Math.PI) / 180;
  const ax = Math.sin(h);
  const ay = -Math.cos(h); // rows grow southwards
  const halfL = m.lengthM / 2;
  const halfW = m.widthM / 2;
  const stepM = Math.min(pxM, pyM) / SUB;
  const nL = Math.max(1, Math.ceil(m.lengthM / stepM));
  const nW = Math.max(1, Math.ceil(m.widthM / stepM));
  const cellArea = (m.lengthM / nL) * (m.widthM / nW) / (pxM * pyM);
  const reach = Math.ceil(3 * psf) + 1;
  for (let i = 0; i < nL; i++) {
    const along = -halfL + (i + 0.5) * (m.lengthM / nL);
    for (let j = 0; j < nW; j++) {
      const across = -halfW + (j + 0.5) * (m.widthM / nW);
      const x = col + (along * ax - across * ay) / pxM;
      const y = row + (along * ay + across * ax) / pyM;
      const cx = Math.floor(x);
      const cy = Math.floor(y);
      let norm = 0;
      for (let dy = -reach; dy <= reach; dy++) for (let dx = -reach; dx <= reach; dx++) norm += Math.exp(-(((cx + dx + 0.5 - x) ** 2 + (cy + dy + 0.5 - y) ** 2) / (2 * psf * psf)));
      for (let dy = -reach; dy <= reach; dy++) {
        const yy = cy + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -reach; dx <= reach; dx++) {
          const xx = cx + dx;
          if (xx < 0 || xx >= width) continue;
          const g = Math.exp(-(((xx + 0.5 - x) ** 2 + (yy + 0.5 - y) ** 2) / (2 * psf * psf))) / norm;
          cover[yy * width + xx] = cover[yy * width + xx]! + cellArea * g;
        }
      }
    }
  }
}

/** New band arrays with the movers drawn in, and their truth. The input scene is not modified. */
export function injectMovers(scene: InjectionScene, movers: readonly SyntheticMover[], sensor: SensorTiming, opts: InjectionOptions): { bands: Float32Array[]; truth: MoverTruth[] } {
  const [pxM, pyM] = typeof scene.pixelSizeM === 'number' ? [scene.pixelSizeM, scene.pixelSizeM] : scene.pixelSizeM;
  const bands = scene.bands.map((b) => Float32Array.from(b));
  const truth: MoverTruth[] = [];
  for (const m of movers) {
    const h = (m.headingDeg * Math.PI) / 180;
    const [pe, pn] = parallaxVelocityMps(m.heightM, sensor.orbit, opts.trackAzimuthDeg);
    const ve = m.speedMps * Math.sin(h) + pe;
    const vn = m.speedMps * Math.cos(h) + pn;
    const copies: { band: string; col: number; row: number }[] = [];
    scene.bandNames.forEach((name, k) => {
      const tS = sensor.bandTimesS[name];
      if (tS === undefined) return;
      const t = tS * opts.timingScale;
      const col = m.col + (ve * t) / pxM;
      const row = m.row - (vn * t) / pyM;
      copies.push({ band: name, col, row });
      const cover = new Float32Array(scene.width * scene.height);
      splatFootprint(cover, scene.width, scene.height, col, row, m, pxM, pyM, opts.psfSigmaPx);
      const band = bands[k]!;
      for (let i = 0; i < cover.length; i++) if (cover[i]! > 0) band[i] = band[i]! + m.contrast * Math.min(1, cover[i]!);
    });
    truth.push({ ...m, apparentEastMps: ve, apparentNorthMps: vn, copies });
  }
  return { bands, truth };
}
