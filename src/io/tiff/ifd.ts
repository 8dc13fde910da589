// Low-level TIFF/BigTIFF structure reader over a byte source (file or URL): header, IFD chain
// (with a visited-offset set and a cap, because a self-referencing IFD hangs geotiff.js), and tag
// values. Reads only the bytes it is asked for, each read bounds-checked against the file size.
import { createHash, type Hash } from 'node:crypto';
import { InputError } from '../../core/errors.js';
import type { ByteSource } from './byte-source.js';
import { FIELD_TYPE_BYTES } from './tags.js';

export interface TiffHeader {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly firstIfdOffset: number;
}

export interface IfdEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Where the value bytes are: inside the entry itself, or at an offset in the file. */
  readonly valueOffset: number;
  /** The value bytes when they fit inside the entry (4 bytes, 8 in BigTIFF), else null. */
  readonly inline: Buffer | null;
}

export type Ifd = ReadonlyMap<number, IfdEntry>;

/** Most entries any sane IFD has; libtiff knows ~100 tags. Guards the entry-table read. */
const MAX_ENTRIES_PER_IFD = 4096;
/** Largest out-of-line tag value we read (offset arrays of huge stripped files stay far below). */
const MAX_TAG_VALUE_BYTES = 64 * 1024 * 1024;

export class TiffFile {
  /** SHA-256 over every (offset, length, bytes) read so far, in read order. */
  private readonly structure: Hash = createHash('sha256');

  readonly fileBytes: number;

  constructor(private readonly source: ByteSource) {
    this.fileBytes = source.sizeBytes;
  }

  /** Reads exactly `length` bytes at `offset`, or rejects the file as truncated. */
  async bytesAt(offset: number, length: number, what: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.fileBytes) {
      throw new InputError('TIFF_TRUNCATED', `${what} lies outside the file (offset ${offset}, ${length} bytes, file ${this.fileBytes} bytes)`, {
        offset,
        length,
        fileBytes: this.fileBytes,
      });
    }
    const bytes = await this.source.read(offset, length);
    if (bytes.byteLength !== length) throw new InputError('TIFF_TRUNCATED', `short read of ${what} at offset ${offset}`, { offset, length });
    this.structure.update(`${offset}+${length}:`).update(bytes);
    // A copy: tag values outlive this read, and a source may hand out views on a shared buffer.
    return Buffer.from(bytes);
  }

  /**
   * Digest of the header and IFD bytes read so far. Reads are made in a fixed order by preflight, so
   * an unchanged file gives the same digest; any change to its structure (block sizes, offsets,
   * tags) changes it.
   */
  structureSha256(): string {
    return this.structure.copy().digest('hex');
  }
}

function readUint64(buf: Buffer, pos: number, le: boolean): number {
  const v = le ? buf.readBigUInt64LE(pos) : buf.readBigUInt64BE(pos);
  // Offsets past 2^53 cannot point into any file we accept; make them fail the bounds check.
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

export async function readHeader(file: TiffFile): Promise<TiffHeader> {
  if (file.fileBytes < 8) throw new InputError('TIFF_NOT_TIFF', `file is ${file.fileBytes} bytes, too short for a TIFF header`);
  const head = await file.bytesAt(0, Math.min(16, file.fileBytes), 'header');
  const order = head.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') throw new InputError('TIFF_NOT_TIFF', 'not a TIFF: byte-order mark is neither II nor MM');
  const le = order === 'II';
  const magic = le ? head.readUInt16LE(2) : head.readUInt16BE(2);
  if (magic === 42) {
    return { littleEndian: le, bigTiff: false, firstIfdOffset: le ? head.readUInt32LE(4) : head.readUInt32BE(4) };
  }
  if (magic === 43) {
    if (head.length < 16) throw new InputError('TIFF_TRUNCATED', 'BigTIFF header is cut short');
    const offsetBytes = le ? head.readUInt16LE(4) : head.readUInt16BE(4);
    if (offsetBytes !== 8) throw new InputError('TIFF_NOT_TIFF', `BigTIFF header declares ${offsetBytes}-byte offsets (must be 8)`);
    return { littleEndian: le, bigTiff: true, firstIfdOffset: readUint64(head, 8, le) };
  }
  throw new InputError('TIFF_NOT_TIFF', `not a TIFF: magic number ${magic} (expected 42 or 43)`);
}

interface ParsedIfd {
  readonly entries: Ifd;
  readonly nextOffset: number;
}

async function readIfdAt(file: TiffFile, header: TiffHeader, offset: number): Promise<ParsedIfd> {
  const le = header.littleEndian;
  const countBytes = header.bigTiff ? 8 : 2;
  const entryBytes = header.bigTiff ? 20 : 12;
  const inlineBytes = header.bigTiff ? 8 : 4;
  const countBuf = await file.bytesAt(offset, countBytes, 'IFD entry count');
  const count = header.bigTiff ? readUint64(countBuf, 0, le) : le ? countBuf.readUInt16LE(0) : countBuf.readUInt16BE(0);
  if (count === 0 || count > MAX_ENTRIES_PER_IFD) {
    throw new InputError('TIFF_BAD_TAG', `IFD at offset ${offset} declares ${count} entries`, { offset, count });
  }
  const tableBytes = count * entryBytes + (header.bigTiff ? 8 : 4);
  const table = await file.bytesAt(offset + countBytes, tableBytes, 'IFD entry table');
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < count; i++) {
    const p = i * entryBytes;
    const tag = le ? table.readUInt16LE(p) : table.readUInt16BE(p);
    const type = le ? table.readUInt16LE(p + 2) : table.readUInt16BE(p + 2);
    const valueCount = header.bigTiff ? readUint64(table, p + 4, le) : le ? table.readUInt32LE(p + 4) : table.readUInt32BE(p + 4);
    const valuePos = p + (header.bigTiff ? 12 : 8);
    const typeBytes = FIELD_TYPE_BYTES[type];
    // Unknown field types are legal for tags we never read; keep them out of the map.
    if (typeBytes === undefined) continue;
    const byteLength = typeBytes * valueCount;
    const inline = byteLength <= inlineBytes ? Buffer.from(table.subarray(valuePos, valuePos + inlineBytes)) : null;
    const valueOffset = inline
      ? offset + countBytes + valuePos
      : header.bigTiff
        ? readUint64(table, valuePos, le)
        : le
          ? table.readUInt32LE(valuePos)
          : table.readUInt32BE(valuePos);
    if (!entries.has(tag)) entries.set(tag, { tag, type, count: valueCount, valueOffset, inline });
  }
  const nextPos = count * entryBytes;
  const nextOffset = header.bigTiff ? readUint64(table, nextPos, le) : le ? table.readUInt32LE(nextPos) : table.readUInt32BE(nextPos);
  return { entries, nextOffset };
}

