// Per-pixel float32 triples (a streamed scan's change terms) kept in a temporary file instead of
// memory: written once in pixel order, read back in the same order as often as needed. The file
// lives in the page cache, not the process, so a whole tile's terms cost disk, not RSS. Reading
// them back a chunk or a triple at a time is kept-terms.ts's, the same for terms kept in memory.
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Triples per write (and per read, for kept-terms.ts): 3 × 4 B × 64 Ki = 768 KiB of buffer. */
export const TERM_CHUNK_TRIPLES = 65_536;
const BYTES_PER_TRIPLE = 12;

/*
 * Why a spill file at all: the agreement default needs ten passes of exact window statistics over
 * three terms per pixel. A corridor window's terms fit in memory; a whole 10980² tile's are
 * 1.45 GB, and recomputing them (11×11 and 5×5 box sums of four bands) was ~50 s a pass. Reading
 * them back from a file in the page cache costs ~1 s a pass.
 */

/** statfs type of tmpfs and ramfs: a "file" there is memory (or swap), not page cache. */
const MEMORY_FILESYSTEMS = new Set([0x01021994, 0x858458f6]);

/**
 * Whether `dir` can take `bytes` of spill: on a disk (not tmpfs — Debian mounts /tmp as tmpfs, and
 * 1.45 GB there is RAM the memory budget never sees), with room for twice the spill plus 1 GiB so
 * that parallel scans and the rest of the system are not starved of disk.
 */
export function spillFits(dir: string, bytes: number): boolean {
  try {
    const fs = statfsSync(dir);
    return !isMemoryFilesystem(fs) && fs.bavail * fs.bsize >= 2 * bytes + 2 ** 30;
  } catch {
    return false;
  }
}

/** Whether a folder (or its statfs) is on tmpfs or ramfs: a spill there would be memory. */
export function isMemoryFilesystem(dir: string | { readonly type: number }): boolean {
  return MEMORY_FILESYSTEMS.has((typeof dir === 'string' ? statfsSync(dir) : dir).type);
}

/** Where spills go when BW_SPILL_DIR is unset: /var/tmp (disk by convention), else the OS temp dir. */
export function diskSpillDir(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
}

export class TermSpill {
  readonly where = 'file';
  /** Triples written. */
  count = 0;
  private readonly fd: number;
  private readonly buf = new Float32Array(TERM_CHUNK_TRIPLES * 3);
  private readonly bytes = new Uint8Array(this.buf.buffer);
  private buffered = 0;

  /** False once a write failed (a full disk): the caller drops the spill and recomputes. */
  ok = true;

  /**
   * A new spill file under `parent`. The file is unlinked as soon as it is open: only the
   * descriptor holds it, so nothing is left on disk however the process ends. `openFile` opens
   * the path for reading and writing (a spec passes one that opens /dev/full: a disk that is full).
   */
  constructor(parent: string, openFile: (path: string) => number = (path) => openSync(path, 'w+')) {
    const dir = mkdtempSync(join(parent, 'borderwatch-terms-'));
    try {
      this.fd = openFile(join(dir, 'terms.f32'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  append(a: number, b: number, c: number): void {
    const k = this.buffered * 3;
    this.buf[k] = a;
    this.buf[k + 1] = b;
    this.buf[k + 2] = c;
    this.count++;
    if (++this.buffered === TERM_CHUNK_TRIPLES) this.flush();
  }

  /** Ends writing: every appended triple is in the file. */
  endWrite(): void {
    this.flush();
  }

  /**
   * The triples from `startTriple` on, at most into.length / 3 of them, read into `into`: the
   * returned view of `into` holds them one after another (empty past the last triple).
   */
  readChunk(startTriple: number, into: Float32Array): Float32Array {
    const n = Math.max(0, Math.min(Math.floor(into.length / 3), this.count - startTriple));
    readFully(this.fd, new Uint8Array(into.buffer, into.byteOffset, n * BYTES_PER_TRIPLE), n * BYTES_PER_TRIPLE, startTriple * BYTES_PER_TRIPLE);
    return into.subarray(0, 3 * n);
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffered === 0 || !this.ok) {
      this.buffered = 0;
      return;
    }
    const length = this.buffered * BYTES_PER_TRIPLE;
    let written = 0;
    const position = (this.count - this.buffered) * BYTES_PER_TRIPLE;
    try {
      while (written < length) written += writeSync(this.fd, this.bytes, written, length - written, position + written);
    } catch {
      this.ok = false;
    }
    this.buffered = 0;
  }
}

function readFully(fd: number, into: Uint8Array, length: number, position: number): void {
  let read = 0;
  while (read < length) {
    const n = readSync(fd, into, read, length - read, position + read);
    if (n === 0) throw new Error('TermSpill: the spill file ended early');
    read += n;
  }
}
