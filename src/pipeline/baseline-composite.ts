// Multi-date baseline: the per-pixel median of N earlier tiles of one footprint, written as a
// GeoTIFF on their grid so the scan compares the current tile against it like any baseline.
// Computed one row strip at a time (memory: N strips in, plus the output samples the writer needs),
// and cached by the inputs' content identities: a batch builds each distinct set once.
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError, isInputError } from '../core/errors.js';
import { sameGrid } from '../core/raster/affine.js';
import { medianInto, type SampleArray } from '../core/quality/median-composite.js';
import type { Grid, Raster } from '../core/types.js';
import { openTile, type OpenTile } from '../io/tiff/open.js';
import { encodeGeoTiff, type WritableBand } from '../io/tiff/write.js';

/** Bumped whenever the composite's pixels would change for the same inputs (invalidates the cache). */
export const COMPOSITE_FORMAT = 'borderwatch median baseline v1';

export interface BaselineInput {
  /** A local GeoTIFF path. */
  readonly path: string;
  /** Catalog id; defaults to the file stem. */
  readonly tileId?: string;
  readonly acquiredAt?: string | null;
}

export interface CompositeInputRecord {
  readonly tileId: string;
  readonly sha256: string;
  readonly acquiredAt: string | null;
  readonly path: string;
}

/** The sidecar JSON next to the composite: which tiles and dates made it. */
export interface CompositeSidecar {
  readonly format: typeof COMPOSITE_FORMAT;
  readonly key: string;
  readonly method: string;
  /** Oldest first. */
  readonly inputs: readonly CompositeInputRecord[];
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly nodata: number | null;
  /** observationHistogram[k] = pixels seen by exactly k of the inputs. */
  readonly observationHistogram: readonly number[];
}

export interface BaselineComposite {
  readonly path: string;
  readonly sidecarPath: string;
  /** Cache key (hex): hash of the format and the inputs' sha256, order-free. */
  readonly key: string;
  /** True when an earlier build was found and nothing was written. */
  readonly reused: boolean;
  readonly inputs: readonly CompositeInputRecord[];
  /** The newest input's acquisition time: what the baseline "shows" for validity windows. */
  readonly acquiredAt: string | null;
}

export interface CompositeOptions {
  /** Folder of cached composites (created when missing). */
  readonly cacheDir: string;
}

/** Cache key of a set of tiles by content: a median does not depend on the order of its dates. */
export function compositeKey(sha256s: readonly string[]): string {
  const sorted = [...sha256s].sort();
  return createHash('sha256').update([COMPOSITE_FORMAT, ...sorted].join('\n')).digest('hex').slice(0, 32);
}

/** Oldest first by acquisition time; undated inputs keep their given order, before dated ones. */
function byAcquisition(a: CompositeInputRecord & { order: number }, b: CompositeInputRecord & { order: number }): number {
  const ta = a.acquiredAt ?? '';
  const tb = b.acquiredAt ?? '';
  return ta < tb ? -1 : ta > tb ? 1 : a.order - b.order;
}

/** Builds (or finds in the cache) the median composite of `inputs` (at least two). */
export async function buildBaselineComposite(inputs: readonly BaselineInput[], opts: CompositeOptions): Promise<BaselineComposite> {
  if (inputs.length < 2) throw new RangeError('a multi-date baseline needs at least two earlier tiles');
  if (inputs.length > 255) throw new InputError('ARGS_INVALID', `a multi-date baseline takes at most 255 tiles, got ${inputs.length}`);
  const tiles: OpenTile[] = [];
  try {
    for (const input of inputs) tiles.push(await openBaseline(input));
    const records = tiles
      .map((t, order) => ({ tileId: t.tileId as string, sha256: t.sha256, acquiredAt: inputs[order]!.acquiredAt ?? null, path: t.path, order }))
      .sort(byAcquisition);
    const ordered = records.map((r) => tiles[r.order]!);
    const inputRecords = records.map(({ order: _order, ...r }) => r);
    checkOneFormat(ordered);
    const key = compositeKey(inputRecords.map((r) => r.sha256));
    const path = join(opts.cacheDir, `median-${key}.tif`);
    const sidecarPath = `${path}.json`;
    const result = { path, sidecarPath, key, inputs: inputRecords, acquiredAt: inputRecords.at(-1)!.acquiredAt };
    if (await cached(path, sidecarPath, key)) return { ...result, reused: true };
    const { bands, histogram } = await medianBands(ordered);
    const reference = ordered.at(-1)!;
    const sidecar: CompositeSidecar = {
      format: COMPOSITE_FORMAT, key,
      method: 'per-pixel, per-band median of the dates that observed the pixel (mean of the middle two for an even count, rounded for integer samples); nodata only where no date observed it',
      inputs: inputRecords, width: reference.grid.width, height: reference.grid.height, bands: reference.bandCount, nodata: reference.nodata,
      observationHistogram: histogram,
    };
    const tiff = encodeGeoTiff({ grid: reference.grid, bands, nodata: reference.nodata, blockSize: blockSizeFor(reference) });
    await mkdir(opts.cacheDir, { recursive: true });
    // Sidecar first, image last: the image's presence is what marks a finished build.
    await writeAtomically(sidecarPath, `${JSON.stringify(sidecar, null, 1)}\n`);
    await writeAtomically(path, tiff);
    return { ...result, reused: false };
  } finally {
    await Promise.all(tiles.map((t) => t.close()));
  }
}

