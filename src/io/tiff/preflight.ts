// Safe open, step one: read the TIFF header and IFDs ourselves (never the pixels), and refuse any
// file whose declared structure is malformed, too large for our budgets, or in a format we cannot
// decode correctly — before geotiff.js or any allocation sized by the file gets near it. Works over
// any byte source, so a remote tile is checked from its header and IFD bytes alone.
import { InputError } from '../../core/errors.js';
import { resolveBudgets, type TileBudgets } from './budgets.js';
import { openByteSource, type ByteSource, type ByteSourceOptions } from './byte-source.js';
import { readAscii, readHeader, readNumbers, TiffFile, walkIfds, type Ifd, type IfdEntry, type TiffHeader } from './ifd.js';
import { COMPRESSION_NAMES, COMPRESSION_NONE, SUPPORTED_COMPRESSIONS, Tag } from './tags.js';

export type SampleKind = 'uint' | 'int' | 'float';

/** GeoTIFF georeferencing exactly as declared; turned into a Grid by `gridFromGeoTags`. */
export interface GeoTags {
  readonly pixelScale: readonly number[] | null;
  readonly tiepoints: readonly number[] | null;
  readonly transformation: readonly number[] | null;
  /** GeoKey id → value (SHORT value, double(s) from GeoDoubleParams, or text from GeoAsciiParams). */
  readonly geoKeys: ReadonlyMap<number, number | string | readonly number[]>;
}

/** Everything we need to know about the first image of a checked TIFF to read it block by block. */
export interface TiffLayout {
  readonly fileBytes: number;
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly ifdCount: number;
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  readonly bitsPerSample: number;
  readonly sampleKind: SampleKind;
  readonly compression: number;
  readonly predictor: 1 | 2 | 3;
  readonly planarConfiguration: 1 | 2;
  readonly tiled: boolean;
  /** Internal tile size, or (width × rows per strip) for stripped files. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly blocksAcross: number;
  readonly blocksDown: number;
  /** Decoded bytes of one full block (one band of it when planar = 2). */
  readonly decodedBlockBytes: number;
  /** Per block, in TIFF order (band-major when planar = 2). */
  readonly blockOffsets: readonly number[];
  readonly blockByteCounts: readonly number[];
  readonly nodata: number | null;
  readonly geo: GeoTags;
}

const MAX_GEO_VALUES = 4096;

function reject(code: ConstructorParameters<typeof InputError>[0], message: string, detail?: Record<string, unknown>): never {
  throw new InputError(code, message, detail);
}

/** Reads one small numeric tag (a scalar, or one value per band). */
async function numbers(file: TiffFile, header: TiffHeader, ifd: Ifd, tag: number, maxCount: number): Promise<number[] | null> {
  const entry = ifd.get(tag);
  return entry ? readNumbers(file, header, entry, maxCount) : null;
}

async function scalar(file: TiffFile, header: TiffHeader, ifd: Ifd, tag: number, fallback: number | null): Promise<number | null> {
  const values = await numbers(file, header, ifd, tag, 1 << 16);
  if (!values || values.length === 0) return fallback;
  return values[0] as number;
}

/** One value per band that must be the same for every band (we refuse mixed-type bands). */
async function uniformPerBand(file: TiffFile, header: TiffHeader, ifd: Ifd, tag: number, bands: number, fallback: number): Promise<number> {
  const values = await numbers(file, header, ifd, tag, bands);
  if (!values || values.length === 0) return fallback;
  const first = values[0] as number;
  if (values.some((v) => v !== first)) {
    reject('TIFF_UNSUPPORTED_SAMPLE_FORMAT', `bands differ in tag ${tag} (${values.join(', ')}); all bands must share one sample type`, { tag });
  }
  return first;
}

function sampleKindOf(format: number, bits: number): SampleKind {
  const ok: Record<number, readonly number[]> = { 1: [8, 16, 32], 2: [16, 32], 3: [32, 64] };
  if (!(ok[format] ?? []).includes(bits)) {
    const name = ({ 1: 'unsigned integer', 2: 'signed integer', 3: 'floating point' } as Record<number, string>)[format] ?? `sample format ${format}`;
    reject('TIFF_UNSUPPORTED_SAMPLE_FORMAT', `${bits}-bit ${name} samples are not supported (uint8/16/32, int16/32, float32/64 are)`, { format, bits });
  }
  return format === 1 ? 'uint' : format === 2 ? 'int' : 'float';
}

function parseNodata(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan' || t === '-nan') return Number.NaN;
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) reject('TIFF_BAD_TAG', `GDAL_NODATA is not a number: ${JSON.stringify(text.slice(0, 40))}`);
  return v;
}

