// Safe open of one GeoTIFF tile, from a local path or an http(s) URL: preflight our own parse of
// the structure, then hand the checked bytes to geotiff.js (through the same byte source, so a
// remote tile moves only its header and the blocks asked for) and read it one internal tile/strip
// at a time with bounded decoders.
import { basename, extname } from 'node:path';
import { endianness } from 'node:os';
import { getDecoder, type BaseDecoder, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { InputError, isInputError } from '../../core/errors.js';
import type { Grid, PixelWindow, Raster, TileId } from '../../core/types.js';
import { resolveBudgets, type TileBudgets } from './budgets.js';
import { isUrlLocation, openByteSource, type ByteSource, type ByteSourceOptions } from './byte-source.js';
import { registerBoundedDecoders } from './decoders.js';
import { geotiffOver } from './geotiff-source.js';
import { gridFromGeoTags } from './georef.js';
import { RemoteReadError, remoteValidators } from './http-byte-source.js';
import { preflightSource, type TiffLayout } from './preflight.js';
import { bandArray, blockToBands, type BandArray } from './samples.js';
import { cachedFileSha256, defaultIdentityCacheDir } from './identity-cache.js';
import { fileSha256, remoteTileSha256 } from './tile-identity.js';
import { assembleWindow, type BlockSource, type ReadWindowOptions } from './window.js';

if (endianness() !== 'LE') throw new Error('borderwatch TIFF reading assumes a little-endian host');
registerBoundedDecoders();

export type { BandArray } from './samples.js';

/** An opened tile: the block source window assembly reads from, plus identity and whole-window reads. */
export interface OpenTile extends BlockSource {
  readonly tileId: TileId;
  /** Content identity, hex: SHA-256 of a file's bytes; for a URL see tile-identity.ts. */
  readonly sha256: string;
  /** The local path or http(s) URL the tile was opened from. */
  readonly path: string;
  readonly layout: TiffLayout;
  readWindow(win: PixelWindow, opts?: ReadWindowOptions): Promise<Raster>;
  close(): Promise<void>;
}

export interface OpenTileOptions {
  readonly budgets?: Partial<TileBudgets>;
  readonly tileId?: string;
  /** Timeouts, retries and headers for http(s) tiles. */
  readonly source?: ByteSourceOptions;
  /** Where local files' SHA-256 are remembered by stat record (identity-cache.ts); null = always hash. */
  readonly identityCacheDir?: string | null;
}

/** The default tile id: the file stem of the path, or of the URL's last path segment. */
function stemOf(location: string): string {
  if (!isUrlLocation(location)) return basename(location, extname(location));
  const name = decodeURIComponent(new URL(location).pathname.split('/').at(-1) ?? '');
  return basename(name, extname(name)) || location;
}

async function identityOf(source: ByteSource, structureSha256: string, cacheDir: string | null): Promise<string> {
  const validators = remoteValidators(source);
  if (validators) return remoteTileSha256({ sizeBytes: source.sizeBytes, validators, structureSha256 });
  return cachedFileSha256(source.location, cacheDir, fileSha256);
}

/** geotiff.js must see the same structure we checked; if it parses the file differently, refuse. */
function checkAgreement(image: GeoTIFFImage, layout: TiffLayout): void {
  // For strips we clamp RowsPerStrip to the image height; geotiff.js keeps the declared value.
  const theirBlockHeight = layout.tiled ? image.getTileHeight() : Math.min(image.getTileHeight(), layout.height);
  const theirs = [image.getWidth(), image.getHeight(), image.getSamplesPerPixel(), image.getTileWidth(), theirBlockHeight];
  const ours = [layout.width, layout.height, layout.samplesPerPixel, layout.blockWidth, layout.blockHeight];
  if (theirs.some((v, i) => v !== ours[i]) || image.isTiled !== layout.tiled || image.planarConfiguration !== layout.planarConfiguration) {
    throw new InputError('TIFF_BAD_TAG', `the TIFF structure is ambiguous: decoders disagree (${theirs.join('×')} vs ${ours.join('×')})`);
  }
}

/** A decoder's failure is the input's fault; a remote read that failed for now is not (retry it). */
function decodeFailed(err: unknown, where: string): InputError | RemoteReadError {
  if (isInputError(err) || err instanceof RemoteReadError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const kind = err instanceof Error ? err.constructor.name : typeof err;
  return new InputError('TIFF_DECODE_FAILED', `${where}: ${message}`, { cause: kind });
}

/** Opens a local path or an http(s) URL. Every refusal is an InputError with a stable code. */
export async function openTile(path: string, opts: OpenTileOptions = {}): Promise<OpenTile> {
  const budgets = resolveBudgets(opts.budgets);
  const source = await openByteSource(path, opts.source);
  let layout: TiffLayout;
  let grid: Grid;
  let sha256: string;
  let tiff: GeoTIFF;
  try {
    const checked = await preflightSource(source, budgets);
    layout = checked.layout;
    grid = gridFromGeoTags(layout.geo, layout.width, layout.height);
    sha256 = await identityOf(source, checked.structureSha256, opts.identityCacheDir === undefined ? defaultIdentityCacheDir() : opts.identityCacheDir);
  } catch (err) {
    await source.close();
    throw err;
  }
  try {
    tiff = await geotiffOver(source);
  } catch (err) {
    await source.close();
    throw decodeFailed(err, 'opening the TIFF');
  }
  let image: GeoTIFFImage;
  try {
    // getImage(0) parses only the first IFD; never call anything that counts images.
    image = await tiff.getImage(0);
    checkAgreement(image, layout);
  } catch (err) {
    await tiff.close();
    throw decodeFailed(err, 'reading the first IFD');
  }

  const bands = layout.samplesPerPixel;
  const planes = layout.planarConfiguration === 2 ? bands : 1;
  const interleaved = layout.planarConfiguration === 2 ? 1 : bands;
  // Predictors are undone in samples.ts (geotiff.js gets predictor 1) so byte order is handled right.
  let decoder: BaseDecoder;
  try {
    decoder = await getDecoder(layout.compression, {
      tileWidth: layout.blockWidth,
      tileHeight: layout.blockHeight,
      planarConfiguration: layout.planarConfiguration,
      bitsPerSample: Array.from({ length: interleaved }, () => layout.bitsPerSample),
      samplesPerPixel: interleaved,
      predictor: 1,
    });
  } catch (err) {
    await tiff.close();
    throw decodeFailed(err, 'setting up the decoder');
  }

  const sparseBlock = (rows: number): BandArray[] =>
    Array.from({ length: interleaved }, () => {
      const a = bandArray(layout.sampleKind, layout.bitsPerSample, layout.blockWidth * rows);
      // GDAL reads a block with no bytes (SPARSE_OK) as nodata, or 0 without one.
      a.fill(layout.nodata ?? 0);
      return a;
    });

  async function readPlane(bx: number, by: number, plane: number): Promise<BandArray[]> {
    const rows = layout.tiled ? layout.blockHeight : Math.min(layout.blockHeight, layout.height - by * layout.blockHeight);
    const index = plane * layout.blocksAcross * layout.blocksDown + by * layout.blocksAcross + bx;
    if (layout.blockByteCounts[index] === 0) return sparseBlock(rows);
    try {
      const { data } = await image.getTileOrStrip(bx, by, plane, decoder);
      const bytes = new Uint8Array(data as ArrayBuffer);
      const need = layout.blockWidth * rows * interleaved * (layout.bitsPerSample / 8);
      if (bytes.byteLength < need) throw new Error(`block decoded to ${bytes.byteLength} bytes, expected ${need}`);
      return blockToBands(bytes, layout.blockWidth, rows, interleaved, layout);
    } catch (err) {
      throw decodeFailed(err, `decoding block (${bx}, ${by}) band plane ${plane}`);
    }
  }

  async function readBlock(bx: number, by: number): Promise<BandArray[]> {
    if (!Number.isInteger(bx) || !Number.isInteger(by) || bx < 0 || by < 0 || bx >= layout.blocksAcross || by >= layout.blocksDown) {
      throw new RangeError(`block (${bx}, ${by}) is outside the ${layout.blocksAcross} × ${layout.blocksDown} block grid`);
    }
    const out: BandArray[] = [];
    for (let p = 0; p < planes; p++) out.push(...(await readPlane(bx, by, p)));
    return out;
  }

  const tile: OpenTile = {
    tileId: (opts.tileId ?? stemOf(path)) as TileId,
    sha256,
    path,
    layout,
    grid,
    bandCount: bands,
    nodata: layout.nodata,
    blockWidth: layout.blockWidth,
    blockHeight: layout.blockHeight,
    blocksAcross: layout.blocksAcross,
    blocksDown: layout.blocksDown,
    readBlock,
    readWindow: (win, o) => assembleWindow(tile, win, o),
    close: async () => {
      await tiff.close();
    },
  };
  return tile;
}
