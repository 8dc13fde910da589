// GeoTIFF writer for synthetic test pairs, sample cut-outs and change-magnitude exports:
// tiled, little-endian, pixel-interleaved (PlanarConfiguration 1), DEFLATE with the horizontal
// predictor for integers, EPSG:4326 / UTM GeoKeys and GDAL_NODATA, so GDAL and QGIS read it.
// Pixel-interleaved because every consumer of ours needs all bands of a block at once: one inflate
// per block instead of one per band, and it is GDAL's default layout for multi-band GTiff.
// The tag set, tile encoding and directory layout are exported for the streaming writer
// (write-stream.ts), so both write the same file for the same samples.
import { deflateSync } from 'node:zlib';
import { epsgOf, isGeographic } from '../../core/geo/crs.js';
import type { Grid } from '../../core/types.js';
import { COMPRESSION_DEFLATE, COMPRESSION_NONE, GeoKey, MODEL_GEOGRAPHIC, MODEL_PROJECTED, RASTER_PIXEL_IS_AREA, Tag } from './tags.js';

export type WritableBand = Uint8Array | Uint16Array | Int16Array | Float32Array;

/** Square internal tile sizes we write (TIFF wants multiples of 16; 64 makes many strips in tests). */
export type TileSizePx = 64 | 128 | 256 | 512;

export interface EncodeGeoTiffInput {
  readonly grid: Grid;
  readonly bands: readonly WritableBand[];
  readonly nodata?: number | null;
  readonly blockSize?: TileSizePx;
  readonly compression?: 'deflate' | 'none';
  /** Horizontal differencing before DEFLATE (integers only; default true). */
  readonly predictor?: boolean;
}

/** The sample types the writers offer, by the band array that holds them. */
export type WritableSampleType = 'uint8' | 'uint16' | 'int16' | 'float32';

/** Everything the tags and the tile encoder need to know about one output image. */
export interface GeoTiffSpec {
  readonly grid: Grid;
  readonly bandCount: number;
  readonly sampleType: WritableSampleType;
  readonly bits: number;
  /** TIFF SampleFormat: 1 unsigned, 2 signed, 3 float. */
  readonly format: number;
  readonly blockSize: number;
  readonly deflate: boolean;
  readonly usePredictor: boolean;
  readonly nodata: number | null;
  /** What edge padding beyond the image holds. */
  readonly fill: number;
  readonly blocksAcross: number;
  readonly blocksDown: number;
}

export interface GeoTiffSpecOptions {
  readonly nodata?: number | null;
  readonly blockSize?: TileSizePx;
  readonly compression?: 'deflate' | 'none';
  readonly predictor?: boolean;
}

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const ASCII = 2;
const LONG8 = 16;

export interface DirectoryEntry {
  readonly tag: number;
  readonly type: number;
  readonly values: readonly number[] | string;
}

const SAMPLE_TYPES: Record<WritableSampleType, { bits: number; format: number }> = {
  uint8: { bits: 8, format: 1 },
  uint16: { bits: 16, format: 1 },
  int16: { bits: 16, format: 2 },
  float32: { bits: 32, format: 3 },
};

export function sampleTypeOf(band: WritableBand): WritableSampleType {
  if (band instanceof Uint8Array) return 'uint8';
  if (band instanceof Uint16Array) return 'uint16';
  if (band instanceof Int16Array) return 'int16';
  return 'float32';
}

/** Resolves the writer's defaults once: both writers derive tags and tiles from this. */
export function geoTiffSpec(grid: Grid, bandCount: number, sampleType: WritableSampleType, opts: GeoTiffSpecOptions): GeoTiffSpec {
  if (bandCount < 1) throw new RangeError('a GeoTIFF needs at least one band');
  const [, dx, rx, , ry, dy] = grid.transform;
  if (rx !== 0 || ry !== 0 || !(dx > 0) || !(dy < 0)) throw new RangeError('the GeoTIFF writer writes north-up grids only (dx > 0, dy < 0, no rotation)');
  const { bits, format } = SAMPLE_TYPES[sampleType];
  const blockSize = opts.blockSize ?? 256;
  const deflate = (opts.compression ?? 'deflate') === 'deflate';
  const nodata = opts.nodata ?? null;
  return {
    grid, bandCount, sampleType, bits, format, blockSize, deflate, nodata,
    usePredictor: deflate && format !== 3 && (opts.predictor ?? true),
    fill: nodata === null || Number.isNaN(nodata) ? (format === 3 ? Number.NaN : 0) : nodata,
    blocksAcross: Math.ceil(grid.width / blockSize),
    blocksDown: Math.ceil(grid.height / blockSize),
  };
}

function geoKeyDirectory(grid: Grid): number[] {
  const epsg = epsgOf(grid.crs);
  const keys: [number, number][] = [
    [GeoKey.GTModelType, isGeographic(grid.crs) ? MODEL_GEOGRAPHIC : MODEL_PROJECTED],
    [GeoKey.GTRasterType, RASTER_PIXEL_IS_AREA],
    isGeographic(grid.crs) ? [GeoKey.GeographicType, epsg] : [GeoKey.ProjectedCSType, epsg],
  ];
  return [1, 1, 0, keys.length, ...keys.flatMap(([id, v]) => [id, 0, 1, v])];
}

