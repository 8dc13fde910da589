// Finds and loads labelled change pairs under a folder, whatever their layout: OSCD-style
// (t1/t2/cm GeoTIFF), scan sample pairs (pair.json naming baseline/current + change-mask.tif), sampled labels (t1/t2 + gt_changed/gt_unchanged samples), SAR benchmark
// BMPs (*_1/*_2/*_gt.bmp) and LEVIR-style PNG folders (A/ B/ label/).
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { CrsCode, Grid, Raster } from '../core/types.js';
import { invertTransform, pixelToCrs, crsToPixel, sameGrid } from '../core/raster/affine.js';
import { resampleBilinear } from '../core/raster/resample.js';
import { openTile } from '../io/tiff/open.js';
import { decodeBmp, type DecodedImage } from '../io/images/bmp.js';
import { readImageWithSharp } from '../io/images/png.js';
import { UNLABELLED } from './metrics.js';

export type PairKind = 'multispectral' | 'sar' | 'rgb';

export interface LabelledPair {
  /** Path of the pair relative to the data folder, e.g. 'oscd/bercy'. */
  readonly name: string;
  /** The dataset family it belongs to (first path component), for pooled figures. */
  readonly group: string;
  readonly kind: PairKind;
  readonly before: Raster;
  /** Aligned onto the before grid. */
  readonly after: Raster;
  /** 1 changed, 0 unchanged, UNLABELLED elsewhere. */
  readonly truth: Uint8Array;
  /** Ground area of one pixel, null when the images are not georeferenced and no size is known. */
  readonly pixelAreaM2: number | null;
}

export interface PairSource {
  readonly name: string;
  load(): Promise<LabelledPair>;
}

const PIXEL_GRID_CRS = 'LOCAL:pixel' as CrsCode;

