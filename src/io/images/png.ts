// PNG (and any format sharp reads) → 8-bit channel planes, for the unreferenced VHR eval patches.
import sharp from 'sharp';
import type { DecodedImage } from './bmp.js';

export async function readImageWithSharp(path: string): Promise<DecodedImage> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  if (data.length !== n * info.channels) throw new Error(`${path}: expected 8-bit samples`);
  const channels = Array.from({ length: info.channels }, () => new Uint8Array(n));
  for (let i = 0; i < n; i++) for (let c = 0; c < info.channels; c++) channels[c][i] = data[i * info.channels + c];
  return { width: info.width, height: info.height, channels };
}
