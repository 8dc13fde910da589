// LZW and PackBits decoders that write into a fixed-size output and stop at a byte cap. geotiff.js's
// own versions push every byte onto a JS array: a corrupt 27 KB LZW tile grew one to 169 M elements
// and V8 aborted the process ("invalid size error") — uncatchable, so they must never run.
import { InputError } from '../../core/errors.js';

function bomb(codec: string, maxBytes: number, compressedBytes: number): InputError {
  return new InputError('TIFF_DECOMPRESSION_BOMB', `a ${codec} block decodes beyond its declared size (${maxBytes} bytes)`, { maxBytes, compressedBytes });
}

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const MAX_WIDTH = 12;
const TABLE_SIZE = 4096;

/**
 * TIFF LZW (MSB-first codes, 9–12 bits, "early change"). Decodes at most `maxBytes` bytes and
 * throws TIFF_DECOMPRESSION_BOMB beyond; a stream cut short returns what it decoded.
 */
export function decodeLzw(input: Uint8Array, maxBytes: number): Uint8Array {
  const prefix = new Uint16Array(TABLE_SIZE);
  const suffix = new Uint8Array(TABLE_SIZE);
  const length = new Uint16Array(TABLE_SIZE);
  const first = new Uint8Array(TABLE_SIZE);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  const out = new Uint8Array(maxBytes);
  let pos = 0;
  let width = 9;
  let next = FIRST_FREE;
  let old = -1;
  let bitPos = 0;
  const totalBits = input.length * 8;

  const emit = (code: number): void => {
    const len = length[code] as number;
    if (pos + len > maxBytes) throw bomb('LZW', maxBytes, input.length);
    let c = code;
    for (let i = pos + len - 1; i >= pos; i--) {
      out[i] = suffix[c] as number;
      c = prefix[c] as number;
    }
    pos += len;
  };
  const add = (prefixCode: number, ch: number): void => {
    if (next >= TABLE_SIZE) return;
    prefix[next] = prefixCode;
    suffix[next] = ch;
    length[next] = (length[prefixCode] as number) + 1;
    first[next] = first[prefixCode] as number;
    next++;
  };

  while (bitPos + width <= totalBits) {
    const byte = bitPos >>> 3;
    const chunk = ((input[byte] as number) << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0);
    const code = (chunk >>> (24 - (bitPos & 7) - width)) & ((1 << width) - 1);
    bitPos += width;
    if (code === EOI) break;
    if (code === CLEAR) {
      width = 9;
      next = FIRST_FREE;
      old = -1;
      continue;
    }
    if (old === -1) {
      if (code > 255) throw new Error(`LZW: code ${code} follows a clear code`);
      emit(code);
    } else if (code < next) {
      emit(code);
      add(old, first[code] as number);
    } else if (code === next) {
      add(old, first[old] as number);
      emit(code);
    } else {
      throw new Error(`LZW: code ${code} is not in the table (${next} entries)`);
    }
    old = code;
    if (next >= (1 << width) - 1 && width < MAX_WIDTH) width++;
  }
  return out.subarray(0, pos);
}

/** PackBits run-length decoding, at most `maxBytes` bytes (TIFF_DECOMPRESSION_BOMB beyond). */
export function decodePackBits(input: Uint8Array, maxBytes: number): Uint8Array {
  const out = new Uint8Array(maxBytes);
  let pos = 0;
  let i = 0;
  while (i < input.length) {
    const header = ((input[i++] as number) << 24) >> 24;
    if (header >= 0) {
      const n = Math.min(header + 1, input.length - i);
      if (pos + n > maxBytes) throw bomb('PackBits', maxBytes, input.length);
      out.set(input.subarray(i, i + n), pos);
      pos += n;
      i += n;
    } else if (header !== -128 && i < input.length) {
      const n = 1 - header;
      if (pos + n > maxBytes) throw bomb('PackBits', maxBytes, input.length);
      out.fill(input[i++] as number, pos, pos + n);
      pos += n;
    }
  }
  return out.subarray(0, pos);
}
