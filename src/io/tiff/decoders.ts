// Bounded block decoders registered with geotiff.js, replacing its own for every compression we
// accept. DEFLATE goes through Node's zlib with the
// output capped at the block's expected size, so a decompression bomb fails in milliseconds instead
// of allocating gigabytes (RELIABILITY.md), and chunkSize = block size makes inflate ~1.5× faster
// than the default chunking (PERFORMANCE.md).
import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { InputError } from '../../core/errors.js';
import { decodeLzw, decodePackBits } from './bounded-codecs.js';
import { COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE, COMPRESSION_LZW, COMPRESSION_PACKBITS } from './tags.js';

/** Extra output tolerated beyond the declared block size (some writers pad streams). */
const SLACK_BYTES = 4096;

const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

type DecoderParameters = ConstructorParameters<typeof BaseDecoder>[0];

/** Decoded bytes one block should hold, from the parameters geotiff.js hands a decoder. */
export function expectedBlockBytes(p: DecoderParameters): number {
  const bits = typeof p.bitsPerSample === 'number' ? [p.bitsPerSample] : Array.from(p.bitsPerSample);
  const bitsPerPixel = p.planarConfiguration === 2 ? (bits[0] ?? 8) : bits.reduce((a, b) => a + b, 0) * (bits.length === 1 ? (p.samplesPerPixel ?? 1) : 1);
  return Math.ceil((p.tileWidth * bitsPerPixel) / 8) * p.tileHeight;
}

/** Inflates one zlib stream to at most `maxBytes` bytes. Throws TIFF_DECOMPRESSION_BOMB beyond. */
export function boundedInflate(compressed: Uint8Array, expectedBytes: number, maxBytes: number): Buffer {
  try {
    // chunkSize is allocated up front: never let a declared size (e.g. RowsPerStrip 2^32-1) choose it unchecked.
    const chunkSize = Math.min(Math.max(64, expectedBytes), MAX_CHUNK_BYTES);
    return inflateSync(compressed, { chunkSize, maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError('TIFF_DECOMPRESSION_BOMB', `a DEFLATE block inflates beyond its declared ${expectedBytes} bytes`, {
        expectedBytes,
        compressedBytes: compressed.byteLength,
      });
    }
    throw err;
  }
}

/** geotiff.js decoder for compression 8 and 32946 (Adobe) using Node zlib with a hard output cap. */
export class BoundedDeflateDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const expected = expectedBlockBytes(this.parameters);
    return ownBuffer(boundedInflate(new Uint8Array(buffer), expected, expected + SLACK_BYTES));
  }
}

/** geotiff.js wants an ArrayBuffer the bytes fill exactly; copy only when the view is partial. */
function ownBuffer(out: Uint8Array): ArrayBufferLike {
  if (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) return out.buffer;
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
}

export class BoundedLzwDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return ownBuffer(decodeLzw(new Uint8Array(buffer), expectedBlockBytes(this.parameters) + SLACK_BYTES));
  }
}

export class BoundedPackBitsDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return ownBuffer(decodePackBits(new Uint8Array(buffer), expectedBlockBytes(this.parameters) + SLACK_BYTES));
  }
}

let registered = false;

/** Replaces geotiff.js's DEFLATE, LZW and PackBits decoders with bounded ones. Idempotent, process-wide. */
export function registerBoundedDecoders(): void {
  if (registered) return;
  addDecoder([COMPRESSION_DEFLATE, COMPRESSION_ADOBE_DEFLATE], async () => BoundedDeflateDecoder, undefined, false);
  addDecoder(COMPRESSION_LZW, async () => BoundedLzwDecoder, undefined, false);
  addDecoder(COMPRESSION_PACKBITS, async () => BoundedPackBitsDecoder, undefined, false);
  registered = true;
}
