// Multi-date baseline: the per-pixel median of N earlier tiles of one footprint, written as a
// GeoTIFF on their grid so the scan compares the current tile against it like any baseline.
// Computed one output tile at a time (one strip when the inputs' blocks do not fit the output
// tiles) and streamed to the file, so memory is N dates' tile (or strip), never the image; local
// inputs are decoded by the fast block reader, URLs through geotiff.js. Cached by the inputs'
// content identities: a batch builds each distinct set once.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError, isInputError } from '../core/errors.js';
import { sameGrid } from '../core/raster/affine.js';
import { medianInto, type SampleArray } from '../core/quality/median-composite.js';
import type { Grid, Raster } from '../core/types.js';
import { isUrlLocation } from '../io/tiff/byte-source.js';
import { fastBlockFile, FastBlockReader } from '../io/tiff/fast-blocks.js';
import { openTile, type OpenTile } from '../io/tiff/open.js';
import type { BandArray } from '../io/tiff/samples.js';
import { assembleWindow, type BlockSource } from '../io/tiff/window.js';
import type { WritableBand, WritableSampleType } from '../io/tiff/write.js';
import { GeoTiffStreamWriter } from '../io/tiff/write-stream.js';

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
    await mkdir(opts.cacheDir, { recursive: true });
    const reference = ordered.at(-1)!;
    // Image to a temp file, then the sidecar, then the rename: the image's presence marks a finished build.
    const tmp = tempPathFor(path);
    const histogram = await writeMedian(ordered, tmp);
    const sidecar: CompositeSidecar = {
      format: COMPOSITE_FORMAT, key,
      method: 'per-pixel, per-band median of the dates that observed the pixel (mean of the middle two for an even count, rounded for integer samples); nodata only where no date observed it',
      inputs: inputRecords, width: reference.grid.width, height: reference.grid.height, bands: reference.bandCount, nodata: reference.nodata,
      observationHistogram: histogram,
    };
    try {
      await writeAtomically(sidecarPath, `${JSON.stringify(sidecar, null, 1)}\n`);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
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
function outputType(ref: OpenTile): WritableSampleType {
  const { sampleKind, bitsPerSample } = ref.layout;
  if (sampleKind === 'uint' && bitsPerSample === 8) return 'uint8';
  if (sampleKind === 'uint' && bitsPerSample === 16) return 'uint16';
  if (sampleKind === 'int' && bitsPerSample <= 16) return 'int16';
  return 'float32';
}

const BAND_ARRAYS: Record<WritableSampleType, new (length: number) => WritableBand> = {
  uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array,
};

/** The writer's block sizes are 256 and 512: match the inputs' tiling when it is one of them (the scan streams only equal block layouts). */
function blockSizeFor(ref: OpenTile): 256 | 512 {
  return ref.layout.tiled && ref.blockWidth === 512 && ref.blockHeight === 512 ? 512 : 256;
}

/** A date's blocks: through the fast reader (raw inflate) for a local file it can read, else geotiff.js. */
interface DateBlocks {
  readonly source: BlockSource;
  close(): void;
}

function dateBlocks(tile: OpenTile): DateBlocks {
  const file = isUrlLocation(tile.path) ? null : fastBlockFile(tile.path, tile.layout);
  if (!file) return { source: tile, close: () => {} };
  const fd = openSync(tile.path, 'r');
  // deinterleave copies each block out: one output buffer for the reader.
  const reader = new FastBlockReader(file, fd, { reuseOutput: true });
  const bands = tile.bandCount;
  const source: BlockSource = {
    grid: tile.grid, bandCount: bands, nodata: tile.nodata,
    blockWidth: tile.blockWidth, blockHeight: tile.blockHeight, blocksAcross: tile.blocksAcross, blocksDown: tile.blocksDown,
    readBlock: async (bx, by) => deinterleave(reader.read(bx, by), bands),
  };
  return { source, close: () => { reader.close(); closeSync(fd); } };
}

/** Interleaved block samples → one array per band, the shape window assembly takes. */
function deinterleave(samples: Uint8Array | Uint16Array, bands: number): BandArray[] {
  if (bands === 1) return [samples];
  const pixels = samples.length / bands;
  const out: BandArray[] = [];
  for (let b = 0; b < bands; b++) {
    // Integer bands, not float32: assembly then skips the per-sample NaN test it needs for floats.
    const band = samples instanceof Uint16Array ? new Uint16Array(pixels) : new Uint8Array(pixels);
    for (let p = 0, s = b; p < pixels; p++, s += bands) band[p] = samples[s]!;
    out.push(band);
  }
  return out;
}

/**
 * Streams the median of `tiles` into a GeoTIFF at `path` (deleted again on failure); returns the
 * observation histogram.
 * Per output tile when every input's blocks tile it exactly (each block decoded once, memory N
 * tiles); otherwise per strip as tall as the tallest input block, rounded up to whole output tiles.
 */
async function writeMedian(tiles: readonly OpenTile[], path: string): Promise<number[]> {
  const ref = tiles.at(-1)!;
  const size = blockSizeFor(ref);
  const sampleType = outputType(ref);
  const target = { nodata: ref.nodata, integer: sampleType !== 'float32', offset: 0 };
  const histogram = new Array<number>(tiles.length + 1).fill(0);
  // Opened one by one and closed in `finally` whatever fails after (a date, the writer's file).
  const dates: DateBlocks[] = [];
  try {
    for (const t of tiles) dates.push(dateBlocks(t));
    // Level 1: the same pixels ~3× faster than encodeGeoTiff's 6, and no larger on imagery (2.07 vs 2.06 on a 2048² composite).
    const writer = await GeoTiffStreamWriter.create(path, { grid: ref.grid, bandCount: ref.bandCount, sampleType, nodata: ref.nodata, blockSize: size, deflateLevel: 1 });
    await fillMedian(tiles, dates, writer, histogram, { size, sampleType, target });
  } finally {
    for (const d of dates) d.close();
  }
  return histogram;
}

async function fillMedian(
  tiles: readonly OpenTile[],
  dates: readonly DateBlocks[],
  writer: GeoTiffStreamWriter,
  histogram: number[],
  o: { size: number; sampleType: ReturnType<typeof outputType>; target: { nodata: number | null; integer: boolean; offset: number } },
): Promise<void> {
  const ref = tiles.at(-1)!;
  const { width, height } = ref.grid;
  const { size, sampleType, target } = o;
  try {
    const fitsTiles = tiles.every((t) => t.layout.tiled && size % t.blockWidth === 0 && size % t.blockHeight === 0);
    const stripRows = fitsTiles ? size : size * Math.ceil(Math.min(height, Math.max(...tiles.map((t) => t.blockHeight))) / size);
    const windowWidth = fitsTiles ? size : width;
    const out = Array.from({ length: ref.bandCount }, () => new BAND_ARRAYS[sampleType](windowWidth * stripRows));
    for (let row0 = 0; row0 < height; row0 += stripRows) {
      for (let col0 = 0; col0 < width; col0 += windowWidth) {
        const win = { col0, row0, width: Math.min(windowWidth, width - col0), height: Math.min(stripRows, height - row0) };
        const rasters: Raster[] = [];
        for (const d of dates) rasters.push(await assembleWindow(d.source, win));
        const bands = out.map((b) => b.subarray(0, win.width * win.height));
        const stats = medianInto(rasters, { ...target, bands: bands as SampleArray[] });
        stats.observationHistogram.forEach((n, k) => { histogram[k]! += n; });
        if (fitsTiles) await writer.writeBlock(col0 / size, row0 / size, bands);
        else {
          for (let r = 0; r < win.height; r += size) {
            const rows = Math.min(size, win.height - r);
            await writer.writeStrip((row0 + r) / size, bands.map((b) => b.subarray(r * width, (r + rows) * width)));
          }
        }
      }
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
}

/** Temp file + rename, with a name unique per process and thread: two scans may build one set at once. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