function nodataText(nodata: number): string {
  return Number.isNaN(nodata) ? 'nan' : String(nodata);
}

const BAND_ARRAYS: Record<WritableSampleType, new (length: number) => WritableBand> = {
  uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array,
};

/** Where a tile's samples come from: band arrays `bandWidth` wide, the tile's first pixel at (srcCol0, srcRow0). */
export interface TileSource {
  readonly bands: readonly WritableBand[];
  readonly bandWidth: number;
  readonly srcCol0: number;
  readonly srcRow0: number;
}

/** Tile (tx, ty) as the file holds it before compression: pixel-interleaved, edge padding filled, predictor applied. */
export function tileSamples(spec: GeoTiffSpec, src: TileSource, tx: number, ty: number): Uint8Array {
  const size = spec.blockSize;
  const n = spec.bandCount;
  const tile = new BAND_ARRAYS[spec.sampleType](size * size * n);
  tile.fill(spec.fill);
  const cols = Math.min(size, spec.grid.width - tx * size);
  const rows = Math.min(size, spec.grid.height - ty * size);
  for (let r = 0; r < rows; r++) {
    const from = (src.srcRow0 + r) * src.bandWidth + src.srcCol0;
    const dst = r * size * n;
    for (let b = 0; b < n; b++) {
      const band = src.bands[b] as WritableBand;
      for (let c = 0; c < cols; c++) tile[dst + c * n + b] = band[from + c] as number;
    }
  }
  if (spec.usePredictor) {
    // Right to left so each difference uses the original left neighbour; typed stores wrap.
    for (let r = 0; r < size; r++) {
      const start = r * size * n;
      for (let i = size * n - 1; i >= n; i--) tile[start + i] = (tile[start + i] as number) - (tile[start + i - n] as number);
    }
  }
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** The IFD entries of one image; TileOffsets and TileByteCounts are placeholders the layout fills in. */
export function geoTiffEntries(spec: GeoTiffSpec, bigTiff: boolean): DirectoryEntry[] {
  const { grid, bandCount: n, bits, format, blockSize: size, nodata } = spec;
  const tileCount = spec.blocksAcross * spec.blocksDown;
  const [x0, dx, , y0, , dy] = grid.transform;
  return [
    { tag: Tag.ImageWidth, type: LONG, values: [grid.width] },
    { tag: Tag.ImageLength, type: LONG, values: [grid.height] },
    { tag: Tag.BitsPerSample, type: SHORT, values: Array(n).fill(bits) },
    { tag: Tag.Compression, type: SHORT, values: [spec.deflate ? COMPRESSION_DEFLATE : COMPRESSION_NONE] },
    { tag: Tag.Photometric, type: SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: SHORT, values: [n] },
    { tag: Tag.PlanarConfiguration, type: SHORT, values: [1] },
    { tag: Tag.Predictor, type: SHORT, values: [spec.usePredictor ? 2 : 1] },
    { tag: Tag.TileWidth, type: LONG, values: [size] },
    { tag: Tag.TileLength, type: LONG, values: [size] },
    { tag: Tag.TileOffsets, type: bigTiff ? LONG8 : LONG, values: Array(tileCount).fill(0) },
    { tag: Tag.TileByteCounts, type: bigTiff ? LONG8 : LONG, values: Array(tileCount).fill(0) },
    // Bands beyond the first of a grey (MinIsBlack) image are "unspecified" extra samples.
    ...(n > 1 ? [{ tag: Tag.ExtraSamples, type: SHORT, values: Array(n - 1).fill(0) }] : []),
    { tag: Tag.SampleFormat, type: SHORT, values: Array(n).fill(format) },
    { tag: Tag.ModelPixelScale, type: DOUBLE, values: [dx, -dy, 0] },
    { tag: Tag.ModelTiepoint, type: DOUBLE, values: [0, 0, 0, x0, y0, 0] },
    { tag: Tag.GeoKeyDirectory, type: SHORT, values: geoKeyDirectory(grid) },
    ...(nodata === null ? [] : [{ tag: Tag.GdalNodata, type: ASCII, values: `${nodataText(nodata)}\0` }]),
  ];
}

/** Encodes a georeferenced raster as a tiled GeoTIFF file image. */
export function encodeGeoTiff(input: EncodeGeoTiffInput): Buffer {
  const { grid, bands } = input;
  if (bands.length === 0) throw new RangeError('encodeGeoTiff needs at least one band');
  const first = bands[0] as WritableBand;
  for (const band of bands) {
    if (band.constructor !== first.constructor) throw new RangeError('all bands must have the same sample type');
    if (band.length !== grid.width * grid.height) throw new RangeError(`band has ${band.length} samples, grid is ${grid.width} × ${grid.height}`);
  }
  const spec = geoTiffSpec(grid, bands.length, sampleTypeOf(first), input);
  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < spec.blocksDown; ty++) {
    for (let tx = 0; tx < spec.blocksAcross; tx++) {
      const raw = tileSamples(spec, { bands, bandWidth: grid.width, srcCol0: tx * spec.blockSize, srcRow0: ty * spec.blockSize }, tx, ty);
      tiles.push(spec.deflate ? deflateSync(raw, { level: 6 }) : raw);
    }
  }
  const directory = layoutDirectory(geoTiffEntries(spec, false), false);
  const tileOffsets: number[] = [];
  let cursor = directory.dataStart;
  for (const t of tiles) {
    tileOffsets.push(cursor);
    cursor += t.byteLength;
  }
  if (cursor > 0xffffffff) throw new RangeError(`GeoTIFF would be ${cursor} bytes: classic TIFF is limited to 4 GiB`);
  const out = Buffer.alloc(cursor);
  out.set(directory.encode(tileOffsets, tiles.map((t) => t.byteLength)), 0);
  tiles.forEach((t, i) => out.set(t, tileOffsets[i] as number));
  return out;
}

