// Builds small, deliberately hostile classic little-endian TIFFs for the rejection tests:
// one IFD (or a chain), arbitrary tags, an optional next-IFD pointer (to make loops).
import { deflateSync } from 'node:zlib';

export interface RawTag {
  readonly tag: number;
  /** 3 = SHORT, 4 = LONG, 12 = DOUBLE, 2 = ASCII. */
  readonly type: 2 | 3 | 4 | 12;
  readonly values: readonly number[] | string;
}

const SIZE: Record<number, number> = { 2: 1, 3: 2, 4: 4, 12: 8 };

/**
 * A TIFF with one IFD at offset 8 holding `tags` (sorted here), followed by `payload`.
 * `payloadOffsetTag` gets the payload's offset; `nextIfd` is written as the IFD's next pointer.
 */
export function buildTiff(opts: { tags: RawTag[]; payload?: Uint8Array; payloadOffsetTag?: number; nextIfd?: number | 'self' }): Buffer {
  const tags = [...opts.tags].sort((a, b) => a.tag - b.tag);
  const ifdBytes = 2 + 12 * tags.length + 4;
  let cursor = 8 + ifdBytes;
  const outOfLine = new Map<number, number>();
  for (const t of tags) {
    const bytes = (SIZE[t.type] as number) * t.values.length;
    if (bytes > 4) {
      outOfLine.set(t.tag, cursor);
      cursor += bytes + (bytes % 2);
    }
  }
  const payloadAt = cursor;
  const out = Buffer.alloc(cursor + (opts.payload?.byteLength ?? 0));
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach((t, i) => {
    const p = 10 + 12 * i;
    const values = t.tag === opts.payloadOffsetTag ? [payloadAt] : t.values;
    out.writeUInt16LE(t.tag, p);
    out.writeUInt16LE(t.type, p + 2);
    out.writeUInt32LE(values.length, p + 4);
    const at = outOfLine.get(t.tag) ?? p + 8;
    if (outOfLine.has(t.tag)) out.writeUInt32LE(at, p + 8);
    if (typeof values === 'string') out.write(values, at, 'latin1');
    else values.forEach((v, k) => (t.type === 3 ? out.writeUInt16LE(v, at + 2 * k) : t.type === 4 ? out.writeUInt32LE(v, at + 4 * k) : out.writeDoubleLE(v, at + 8 * k)));
  });
  const next = opts.nextIfd === 'self' ? 8 : (opts.nextIfd ?? 0);
  out.writeUInt32LE(next, 10 + 12 * tags.length);
  if (opts.payload) out.set(opts.payload, payloadAt);
  return out;
}

/** Tags of a north-up EPSG:4326 single-band uint8 image with one strip. */
export function stripImageTags(width: number, height: number, compression: number, stripBytes: number): RawTag[] {
  return [
    { tag: 256, type: 4, values: [width] },
    { tag: 257, type: 4, values: [height] },
    { tag: 258, type: 3, values: [8] },
    { tag: 259, type: 3, values: [compression] },
    { tag: 262, type: 3, values: [1] },
    { tag: 273, type: 4, values: [0] },
    { tag: 277, type: 3, values: [1] },
    { tag: 278, type: 4, values: [height] },
    { tag: 279, type: 4, values: [stripBytes] },
    { tag: 33550, type: 12, values: [0.001, 0.001, 0] },
    { tag: 33922, type: 12, values: [0, 0, 0, 69, 42, 0] },
    { tag: 34735, type: 3, values: [1, 1, 0, 2, 1024, 0, 1, 2, 2048, 0, 1, 4326] },
  ];
}

/** A 256 × 256 uint8 image whose one DEFLATE strip inflates to `inflatedBytes` (a bomb if large). */
export function deflateBombTiff(inflatedBytes: number): Buffer {
  const stream = deflateSync(Buffer.alloc(inflatedBytes), { level: 9 });
  return buildTiff({ tags: stripImageTags(256, 256, 8, stream.byteLength), payload: stream, payloadOffsetTag: 273 });
}
