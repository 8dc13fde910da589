// Inflates a file's DEFLATE blocks one after another into ONE reused output buffer with ONE reused
// zlib stream. `inflateSync` sets up a new stream and a fresh block-sized buffer per call; on a
// 2 MiB block the fresh buffer's page faults and the stream set-up cost ~15 % of the inflate
// (290 → 340 MB/s per core on the 10980² Sentinel-2-like pair, PERFORMANCE.md's decode floor).
//
// Node has no public API for "inflate into this buffer", so this drives the stream's native handle
// the way Node's own `inflateSync` does (`_handle.writeSync` + `_writeState`). If a Node release
// drops those internals, `BlockInflater.supported` is false and the reader keeps `inflateSync`.
import zlib from 'node:zlib';

interface NativeZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
interface StreamInternals {
  _handle?: NativeZlibHandle | null;
  _writeState?: Uint32Array;
}

export class BlockInflater {
  private stream: zlib.Inflate | null = null;
  /** Output of the last `inflate`: valid until the next call. */
  readonly out: Uint8Array;

  /**
   * `capacityBytes`: the most a block may inflate to; more is reported as overflow (a bomb).
   * `into`: a caller's buffer of at least that many bytes to inflate into, else one of its own.
   */
  constructor(readonly capacityBytes: number, into?: Uint8Array) {
    if (into && into.byteLength < capacityBytes) throw new RangeError(`BlockInflater: target holds ${into.byteLength} of ${capacityBytes} bytes`);
    this.out = into ?? new Uint8Array(capacityBytes);
  }

  /** Whether this Node's zlib streams expose the native handle (checked once per process). */
  static readonly supported: boolean = (() => {
    const s = new zlib.Inflate() as zlib.Inflate & StreamInternals;
    const ok = typeof s._handle?.writeSync === 'function' && s._writeState instanceof Uint32Array;
    s.close();
    return ok;
  })();

  /**
   * Inflates a whole zlib stream into `out`. Returns the bytes written, 'overflow' when the data
   * would exceed the capacity, or 'invalid' when zlib rejects it (the caller re-runs the block
   * through `inflateSync` for the exact message: failures are rare, their text matters).
   */
  inflate(compressed: Uint8Array): number | 'overflow' | 'invalid' {
    const stream = this.ready();
    const internals = stream as zlib.Inflate & StreamInternals;
    internals._handle!.writeSync(zlib.constants.Z_FINISH, compressed, 0, compressed.byteLength, this.out, 0, this.capacityBytes);
    // An error destroys the stream synchronously (Node's zlib error handler): start a new one next time.
    if (stream.destroyed || !internals._handle) {
      this.stream = null;
      return 'invalid';
    }
    const outLeft = internals._writeState![0]!;
    // A full buffer under Z_FINISH means the stream did not end inside the capacity.
    if (outLeft === 0) return 'overflow';
    return this.capacityBytes - outLeft;
  }

  close(): void {
    this.stream?.close();
    this.stream = null;
  }

  private ready(): zlib.Inflate {
    if (this.stream) {
      this.stream.reset();
      return this.stream;
    }
    const s = new zlib.Inflate();
    // The destroyed stream also emits 'error' on the next tick: swallowed here, reported by `inflate`.
    s.on('error', () => {});
    this.stream = s;
    return s;
  }
}
