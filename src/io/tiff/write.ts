// GeoTIFF writer for synthetic test pairs, sample cut-outs and change-magnitude exports:
// tiled, little-endian, pixel-interleaved (PlanarConfiguration 1), DEFLATE with the horizontal
// predictor for integers, EPSG:4326 / UTM GeoKeys and GDAL_NODATA, so GDAL and QGIS read it.
// Pixel-interleaved because every consumer of ours needs all bands of a block at once: one inflate
// per block instead of one per band, and it is GDAL's default layout for multi-band GTiff.
import { deflateSync } from 'node:zlib';
import { epsgOf, isGeographic } from '../../core/geo/crs.js';
import type { Grid } from '../../core/types.js';
import { COMPRESSION_DEFLATE, COMPRESSION_NONE, GeoKey, MODEL_GEOGRAPHIC, MODEL_PROJECTED, RASTER_PIXEL_IS_AREA, Tag } from './tags.js';

export type WritableBand = Uint8Array | Uint16Array | Int16Array | Float32Array;

export interface EncodeGeoTiffInput {
  readonly grid: Grid;
  readonly bands: readonly WritableBand[];
  readonly nodata?: number | null;
  readonly blockSize?: 256 | 512;
  readonly compression?: 'deflate' | 'none';
  /** Horizontal differencing before DEFLATE (integers only; default true). */
  readonly predictor?: boolean;
}

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const ASCII = 2;

interface Entry {
  readonly tag: number;
  readonly type: number;
  readonly values: readonly number[] | string;
}

function sampleInfo(band: WritableBand): { bits: number; format: number } {
  if (band instanceof Uint8Array) return { bits: 8, format: 1 };
  if (band instanceof Uint16Array) return { bits: 16, format: 1 };
  if (band instanceof Int16Array) return { bits: 16, format: 2 };
  return { bits: 32, format: 3 };
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

/** One tile's samples, pixel-interleaved, edge padding filled with `fill`, predictor applied. */
function tileBytes(input: EncodeGeoTiffInput, tx: number, ty: number, size: number, fill: number, usePredictor: boolean): Uint8Array {
  const { grid, bands } = input;
  const first = bands[0] as WritableBand;
  const n = bands.length;
  const Ctor = first.constructor as new (length: number) => WritableBand;
  const tile = new Ctor(size * size * n);
  tile.fill(fill);
  const col0 = tx * size;
  const row0 = ty * size;
  const cols = Math.min(size, grid.width - col0);
  const rows = Math.min(size, grid.height - row0);
  for (let r = 0; r < rows; r++) {
    const src = (row0 + r) * grid.width + col0;
    const dst = r * size * n;
    for (let b = 0; b < n; b++) {
      const band = bands[b] as WritableBand;
      for (let c = 0; c < cols; c++) tile[dst + c * n + b] = band[src + c] as number;
    }
  }
  if (usePredictor) {
    // Right to left so each difference uses the original left neighbour; typed stores wrap.
    for (let r = 0; r < size; r++) {
      const start = r * size * n;
      for (let i = size * n - 1; i >= n; i--) tile[start + i] = (tile[start + i] as number) - (tile[start + i - n] as number);
    }
  }
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

function checkInput(input: EncodeGeoTiffInput): void {
  const { grid, bands } = input;
  if (bands.length === 0) throw new RangeError('encodeGeoTiff needs at least one band');
  const first = bands[0] as WritableBand;
  for (const band of bands) {
    if (band.constructor !== first.constructor) throw new RangeError('all bands must have the same sample type');
    if (band.length !== grid.width * grid.height) throw new RangeError(`band has ${band.length} samples, grid is ${grid.width} × ${grid.height}`);
  }
  const [, dx, rx, , ry, dy] = grid.transform;
  if (rx !== 0 || ry !== 0 || !(dx > 0) || !(dy < 0)) throw new RangeError('encodeGeoTiff writes north-up grids only (dx > 0, dy < 0, no rotation)');
}

/** Encodes a georeferenced raster as a tiled GeoTIFF file image. */
export function encodeGeoTiff(input: EncodeGeoTiffInput): Buffer {
  checkInput(input);
  const { grid, bands } = input;
  const size = input.blockSize ?? 256;
  const deflate = (input.compression ?? 'deflate') === 'deflate';
  const { bits, format } = sampleInfo(bands[0] as WritableBand);
  const usePredictor = deflate && format !== 3 && (input.predictor ?? true);
  const nodata = input.nodata ?? null;
  const fill = nodata === null || Number.isNaN(nodata) ? (format === 3 ? Number.NaN : 0) : nodata;
  const n = bands.length;
  const across = Math.ceil(grid.width / size);
  const down = Math.ceil(grid.height / size);

  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < down; ty++) {
    for (let tx = 0; tx < across; tx++) {
      const raw = tileBytes(input, tx, ty, size, fill, usePredictor);
      tiles.push(deflate ? deflateSync(raw, { level: 6 }) : raw);
    }
  }

  const [x0, dx, , y0, , dy] = grid.transform;
  const entries: Entry[] = [
    { tag: Tag.ImageWidth, type: LONG, values: [grid.width] },
    { tag: Tag.ImageLength, type: LONG, values: [grid.height] },
    { tag: Tag.BitsPerSample, type: SHORT, values: Array(n).fill(bits) },
    { tag: Tag.Compression, type: SHORT, values: [deflate ? COMPRESSION_DEFLATE : COMPRESSION_NONE] },
    { tag: Tag.Photometric, type: SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: SHORT, values: [n] },
    { tag: Tag.PlanarConfiguration, type: SHORT, values: [1] },
    { tag: Tag.Predictor, type: SHORT, values: [usePredictor ? 2 : 1] },
    { tag: Tag.TileWidth, type: LONG, values: [size] },
    { tag: Tag.TileLength, type: LONG, values: [size] },
    { tag: Tag.TileOffsets, type: LONG, values: Array(tiles.length).fill(0) },
    { tag: Tag.TileByteCounts, type: LONG, values: tiles.map((t) => t.byteLength) },
    // Bands beyond the first of a grey (MinIsBlack) image are "unspecified" extra samples.
    ...(n > 1 ? [{ tag: Tag.ExtraSamples, type: SHORT, values: Array(n - 1).fill(0) }] : []),
    { tag: Tag.SampleFormat, type: SHORT, values: Array(n).fill(format) },
    { tag: Tag.ModelPixelScale, type: DOUBLE, values: [dx, -dy, 0] },
    { tag: Tag.ModelTiepoint, type: DOUBLE, values: [0, 0, 0, x0, y0, 0] },
    { tag: Tag.GeoKeyDirectory, type: SHORT, values: geoKeyDirectory(grid) },
    ...(nodata === null ? [] : [{ tag: Tag.GdalNodata, type: ASCII, values: `${nodataText(nodata)}\0` }]),
  ];
  return layoutFile(entries, tiles);
}

const TYPE_BYTES: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1 };

