// One-off provenance script (not used at runtime): cuts the small samples in this folder from the
// shared data. Run from the repo root: npx tsx data/samples/aerial/make-samples.mts <shared-data-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile, writeArrayBuffer } from 'geotiff';

const shared = process.argv[2];
if (!shared) throw new Error('usage: npx tsx data/samples/aerial/make-samples.mts <shared-data-dir>');
const out = 'data/samples/aerial';
const SIZE = 96;

async function read(path: string) {
  const image = await (await fromFile(path)).getImage();
  const rasters = (await image.readRasters()) as unknown as ArrayLike<number>[];
  return { image, rasters, width: image.getWidth(), height: image.getHeight() };
}

/** The SIZE×SIZE window (on a 8-px lattice) holding the most changed pixels of cm.tif. */
function mostChanged(cm: ArrayLike<number>, width: number, height: number): [number, number] {
  let best: [number, number] = [0, 0];
  let bestCount = -1;
  for (let r0 = 0; r0 + SIZE <= height; r0 += 8) {
    for (let c0 = 0; c0 + SIZE <= width; c0 += 8) {
      let n = 0;
      for (let r = r0; r < r0 + SIZE; r++) for (let c = c0; c < c0 + SIZE; c++) n += cm[r * width + c]! ? 1 : 0;
      if (n > bestCount) {
        bestCount = n;
        best = [c0, r0];
      }
    }
  }
  return best;
}

for (const city of ['bercy', 'paris']) {
  const cm = await read(join(shared, 'oscd', city, 'cm.tif'));
  const [c0, r0] = mostChanged(cm.rasters[0]!, cm.width, cm.height);
  mkdirSync(join(out, 'oscd', city), { recursive: true });
  for (const name of ['t1', 't2', 'cm']) {
    const src = await read(join(shared, 'oscd', city, `${name}.tif`));
    const bands = src.rasters.length;
    const values = name === 'cm' ? new Uint8Array(SIZE * SIZE * bands) : new Uint16Array(SIZE * SIZE * bands);
    for (let r = 0; r < SIZE; r++) for (let c = 0; c < SIZE; c++) for (let b = 0; b < bands; b++) values[(r * SIZE + c) * bands + b] = src.rasters[b]![(r0 + r) * src.width + c0 + c]!;
    const [x0, y0] = src.image.getOrigin();
    const [dx, dy] = src.image.getResolution();
    const buf = writeArrayBuffer(values, {
      width: SIZE,
      height: SIZE,
      ModelPixelScale: [dx!, -dy!, 0],
      ModelTiepoint: [0, 0, 0, x0! + c0 * dx!, y0! + r0 * dy!, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
    });
    writeFileSync(join(out, 'oscd', city, `${name}.tif`), Buffer.from(buf));
  }
  console.log(city, 'window col0', c0, 'row0', r0);
}

// The moving-vehicles crop holds integers 3–155 in Float32: stored losslessly as UInt8.
const veh = await read(join(shared, 's2-moving-vehicles', 'S2_test_data.tif'));
const n = veh.width * veh.height;
const values = new Uint8Array(n * 4);
for (let i = 0; i < n; i++) {
  for (let b = 0; b < 4; b++) {
    const v = veh.rasters[b]![i]!;
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`not a byte: ${v}`);
    values[i * 4 + b] = v;
  }
}
const [vx, vy] = veh.image.getOrigin();
const [vdx, vdy] = veh.image.getResolution();
const buf = writeArrayBuffer(values, {
  width: veh.width,
  height: veh.height,
  ModelPixelScale: [vdx!, -vdy!, 0],
  ModelTiepoint: [0, 0, 0, vx!, vy!, 0],
  ProjectedCSTypeGeoKey: 32632,
  GTModelTypeGeoKey: 1,
  GTRasterTypeGeoKey: 1,
});
writeFileSync(join(out, 's2-moving-vehicles-b04-b03-b02-b08.tif'), Buffer.from(buf));
console.log('vehicles', veh.width, veh.height);
