// geotiff.js reads through our byte source (file or URL) rather than its own: one bounded reader
// for every byte, the same behaviour from disk and over http, and a remote tile's blocks fetched
// by exactly the ranges geotiff.js asks for.
import { GeoTIFF } from 'geotiff';
import type { ByteSource } from './byte-source.js';

type GeoTiffSource = Parameters<typeof GeoTIFF.fromSource>[0];
type Slice = { offset: number; length: number };

/** An ArrayBuffer of exactly `length` bytes: geotiff.js takes whole buffers, not views. */
function ownBuffer(bytes: Uint8Array, length: number): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === length && bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength === length) {
    return bytes.buffer;
  }
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, Math.min(bytes.byteLength, length)));
  return out.buffer;
}

/**
 * geotiff.js asks for fixed-size slices (1 KiB for the header, more for IFDs) that may run past the
 * end of a small file; like its own file source we return them zero-padded, reading only real bytes.
 */
export function geotiffSourceOf(bytes: ByteSource): GeoTiffSource {
  async function fetchSlice(slice: Slice): Promise<Slice & { data: ArrayBuffer }> {
    const available = Math.max(0, Math.min(slice.length, bytes.sizeBytes - slice.offset));
    const read = available > 0 ? await bytes.read(slice.offset, available) : new Uint8Array(0);
    return { ...slice, data: ownBuffer(read, slice.length) };
  }
  return {
    fetchSlice,
    fetch: (slices: Slice[]) => Promise.all(slices.map(async (s) => (await fetchSlice(s)).data)),
    get fileSize() {
      return bytes.sizeBytes;
    },
    close: () => bytes.close(),
  };
}

/** Opens a GeoTIFF over `bytes`; closing it closes the byte source. */
export function geotiffOver(bytes: ByteSource): Promise<GeoTIFF> {
  return GeoTIFF.fromSource(geotiffSourceOf(bytes));
}