async function readGeoKeys(file: TiffFile, header: TiffHeader, ifd: Ifd): Promise<Map<number, number | string | readonly number[]>> {
  const keys = new Map<number, number | string | readonly number[]>();
  const dir = await numbers(file, header, ifd, Tag.GeoKeyDirectory, MAX_GEO_VALUES);
  if (!dir) return keys;
  const doubles = (await numbers(file, header, ifd, Tag.GeoDoubleParams, MAX_GEO_VALUES)) ?? [];
  const asciiEntry = ifd.get(Tag.GeoAsciiParams);
  const ascii = asciiEntry ? await readAscii(file, asciiEntry, 1 << 16) : '';
  const declared = dir[3] ?? 0;
  if (dir.length < 4 || dir.length < 4 + 4 * declared) reject('TIFF_BAD_TAG', `GeoKeyDirectory declares ${declared} keys in ${dir.length} values`);
  for (let k = 0; k < declared; k++) {
    const [id, location, count, value] = dir.slice(4 + 4 * k, 8 + 4 * k) as [number, number, number, number];
    if (location === 0) keys.set(id, value);
    else if (location === Tag.GeoDoubleParams) {
      if (value + count > doubles.length) reject('TIFF_BAD_TAG', `GeoKey ${id} points outside GeoDoubleParams`);
      keys.set(id, count === 1 ? (doubles[value] as number) : doubles.slice(value, value + count));
    } else if (location === Tag.GeoAsciiParams) {
      keys.set(id, ascii.slice(value, value + count).replace(/\|$/, ''));
    } else if (location === Tag.GeoKeyDirectory) {
      keys.set(id, dir.slice(value, value + count));
    }
  }
  return keys;
}

/** Checks the block offset/byte-count arrays: present, one per block, and inside the file. */
async function blockTable(file: TiffFile, header: TiffHeader, ifd: Ifd, offsetsTag: number, countsTag: number, blocks: number) {
  const offsetsEntry = ifd.get(offsetsTag);
  const countsEntry = ifd.get(countsTag);
  if (!offsetsEntry || !countsEntry) reject('TIFF_BAD_TAG', `tag ${offsetsEntry ? countsTag : offsetsTag} (block offsets/byte counts) is missing`);
  for (const entry of [offsetsEntry, countsEntry] as IfdEntry[]) {
    if (entry.count !== blocks) {
      reject('TIFF_BAD_TAG', `tag ${entry.tag} lists ${entry.count} blocks, the image has ${blocks}`, { tag: entry.tag, count: entry.count, blocks });
    }
  }
  const offsets = await readNumbers(file, header, offsetsEntry, blocks);
  const counts = await readNumbers(file, header, countsEntry, blocks);
  for (let i = 0; i < blocks; i++) {
    const o = offsets[i] as number;
    const c = counts[i] as number;
    if (c > 0 && (o <= 0 || o + c > file.fileBytes)) {
      reject('TIFF_TRUNCATED', `block ${i} (offset ${o}, ${c} bytes) lies outside the ${file.fileBytes}-byte file`, { block: i, offset: o, byteCount: c });
    }
  }
  return { offsets, counts };
}

