// Block-streaming GeoTIFF writer: the same tags, tiles and layout as encodeGeoTiff (write.ts), but
// tiles are encoded and appended to the file as they arrive and the directory is rewritten with
// their offsets at the end, so memory is a few tiles (or the caller's strip), whatever the image
// size. BigTIFF when the worst case could pass classic TIFF's 4 GiB. DEFLATE runs on libuv's
// thread pool while the caller computes the next tile: at level 6 it is the slowest stage (~18 MB/s).
import { open, rm, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import type { Grid } from '../../core/types.js';
import {
  geoTiffEntries, geoTiffSpec, layoutDirectory, sampleTypeOf,
  tileSamples, type DirectoryLayout, type GeoTiffSpec, type GeoTiffSpecOptions, type TileSource, type WritableBand, type WritableSampleType,
} from './write.js';

const deflateAsync = promisify(deflate);

export interface GeoTiffStreamOptions extends GeoTiffSpecOptions {
  readonly grid: Grid;
  readonly bandCount: number;
  readonly sampleType: WritableSampleType;
  /** Force (true) or forbid (false) BigTIFF; by default only when the file could pass 4 GiB. */
  readonly bigTiff?: boolean;
  /** zlib level, 1-9; 6 (the default) writes the bytes encodeGeoTiff writes, 1 is ~3× faster at about the same size on predicted imagery. */
  readonly deflateLevel?: number;
}

/** Tiles compressing at once: enough to keep the pool busy while the caller works, a few MiB at most. */
const MAX_TILES_IN_FLIGHT = 4;

const CLASSIC_LIMIT_BYTES = 0xffffffff;

/** Bytes a tile can take at most: DEFLATE never grows data by more than ~0.03 % plus a few bytes. */
function worstCaseTileBytes(spec: GeoTiffSpec): number {
  const raw = spec.blockSize * spec.blockSize * spec.bandCount * (spec.bits / 8);
  return spec.deflate ? raw + (raw >> 10) + 64 : raw;
}

/** Whether the file could outgrow classic TIFF: directory (as BigTIFF, the larger) plus every tile at its worst. */
export function needsBigTiff(spec: GeoTiffSpec): boolean {
  const directory = layoutDirectory(geoTiffEntries(spec, true), true).dataStart;
  return directory + spec.blocksAcross * spec.blocksDown * worstCaseTileBytes(spec) > CLASSIC_LIMIT_BYTES;
}

export class GeoTiffStreamWriter {
  readonly spec: GeoTiffSpec;
  readonly bigTiff: boolean;
  private readonly directory: DirectoryLayout;
  private readonly offsets: number[];
  /** Tiles submitted, compressed or not yet. */
  private readonly claimed = new Set<number>();
  private readonly byteCounts: number[];
  private cursor: number;
  private written = 0;
  private closed = false;
  /** close() wrote the directory: the file is complete and abort() must not delete it. */
  private finished = false;
  /** Compressions in submission order; each appends its tile once the ones before it have. */
  private readonly inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();

  private constructor(readonly path: string, private readonly file: FileHandle, spec: GeoTiffSpec, bigTiff: boolean, private readonly deflateLevel: number) {
    this.spec = spec;
    this.bigTiff = bigTiff;
    this.directory = layoutDirectory(geoTiffEntries(spec, bigTiff), bigTiff);
    const tiles = spec.blocksAcross * spec.blocksDown;
    this.offsets = new Array<number>(tiles).fill(0);
    this.byteCounts = new Array<number>(tiles).fill(0);
    this.cursor = this.directory.dataStart;
  }

  /** Creates (or truncates) `path` and reserves its directory. */
  static async create(path: string, opts: GeoTiffStreamOptions): Promise<GeoTiffStreamWriter> {
    const spec = geoTiffSpec(opts.grid, opts.bandCount, opts.sampleType, opts);
    const bigTiff = opts.bigTiff ?? needsBigTiff(spec);
    const level = opts.deflateLevel ?? 6;
    if (!Number.isInteger(level) || level < 1 || level > 9) throw new RangeError(`deflateLevel must be an integer 1-9, got ${level}`);
    const file = await open(path, 'w');
    const writer = new GeoTiffStreamWriter(path, file, spec, bigTiff, level);
    try {
      // Placeholder directory: the file is valid-shaped from the start, offsets are patched at close.
      await file.write(writer.directory.encode(writer.offsets, writer.byteCounts), 0, writer.directory.dataStart, 0);
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
  }

  /**
   * Tile (tx, ty) from bands holding its pixels inside the image, row-major: blockSize wide and
   * tall except at the right and bottom edges, where the tile is cut to the image.
   */
  async writeBlock(tx: number, ty: number, bands: readonly WritableBand[]): Promise<void> {
    const { grid, blockSize } = this.spec;
    this.checkRow(ty);
    this.checkColumn(tx);
    const cols = Math.min(blockSize, grid.width - tx * blockSize);
    const rows = Math.min(blockSize, grid.height - ty * blockSize);
    this.checkBands(bands, cols * rows);
    await this.submit(tx, ty, { bands, bandWidth: cols, srcCol0: 0, srcRow0: 0 });
  }

  /**
   * Every tile of tile row `ty` from bands as wide as the image and as tall as the rows of the
   * image that tile row covers (blockSize, less in the last row).
   */
  async writeStrip(ty: number, bands: readonly WritableBand[]): Promise<void> {
    const { grid, blockSize } = this.spec;
    this.checkRow(ty);
    const rows = Math.min(blockSize, grid.height - ty * blockSize);
    this.checkBands(bands, grid.width * rows);
    for (let tx = 0; tx < this.spec.blocksAcross; tx++) {
      await this.submit(tx, ty, { bands, bandWidth: grid.width, srcCol0: tx * blockSize, srcRow0: 0 });
    }
  }

  /** Writes the real tile offsets into the directory; refuses a file with a tile never written. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.tail;
    } catch (err) {
      await this.abort();
      throw err;
    }
    const missing = this.byteCounts.length - this.written;
    if (missing > 0) {
      await this.abort();
      throw new Error(`GeoTIFF ${this.path}: ${missing} of ${this.byteCounts.length} tiles were never written`);
    }
    try {
      await this.file.write(this.directory.encode(this.offsets, this.byteCounts), 0, this.directory.dataStart, 0);
    } catch (err) {
      // A directory still holding placeholder offsets is not a GeoTIFF: leave no such file.
      await this.abort();
      throw err;
    }
    this.closed = true;
    this.finished = true;
    await this.file.close();
  }

  /** Closes and deletes the unfinished file (a finished one — close() succeeded — is left alone). */
  async abort(): Promise<void> {
    if (this.finished) return;
    // Let queued appends settle first: none may write into a closed handle.
    await this.tail.catch(() => {});
    if (!this.closed) {
      this.closed = true;
      await this.file.close();
    }
    await rm(this.path, { force: true });
  }

  private checkRow(ty: number): void {
    if (!Number.isInteger(ty) || ty < 0 || ty >= this.spec.blocksDown) throw new RangeError(`tile row ${ty} is outside 0..${this.spec.blocksDown - 1}`);
  }

  private checkColumn(tx: number): void {
    if (!Number.isInteger(tx) || tx < 0 || tx >= this.spec.blocksAcross) throw new RangeError(`tile column ${tx} is outside 0..${this.spec.blocksAcross - 1}`);
  }

  private checkBands(bands: readonly WritableBand[], samples: number): void {
    if (this.closed) throw new Error(`GeoTIFF ${this.path} is already closed`);
    if (bands.length !== this.spec.bandCount) throw new RangeError(`${bands.length} bands given, the file has ${this.spec.bandCount}`);
    for (const band of bands) {
      if (sampleTypeOf(band) !== this.spec.sampleType) throw new RangeError(`a ${sampleTypeOf(band)} band given, the file holds ${this.spec.sampleType}`);
      if (band.length < samples) throw new RangeError(`band has ${band.length} samples, ${samples} needed`);
    }
  }

  /**
   * Copies the tile's samples now (the caller may reuse its arrays), compresses on the pool and
   * queues the append; waits only when MAX_TILES_IN_FLIGHT tiles are still compressing.
   */
  private async submit(tx: number, ty: number, src: TileSource): Promise<void> {
    this.checkRow(ty);
    this.checkColumn(tx);
    const index = ty * this.spec.blocksAcross + tx;
    if (this.claimed.has(index)) throw new RangeError(`tile (${tx}, ${ty}) was already written`);
    this.claimed.add(index);
    const raw = tileSamples(this.spec, src, tx, ty);
    const compressed = this.spec.deflate ? deflateAsync(raw, { level: this.deflateLevel }) : Promise.resolve(raw);
    const previous = this.tail;
    const appended = (async () => {
      const bytes = await compressed;
      await previous;
      await this.append(index, bytes);
    })();
    // Handled here so a failure waits, without crashing the process, for the next submit or close to report it.
    appended.catch(() => {});
    this.tail = appended;
    this.inFlight.push(appended);
    if (this.inFlight.length >= MAX_TILES_IN_FLIGHT) await this.inFlight.shift();
  }

  private async append(index: number, bytes: Uint8Array): Promise<void> {
    if (!this.bigTiff && this.cursor + bytes.byteLength > CLASSIC_LIMIT_BYTES) throw new RangeError(`GeoTIFF ${this.path} would pass 4 GiB: create it with bigTiff`);
    await this.file.write(bytes, 0, bytes.byteLength, this.cursor);
    this.offsets[index] = this.cursor;
    this.byteCounts[index] = bytes.byteLength;
    this.cursor += bytes.byteLength;
    this.written++;
  }
}