/** Opens one input; a refusal keeps its code and says which baseline tile it was. */
async function openBaseline(input: BaselineInput): Promise<OpenTile> {
  try {
    return await openTile(input.path, input.tileId ? { tileId: input.tileId } : {});
  } catch (err) {
    if (!isInputError(err)) throw err;
    throw new InputError(err.code, `baseline tile ${input.tileId ?? input.path}: ${err.message}`, err.detail);
  }
}

function describeGrid(g: Grid): string {
  return `${g.crs} ${g.width}×${g.height} at [${g.transform.join(', ')}]`;
}

/** One grid, one sample format: a median across different pixels or different units means nothing. */
function checkOneFormat(tiles: readonly OpenTile[]): void {
  const ref = tiles.at(-1)!;
  for (const t of tiles) {
    if (!sameGrid(t.grid, ref.grid)) {
      throw new InputError('BASELINE_GRID_MISMATCH', `baseline tiles ${t.tileId} and ${ref.tileId} are on different grids (${describeGrid(t.grid)} vs ${describeGrid(ref.grid)}); a multi-date baseline needs one grid`);
    }
    const a = t.layout;
    const b = ref.layout;
    if (t.bandCount !== ref.bandCount || a.sampleKind !== b.sampleKind || a.bitsPerSample !== b.bitsPerSample || !Object.is(t.nodata, ref.nodata)) {
      throw new InputError('BASELINE_FORMAT_MISMATCH', `baseline tiles ${t.tileId} and ${ref.tileId} differ in bands, sample type or nodata (${t.bandCount}×${a.sampleKind}${a.bitsPerSample} nodata ${t.nodata} vs ${ref.bandCount}×${b.sampleKind}${b.bitsPerSample} nodata ${ref.nodata})`);
    }
  }
}

async function cached(path: string, sidecarPath: string, key: string): Promise<boolean> {
  try {
    await access(path);
    const sidecar = JSON.parse(await readFile(sidecarPath, 'utf8')) as Partial<CompositeSidecar>;
    return sidecar.format === COMPOSITE_FORMAT && sidecar.key === key;
  } catch {
    return false;
  }
}

/**
 * Output samples in the inputs' type where the writer has it; other types as float32, which loses
 * nothing the scan would see (it reads every sample as float32).
 */
function outputBand(ref: OpenTile, pixels: number): { band: WritableBand; integer: boolean } {
  const { sampleKind, bitsPerSample } = ref.layout;
  if (sampleKind === 'uint' && bitsPerSample === 8) return { band: new Uint8Array(pixels), integer: true };
  if (sampleKind === 'uint' && bitsPerSample === 16) return { band: new Uint16Array(pixels), integer: true };
  if (sampleKind === 'int' && bitsPerSample <= 16) return { band: new Int16Array(pixels), integer: true };
  return { band: new Float32Array(pixels), integer: false };
}

/** The writer's block sizes are 256 and 512: match the inputs' tiling when it is one of them (the scan streams only equal block layouts). */
function blockSizeFor(ref: OpenTile): 256 | 512 {
  return ref.layout.tiled && ref.blockWidth === 512 && ref.blockHeight === 512 ? 512 : 256;
}

/** Strip by strip: each strip is as tall as the tallest input block, so every block is decoded once. */
async function medianBands(tiles: readonly OpenTile[]): Promise<{ bands: WritableBand[]; histogram: number[] }> {
  const ref = tiles.at(-1)!;
  const { width, height } = ref.grid;
  const pixels = width * height;
  const outs = Array.from({ length: ref.bandCount }, () => outputBand(ref, pixels));
  const bands = outs.map((o) => o.band);
  const integer = outs[0]!.integer;
  const stripRows = Math.min(height, Math.max(...tiles.map((t) => t.blockHeight)));
  const histogram = new Array<number>(tiles.length + 1).fill(0);
  for (let row0 = 0; row0 < height; row0 += stripRows) {
    const win = { col0: 0, row0, width, height: Math.min(stripRows, height - row0) };
    const dates: Raster[] = [];
    for (const t of tiles) dates.push(await t.readWindow(win));
    const stats = medianInto(dates, { bands: bands as SampleArray[], offset: row0 * width, nodata: ref.nodata, integer });
    stats.observationHistogram.forEach((n, k) => { histogram[k]! += n; });
  }
  return { bands, histogram };
}

/** Temp file + rename, with a name unique per process and thread: two scans may build one set at once. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