/** Parses and checks the first image's structure. Reads only header and IFD bytes. */
async function checkStructure(file: TiffFile, budgets: TileBudgets): Promise<TiffLayout> {
  const fileBytes = file.fileBytes;
  if (fileBytes > budgets.maxFileBytes) reject('TIFF_TOO_LARGE', `file is ${fileBytes} bytes (budget ${budgets.maxFileBytes})`, { fileBytes });
  const header = await readHeader(file);
  const { first: ifd, ifdCount } = await walkIfds(file, header, budgets.maxIfds);

  const width = await scalar(file, header, ifd, Tag.ImageWidth, null);
  const height = await scalar(file, header, ifd, Tag.ImageLength, null);
  if (!width || !height) reject('TIFF_BAD_DIMENSIONS', `image is ${width ?? 'missing'} × ${height ?? 'missing'} pixels`, { width, height });
  if (width > budgets.maxWidthPx || height > budgets.maxHeightPx || width * height > budgets.maxPixels) {
    reject('TIFF_TOO_LARGE', `image declares ${width} × ${height} pixels (budget ${budgets.maxWidthPx} × ${budgets.maxHeightPx}, ${budgets.maxPixels} pixels)`, { width, height });
  }
  const samplesPerPixel = (await scalar(file, header, ifd, Tag.SamplesPerPixel, 1)) as number;
  if (samplesPerPixel < 1) reject('TIFF_BAD_DIMENSIONS', `image declares ${samplesPerPixel} samples per pixel`);
  if (samplesPerPixel > budgets.maxBands) reject('TIFF_TOO_LARGE', `image declares ${samplesPerPixel} bands (budget ${budgets.maxBands})`, { samplesPerPixel });

  const compression = (await scalar(file, header, ifd, Tag.Compression, COMPRESSION_NONE)) as number;
  if (!SUPPORTED_COMPRESSIONS.has(compression)) {
    const name = COMPRESSION_NAMES[compression] ?? `code ${compression}`;
    reject('TIFF_UNSUPPORTED_COMPRESSION', `${name} compression is not supported (none, DEFLATE, LZW and PackBits are)`, { compression });
  }

  const bitsPerSample = await uniformPerBand(file, header, ifd, Tag.BitsPerSample, samplesPerPixel, 1);
  if (bitsPerSample === 0) reject('TIFF_BAD_TAG', 'BitsPerSample is 0');
  const sampleFormat = await uniformPerBand(file, header, ifd, Tag.SampleFormat, samplesPerPixel, 1);
  const sampleKind = sampleKindOf(sampleFormat, bitsPerSample);

  const planar = (await scalar(file, header, ifd, Tag.PlanarConfiguration, 1)) as number;
  if (planar !== 1 && planar !== 2) reject('TIFF_BAD_TAG', `PlanarConfiguration is ${planar} (must be 1 or 2)`);
  const predictor = (await scalar(file, header, ifd, Tag.Predictor, 1)) as number;
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) reject('TIFF_UNSUPPORTED_LAYOUT', `Predictor ${predictor} is not a TIFF predictor`);
  if (predictor === 2 && sampleKind === 'float') reject('TIFF_UNSUPPORTED_LAYOUT', 'horizontal predictor (2) on floating-point samples');
  if (predictor === 3 && sampleKind !== 'float') reject('TIFF_UNSUPPORTED_LAYOUT', 'floating-point predictor (3) on integer samples');

  const tiled = ifd.has(Tag.TileWidth) || ifd.has(Tag.TileLength) || ifd.has(Tag.TileOffsets);
  let blockWidth: number;
  let blockHeight: number;
  if (tiled) {
    blockWidth = (await scalar(file, header, ifd, Tag.TileWidth, 0)) as number;
    blockHeight = (await scalar(file, header, ifd, Tag.TileLength, 0)) as number;
    if (!blockWidth || !blockHeight) reject('TIFF_BAD_TAG', `tile size is ${blockWidth} × ${blockHeight}`);
  } else {
    blockWidth = width;
    const rowsPerStrip = (await scalar(file, header, ifd, Tag.RowsPerStrip, height)) as number;
    if (!rowsPerStrip) reject('TIFF_BAD_TAG', 'RowsPerStrip is 0');
    // Writers often declare 2^32-1 for "one strip": clamp to the image.
    blockHeight = Math.min(rowsPerStrip, height);
  }
  const bytesPerSample = bitsPerSample / 8;
  const decodedBlockBytes = blockWidth * blockHeight * bytesPerSample * (planar === 1 ? samplesPerPixel : 1);
  if (decodedBlockBytes > budgets.maxDecodedBlockBytes) {
    reject('TIFF_TOO_LARGE', `one ${tiled ? 'tile' : 'strip'} (${blockWidth} × ${blockHeight}) decodes to ${decodedBlockBytes} bytes (budget ${budgets.maxDecodedBlockBytes})`, { decodedBlockBytes });
  }
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const blocks = blocksAcross * blocksDown * (planar === 2 ? samplesPerPixel : 1);
  const table = tiled
    ? await blockTable(file, header, ifd, Tag.TileOffsets, Tag.TileByteCounts, blocks)
    : await blockTable(file, header, ifd, Tag.StripOffsets, Tag.StripByteCounts, blocks);

  const nodataEntry = ifd.get(Tag.GdalNodata);
  const nodata = nodataEntry ? parseNodata(await readAscii(file, nodataEntry, 256)) : null;
  const geo: GeoTags = {
    pixelScale: await numbers(file, header, ifd, Tag.ModelPixelScale, 3),
    tiepoints: await numbers(file, header, ifd, Tag.ModelTiepoint, 6 * 4096),
    transformation: await numbers(file, header, ifd, Tag.ModelTransformation, 16),
    geoKeys: await readGeoKeys(file, header, ifd),
  };

  return {
    fileBytes,
    littleEndian: header.littleEndian,
    bigTiff: header.bigTiff,
    ifdCount,
    width,
    height,
    samplesPerPixel,
    bitsPerSample,
    sampleKind,
    compression,
    predictor: predictor as 1 | 2 | 3,
    planarConfiguration: planar as 1 | 2,
    tiled,
    blockWidth,
    blockHeight,
    blocksAcross,
    blocksDown,
    decodedBlockBytes,
    blockOffsets: table.offsets,
    blockByteCounts: table.counts,
    nodata,
    geo,
  };
}

export interface Preflighted {
  readonly layout: TiffLayout;
  /** SHA-256 of every header and IFD byte the checks read, in read order (see TiffFile). */
  readonly structureSha256: string;
}

/** Preflights the tile behind `source` (which stays open: the caller owns it). */
export async function preflightSource(source: ByteSource, budgets: TileBudgets): Promise<Preflighted> {
  const file = new TiffFile(source);
  const layout = await checkStructure(file, budgets);
  return { layout, structureSha256: file.structureSha256() };
}

/**
 * Opens a path or an http(s) URL, preflights it, closes it. Every refusal is an InputError with a
 * stable code; a remote read that failed only for now is a RemoteReadError (retry later).
 */
export async function preflight(location: string, budgets?: Partial<TileBudgets>, opts: ByteSourceOptions = {}): Promise<TiffLayout> {
  const limits = resolveBudgets(budgets);
  const source = await openByteSource(location, opts);
  try {
    return (await preflightSource(source, limits)).layout;
  } finally {
    await source.close();
  }
}