export async function discoverPairs(root: string): Promise<PairSource[]> {
  const out: PairSource[] = [];
  await walk(root, root, out);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function walk(root: string, dir: string, out: PairSource[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  const dirs = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const rel = relative(root, dir) || basename(dir);
  const group = rel.split(/[\\/]/)[0];
  if (files.has('t1.tif') && files.has('t2.tif') && files.has('cm.tif')) {
    out.push({ name: rel, load: () => loadGeoTiffPair(dir, rel, group, 'cm') });
  } else if (files.has('pair.json') && files.has('change-mask.tif')) {
    out.push({ name: rel, load: () => loadScanSamplePair(dir, rel, group) });
  } else if (files.has('t1.tif') && files.has('t2.tif') && files.has('gt_changed_samples.tif') && files.has('gt_unchanged_samples.tif')) {
    out.push({ name: rel, load: () => loadGeoTiffPair(dir, rel, group, 'samples') });
  }
  for (const f of files) {
    const m = /^(.*)_1\.bmp$/i.exec(f);
    if (m && files.has(`${m[1]}_2.bmp`) && files.has(`${m[1]}_gt.bmp`)) {
      const name = join(rel, m[1]);
      out.push({ name, load: () => loadImagePair(join(dir, f), join(dir, `${m[1]}_2.bmp`), join(dir, `${m[1]}_gt.bmp`), name, group, 'sar', null) });
    }
  }
  if (dirs.has('A') && dirs.has('B') && dirs.has('label')) {
    const names = (await readdir(join(dir, 'A'))).filter((f) => f.endsWith('.png')).sort();
    for (const f of names) {
      const name = join(rel, f.replace(/\.png$/, ''));
      // LEVIR-CD is 0.5 m/pixel (Chen & Shi 2020).
      out.push({ name, load: () => loadImagePair(join(dir, 'A', f), join(dir, 'B', f), join(dir, 'label', f), name, group, 'rgb', 0.25) });
    }
    dirs.delete('A');
    dirs.delete('B');
    dirs.delete('label');
  }
  for (const d of [...dirs].sort()) {
    if (d === 'original' || d.startsWith('.')) continue;
    await walk(root, join(dir, d), out);
  }
}

async function readWholeTile(path: string): Promise<Raster> {
  const tile = await openTile(path);
  try {
    return await tile.readWindow({ col0: 0, row0: 0, width: tile.grid.width, height: tile.grid.height });
  } finally {
    await tile.close();
  }
}

async function loadGeoTiffPair(dir: string, name: string, group: string, labels: 'cm' | 'samples'): Promise<LabelledPair> {
  const before = await readWholeTile(join(dir, 't1.tif'));
  const after = alignOnto(await readWholeTile(join(dir, 't2.tif')), before.grid);
  const n = before.grid.width * before.grid.height;
  const truth = new Uint8Array(n).fill(UNLABELLED);
  if (labels === 'cm') {
    const cm = (await readWholeTile(join(dir, 'cm.tif'))).bands[0];
    for (let i = 0; i < n; i++) truth[i] = cm[i] > 0 ? 1 : 0;
  } else {
    const changed = (await readWholeTile(join(dir, 'gt_changed_samples.tif'))).bands[0];
    const unchanged = (await readWholeTile(join(dir, 'gt_unchanged_samples.tif'))).bands[0];
    for (let i = 0; i < n; i++) if (changed[i] > 0) truth[i] = 1; else if (unchanged[i] > 0) truth[i] = 0;
  }
  const kind: PairKind = before.bands.length === 1 ? 'sar' : 'multispectral';
  return { name, group, kind, before, after, truth, pixelAreaM2: pixelAreaM2(before.grid) };
}

/** A scan sample folder: pair.json names the baseline and current tiles; change-mask.tif is on the baseline grid. */
async function loadScanSamplePair(dir: string, name: string, group: string): Promise<LabelledPair> {
  const spec = JSON.parse(await readFile(join(dir, 'pair.json'), 'utf8')) as { baseline?: unknown; current?: unknown };
  if (typeof spec.baseline !== 'string' || typeof spec.current !== 'string') throw new Error(`eval: ${name}/pair.json needs "baseline" and "current" file names`);
  const before = await readWholeTile(join(dir, spec.baseline));
  const after = alignOnto(await readWholeTile(join(dir, spec.current)), before.grid);
  const cm = (await readWholeTile(join(dir, 'change-mask.tif'))).bands[0];
  const truth = Uint8Array.from(cm, (v) => (v > 0 ? 1 : 0));
  if (truth.length !== before.grid.width * before.grid.height) throw new Error(`eval: ${name}: change-mask.tif is not on the baseline grid`);
  const kind: PairKind = before.bands.length === 1 ? 'sar' : 'multispectral';
  return { name, group, kind, before, after, truth, pixelAreaM2: pixelAreaM2(before.grid) };
}

/** Bilinear resampling of `src` onto `target` when the grids differ (same CRS assumed: eval data). */
function alignOnto(src: Raster, target: Grid): Raster {
  if (sameGrid(src.grid, target)) return src;
  if (src.grid.crs !== target.crs) throw new Error(`eval: pair grids are in different CRSs (${src.grid.crs} vs ${target.crs})`);
  const inv = invertTransform(src.grid.transform);
  return resampleBilinear(src, target, (col, row) => {
    const [x, y] = pixelToCrs(target.transform, col, row);
    return crsToPixel(inv, x, y);
  });
}

function pixelAreaM2(grid: Grid): number {
  const t = grid.transform;
  if (grid.crs === 'EPSG:4326') {
    const lat = ((t[3] + (grid.height / 2) * t[5]) * Math.PI) / 180;
    return Math.abs(t[1] * 111_320 * Math.cos(lat) * t[5] * 110_574);
  }
  return Math.abs(t[1] * t[5] - t[2] * t[4]);
}

async function decodeAny(path: string): Promise<DecodedImage> {
  if (path.toLowerCase().endsWith('.bmp')) return decodeBmp(new Uint8Array(await readFile(path)), path);
  return readImageWithSharp(path);
}

async function loadImagePair(p1: string, p2: string, pgt: string, name: string, group: string, kind: PairKind, areaM2: number | null): Promise<LabelledPair> {
  await stat(pgt);
  const [a, b, gt] = await Promise.all([decodeAny(p1), decodeAny(p2), decodeAny(pgt)]);
  if (a.width !== b.width || a.height !== b.height || gt.width !== a.width || gt.height !== a.height) {
    throw new Error(`eval: ${name}: image sizes differ`);
  }
  const grid: Grid = { width: a.width, height: a.height, transform: [0, 1, 0, 0, 0, -1], crs: PIXEL_GRID_CRS };
  // Greyscale stored as R=G=B (the SAR BMPs) is one band, not three copies.
  const toRaster = (img: DecodedImage): Raster => {
    const planes = kind === 'sar' ? [img.channels[0]] : img.channels.slice(0, 3);
    return { grid, bands: planes.map((p) => Float32Array.from(p)), observed: new Uint8Array(img.width * img.height).fill(1) };
  };
  const truth = Uint8Array.from(gt.channels[0], (v) => (v > 127 ? 1 : 0));
  return { name, group, kind, before: toRaster(a), after: toRaster(b), truth, pixelAreaM2: areaM2 };
}