/** Header, one IFD, out-of-line values, then tile data; fills in TileOffsets. */
function layoutFile(entries: Entry[], tiles: Uint8Array[]): Buffer {
  const ifdBytes = 2 + entries.length * 12 + 4;
  let cursor = 8 + ifdBytes;
  const valueOffsets = new Map<number, number>();
  for (const e of entries) {
    const bytes = TYPE_BYTES[e.type] as number * e.values.length;
    if (bytes > 4) {
      cursor += cursor % 2;
      valueOffsets.set(e.tag, cursor);
      cursor += bytes;
    }
  }
  cursor += cursor % 2;
  const tileOffsets: number[] = [];
  for (const t of tiles) {
    tileOffsets.push(cursor);
    cursor += t.byteLength;
  }
  if (cursor > 0xffffffff) throw new RangeError(`GeoTIFF would be ${cursor} bytes: classic TIFF is limited to 4 GiB`);

  const out = Buffer.alloc(cursor);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  let p = 10;
  for (const e of entries) {
    const values = e.tag === Tag.TileOffsets ? tileOffsets : e.values;
    out.writeUInt16LE(e.tag, p);
    out.writeUInt16LE(e.type, p + 2);
    out.writeUInt32LE(values.length, p + 4);
    const at = valueOffsets.get(e.tag);
    if (at !== undefined) out.writeUInt32LE(at, p + 8);
    writeValues(out, e.type, values, at ?? p + 8);
    p += 12;
  }
  out.writeUInt32LE(0, p);
  tiles.forEach((t, i) => out.set(t, tileOffsets[i] as number));
  return out;
}

function writeValues(out: Buffer, type: number, values: readonly number[] | string, at: number): void {
  if (typeof values === 'string') {
    out.write(values, at, 'latin1');
    return;
  }
  values.forEach((v, i) => {
    if (type === SHORT) out.writeUInt16LE(v, at + 2 * i);
    else if (type === LONG) out.writeUInt32LE(v, at + 4 * i);
    else out.writeDoubleLE(v, at + 8 * i);
  });
}