const TYPE_BYTES: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1, [LONG8]: 8 };

/** Where a file's header, single IFD and out-of-line values go; tile data starts at `dataStart`. */
export interface DirectoryLayout {
  readonly bigTiff: boolean;
  readonly dataStart: number;
  /** Header + IFD + values (dataStart bytes) with the tiles' offsets and byte counts filled in. */
  encode(tileOffsets: readonly number[], tileByteCounts: readonly number[]): Buffer;
}

/**
 * Classic TIFF: 8-byte header, 12-byte entries, values over 4 bytes out of line at even offsets.
 * BigTIFF: 16-byte header, 20-byte entries, values over 8 bytes out of line at 8-byte offsets.
 */
export function layoutDirectory(entries: readonly DirectoryEntry[], bigTiff: boolean): DirectoryLayout {
  const headerBytes = bigTiff ? 16 : 8;
  const entryBytes = bigTiff ? 20 : 12;
  const inlineBytes = bigTiff ? 8 : 4;
  const align = bigTiff ? 8 : 2;
  const pad = (at: number): number => (at % align === 0 ? at : at + align - (at % align));
  const ifdBytes = bigTiff ? 8 + entries.length * entryBytes + 8 : 2 + entries.length * entryBytes + 4;
  let cursor = headerBytes + ifdBytes;
  const valueOffsets = new Map<number, number>();
  for (const e of entries) {
    const bytes = (TYPE_BYTES[e.type] as number) * e.values.length;
    if (bytes > inlineBytes) {
      cursor = pad(cursor);
      valueOffsets.set(e.tag, cursor);
      cursor += bytes;
    }
  }
  const dataStart = pad(cursor);

  function encode(tileOffsets: readonly number[], tileByteCounts: readonly number[]): Buffer {
    const out = Buffer.alloc(dataStart);
    out.write('II', 0, 'latin1');
    if (bigTiff) {
      out.writeUInt16LE(43, 2);
      out.writeUInt16LE(8, 4);
      out.writeBigUInt64LE(BigInt(headerBytes), 8);
      out.writeBigUInt64LE(BigInt(entries.length), headerBytes);
    } else {
      out.writeUInt16LE(42, 2);
      out.writeUInt32LE(headerBytes, 4);
      out.writeUInt16LE(entries.length, headerBytes);
    }
    let p = headerBytes + (bigTiff ? 8 : 2);
    for (const e of entries) {
      const values = e.tag === Tag.TileOffsets ? tileOffsets : e.tag === Tag.TileByteCounts ? tileByteCounts : e.values;
      out.writeUInt16LE(e.tag, p);
      out.writeUInt16LE(e.type, p + 2);
      if (bigTiff) out.writeBigUInt64LE(BigInt(values.length), p + 4);
      else out.writeUInt32LE(values.length, p + 4);
      const valuePos = p + (bigTiff ? 12 : 8);
      const at = valueOffsets.get(e.tag);
      if (at !== undefined) {
        if (bigTiff) out.writeBigUInt64LE(BigInt(at), valuePos);
        else out.writeUInt32LE(at, valuePos);
      }
      writeValues(out, e.type, values, at ?? valuePos);
      p += entryBytes;
    }
    // The next-IFD offset after the entries stays 0: one image.
    return out;
  }
  return { bigTiff, dataStart, encode };
}

function writeValues(out: Buffer, type: number, values: readonly number[] | string, at: number): void {
  if (typeof values === 'string') {
    out.write(values, at, 'latin1');
    return;
  }
  values.forEach((v, i) => {
    if (type === SHORT) out.writeUInt16LE(v, at + 2 * i);
    else if (type === LONG) out.writeUInt32LE(v, at + 4 * i);
    else if (type === LONG8) out.writeBigUInt64LE(BigInt(v), at + 8 * i);
    else out.writeDoubleLE(v, at + 8 * i);
  });
}
