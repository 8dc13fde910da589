// Turns the decoded bytes of one block into one typed array per band: byte order, de-interleaving
// and the TIFF predictors are done here, after decompression, because geotiff.js applies the
// horizontal predictor before swapping bytes and so decodes big-endian 16-bit predicted files wrongly.
import type { SampleKind } from './preflight.js';

export type BandArray = Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface SampleLayout {
  readonly littleEndian: boolean;
  readonly bitsPerSample: number;
  readonly sampleKind: SampleKind;
  readonly predictor: 1 | 2 | 3;
}

export function bandArray(kind: SampleKind, bits: number, length: number): BandArray {
  if (kind === 'float') return bits === 64 ? new Float64Array(length) : new Float32Array(length);
  if (kind === 'int') return bits === 32 ? new Int32Array(length) : new Int16Array(length);
  return bits === 32 ? new Uint32Array(length) : bits === 16 ? new Uint16Array(length) : new Uint8Array(length);
}

/** Views `bytes` (host order, length a multiple of the sample size) as samples of the right type. */
function viewAs(kind: SampleKind, bits: number, bytes: Uint8Array): BandArray {
  const n = bytes.byteLength / (bits / 8);
  const aligned = bytes.byteOffset % (bits / 8) === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset } = aligned;
  if (kind === 'float') return bits === 64 ? new Float64Array(buffer, byteOffset, n) : new Float32Array(buffer, byteOffset, n);
  if (kind === 'int') return bits === 32 ? new Int32Array(buffer, byteOffset, n) : new Int16Array(buffer, byteOffset, n);
  return bits === 32 ? new Uint32Array(buffer, byteOffset, n) : bits === 16 ? new Uint16Array(buffer, byteOffset, n) : new Uint8Array(buffer, byteOffset, n);
}

/**
 * Undoes the floating-point predictor (3) in place on one row: byte-wise accumulation with the
 * given stride, then un-shuffling the byte planes (stored most significant first) into
 * little-endian samples. Its output is host order whatever the file's byte order.
 */
function undoFloatPredictorRow(row: Uint8Array, stride: number, bytesPerSample: number, scratch: Uint8Array): void {
  for (let i = stride; i < row.length; i++) row[i] = (row[i] as number) + (row[i - stride] as number);
  scratch.set(row);
  const samples = row.length / bytesPerSample;
  for (let s = 0; s < samples; s++) {
    for (let b = 0; b < bytesPerSample; b++) row[s * bytesPerSample + b] = scratch[(bytesPerSample - b - 1) * samples + s] as number;
  }
}

/**
 * Decoded block bytes (file byte order, as the codec produced them) → `interleavedBands` typed
 * arrays of `width × rows` samples. `interleavedBands` is the samples per pixel for
 * pixel-interleaved blocks, 1 for a band-separate (planar) block. The input may be modified.
 */
export function blockToBands(bytes: Uint8Array, width: number, rows: number, interleavedBands: number, layout: SampleLayout): BandArray[] {
  const bytesPerSample = layout.bitsPerSample / 8;
  const rowBytes = width * interleavedBands * bytesPerSample;
  const data = bytes.subarray(0, rowBytes * rows);
  let samples: BandArray;
  if (layout.predictor === 3) {
    const scratch = new Uint8Array(rowBytes);
    for (let r = 0; r < rows; r++) undoFloatPredictorRow(data.subarray(r * rowBytes, (r + 1) * rowBytes), interleavedBands, bytesPerSample, scratch);
    samples = viewAs(layout.sampleKind, layout.bitsPerSample, data);
  } else {
    // Host is little-endian (checked at load): swap big-endian samples to host order first.
    if (!layout.littleEndian && bytesPerSample > 1) {
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (bytesPerSample === 2) buf.swap16();
      else if (bytesPerSample === 4) buf.swap32();
      else buf.swap64();
    }
    samples = viewAs(layout.sampleKind, layout.bitsPerSample, data);
  }

  const pixels = width * rows;
  const bands: BandArray[] = [];
  if (interleavedBands === 1) bands.push(samples);
  else {
    for (let b = 0; b < interleavedBands; b++) {
      const band = bandArray(layout.sampleKind, layout.bitsPerSample, pixels);
      for (let p = 0, s = b; p < pixels; p++, s += interleavedBands) band[p] = samples[s] as number;
      bands.push(band);
    }
  }
  if (layout.predictor === 2) {
    // Horizontal differencing per band; typed-array stores wrap modulo 2^bits like libtiff's sums.
    for (const band of bands) {
      for (let r = 0; r < rows; r++) {
        const start = r * width;
        for (let c = 1; c < width; c++) band[start + c] = (band[start + c] as number) + (band[start + c - 1] as number);
      }
    }
  }
  return bands;
}
