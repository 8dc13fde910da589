// Minimal BMP decoder for the unreferenced SAR benchmark images: uncompressed 8-bit (palette)
// and 24/32-bit, bottom-up or top-down. Anything else is rejected, not guessed.
import { InputError } from '../../core/errors.js';

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** One plane per channel, row-major, top row first (8-bit palette images give R, G, B). */
  readonly channels: Uint8Array[];
}

export function decodeBmp(buf: Uint8Array, name = 'BMP'): DecodedImage {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 54 || buf[0] !== 0x42 || buf[1] !== 0x4d) throw new InputError('FILE_UNREADABLE', `${name}: not a BMP file`);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitCount = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width * height > 64 * 1024 * 1024) throw new InputError('FILE_UNREADABLE', `${name}: bad BMP size ${width}×${rawHeight}`);
  if (compression !== 0 || (bitCount !== 8 && bitCount !== 24 && bitCount !== 32)) {
    throw new InputError('FILE_UNREADABLE', `${name}: unsupported BMP (${bitCount}-bit, compression ${compression})`);
  }
  const rowBytes = Math.ceil((width * bitCount) / 32) * 4;
  if (dataOffset + rowBytes * height > buf.length) throw new InputError('FILE_UNREADABLE', `${name}: truncated BMP`);
  const channels = [new Uint8Array(width * height), new Uint8Array(width * height), new Uint8Array(width * height)];
  const paletteOffset = 14 + headerSize;
  for (let r = 0; r < height; r++) {
    const srcRow = rawHeight > 0 ? height - 1 - r : r;
    const base = dataOffset + srcRow * rowBytes;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      let p: number;
      if (bitCount === 8) {
        p = paletteOffset + 4 * buf[base + c];
        if (p + 3 > dataOffset) throw new InputError('FILE_UNREADABLE', `${name}: palette index out of range`);
      } else p = base + c * (bitCount / 8);
      channels[0][i] = buf[p + 2];
      channels[1][i] = buf[p + 1];
      channels[2][i] = buf[p];
    }
  }
  return { width, height, channels };
}
