// Loads evaluation scenes: a directory of OSCD-style pairs (<scene>/t1.tif baseline, <scene>/t2.tif
// current; 4 bands B02 B03 B04 B08 on one north-up grid). Reads with geotiff.js directly until the
// shared src/io/tiff reader lands.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFile } from 'geotiff';

export const OSCD_BAND_NAMES = ['B02', 'B03', 'B04', 'B08'] as const;

export interface EvalScene {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** [xM, yM] metres per pixel. */
  readonly pixelSizeM: readonly [number, number];
  readonly centreLatDeg: number;
  /** True when the grid is WGS 84, so grid north is true north. */
  readonly geographic: boolean;
  readonly baseline: Float32Array[];
  readonly current: Float32Array[];
}

interface Stack {
  readonly width: number;
  readonly height: number;
  readonly bands: Float32Array[];
  readonly origin: number[];
  readonly resolution: number[];
  readonly geographic: boolean;
}

async function readStack(path: string): Promise<Stack> {
  const tiff = await fromFile(path);
  const image = await tiff.getImage();
  const rasters = (await image.readRasters()) as unknown as ArrayLike<number>[];
  const keys = image.getGeoKeys() as Record<string, unknown> | null;
  return {
    width: image.getWidth(),
    height: image.getHeight(),
    bands: Array.from(rasters, (r) => Float32Array.from(r)),
    origin: image.getOrigin(),
    resolution: image.getResolution(),
    geographic: keys?.GTModelTypeGeoKey === 2,
  };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Every <dir>/<scene>/{t1,t2}.tif pair with equal 4-band grids; pairs on different grids are skipped and named. */
export async function loadScenes(dir: string): Promise<{ scenes: EvalScene[]; skipped: string[] }> {
  const scenes: EvalScene[] = [];
  const skipped: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const sceneDir = join(dir, name);
    if (!(await stat(sceneDir)).isDirectory()) continue;
    const [t1, t2] = await Promise.all([readStack(join(sceneDir, 't1.tif')), readStack(join(sceneDir, 't2.tif'))]).catch(() => [null, null]);
    if (!t1 || !t2) continue;
    if (t1.width !== t2.width || t1.height !== t2.height || t1.bands.length < 4 || t2.bands.length < 4) {
      skipped.push(`${name} (t1 ${t1.width}×${t1.height}, t2 ${t2.width}×${t2.height}: grids differ)`);
      continue;
    }
    const centreLat = t1.geographic ? t1.origin[1]! + (t1.resolution[1]! * t1.height) / 2 : NaN;
    const pixelSizeM: [number, number] = t1.geographic
      ? [
          Math.abs(t1.resolution[0]!) * (Math.PI / 180) * EARTH_RADIUS_M * Math.cos((centreLat * Math.PI) / 180),
          Math.abs(t1.resolution[1]!) * (Math.PI / 180) * EARTH_RADIUS_M,
        ]
      : [Math.abs(t1.resolution[0]!), Math.abs(t1.resolution[1]!)];
    scenes.push({
      name,
      width: t1.width,
      height: t1.height,
      pixelSizeM,
      centreLatDeg: Number.isFinite(centreLat) ? centreLat : 50,
      geographic: t1.geographic,
      baseline: t1.bands.slice(0, 4),
      current: t2.bands.slice(0, 4),
    });
  }
  return { scenes, skipped };
}