/**
 * Walks the whole IFD chain and returns the first IFD plus the number of IFDs. Every IFD is
 * parsed (so a corrupt overview is found now, not mid-scan); a revisited offset is a loop.
 */
export async function walkIfds(file: TiffFile, header: TiffHeader, maxIfds: number): Promise<{ first: Ifd; ifdCount: number }> {
  const visited = new Set<number>();
  let offset = header.firstIfdOffset;
  let first: Ifd | null = null;
  if (offset === 0) throw new InputError('TIFF_BAD_TAG', 'the TIFF has no image (first IFD offset is 0)');
  while (offset !== 0) {
    if (visited.has(offset)) throw new InputError('TIFF_IFD_LOOP', `IFD chain loops back to offset ${offset}`, { offset });
    if (visited.size >= maxIfds) throw new InputError('TIFF_TOO_MANY_IFDS', `more than ${maxIfds} IFDs`, { maxIfds });
    visited.add(offset);
    const ifd = await readIfdAt(file, header, offset);
    first ??= ifd.entries;
    offset = ifd.nextOffset;
  }
  return { first: first as Ifd, ifdCount: visited.size };
}

/** Reads a numeric tag as plain numbers (integers, rationals as quotients, floats). */
export async function readNumbers(file: TiffFile, header: TiffHeader, entry: IfdEntry, maxCount: number): Promise<number[]> {
  if (entry.count > maxCount) {
    throw new InputError('TIFF_BAD_TAG', `tag ${entry.tag} has ${entry.count} values (at most ${maxCount} expected)`, { tag: entry.tag, count: entry.count });
  }
  const size = FIELD_TYPE_BYTES[entry.type] as number;
  const byteLength = size * entry.count;
  if (byteLength > MAX_TAG_VALUE_BYTES) throw new InputError('TIFF_BAD_TAG', `tag ${entry.tag} value is ${byteLength} bytes`, { tag: entry.tag });
  const buf = entry.inline ?? (await file.bytesAt(entry.valueOffset, byteLength, `value of tag ${entry.tag}`));
  const le = header.littleEndian;
  const out = new Array<number>(entry.count);
  for (let i = 0; i < entry.count; i++) {
    const p = i * size;
    switch (entry.type) {
      case 1: case 2: case 7: out[i] = buf.readUInt8(p); break;
      case 6: out[i] = buf.readInt8(p); break;
      case 3: out[i] = le ? buf.readUInt16LE(p) : buf.readUInt16BE(p); break;
      case 8: out[i] = le ? buf.readInt16LE(p) : buf.readInt16BE(p); break;
      case 4: case 13: out[i] = le ? buf.readUInt32LE(p) : buf.readUInt32BE(p); break;
      case 9: out[i] = le ? buf.readInt32LE(p) : buf.readInt32BE(p); break;
      case 5: out[i] = (le ? buf.readUInt32LE(p) : buf.readUInt32BE(p)) / (le ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p + 4)); break;
      case 10: out[i] = (le ? buf.readInt32LE(p) : buf.readInt32BE(p)) / (le ? buf.readInt32LE(p + 4) : buf.readInt32BE(p + 4)); break;
      case 11: out[i] = le ? buf.readFloatLE(p) : buf.readFloatBE(p); break;
      case 12: out[i] = le ? buf.readDoubleLE(p) : buf.readDoubleBE(p); break;
      case 16: case 18: out[i] = readUint64(buf, p, le); break;
      case 17: out[i] = Number(le ? buf.readBigInt64LE(p) : buf.readBigInt64BE(p)); break;
      default: throw new InputError('TIFF_BAD_TAG', `tag ${entry.tag} has field type ${entry.type}`, { tag: entry.tag });
    }
  }
  return out;
}

/** Reads an ASCII tag (NUL-terminated), capped at `maxBytes`. */
export async function readAscii(file: TiffFile, entry: IfdEntry, maxBytes: number): Promise<string> {
  if (entry.type !== 2 && entry.type !== 7 && entry.type !== 1) {
    throw new InputError('TIFF_BAD_TAG', `tag ${entry.tag} should be ASCII, has field type ${entry.type}`, { tag: entry.tag });
  }
  if (entry.count > maxBytes) throw new InputError('TIFF_BAD_TAG', `tag ${entry.tag} is ${entry.count} bytes of text`, { tag: entry.tag });
  const buf = entry.inline ?? (await file.bytesAt(entry.valueOffset, entry.count, `value of tag ${entry.tag}`));
  const text = buf.toString('latin1', 0, entry.count);
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}
