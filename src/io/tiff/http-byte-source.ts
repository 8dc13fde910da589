// A tile's bytes from an http(s) object store with `Range: bytes=a-b` GETs (Node's fetch): the
// head of the object is fetched once and kept (header and IFDs of a cloud-optimised GeoTIFF live
// there), small reads elsewhere go by cached head-sized pages, block reads ask for exactly their bytes. Each request has a timeout; transient
// failures (5xx, 429, resets, timeouts, cut bodies) are retried with backoff. A server that ignores
// Range is refused rather than let it stream a whole object we asked a few blocks of.
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, isInputError } from '../../core/errors.js';
import type { ByteSource } from './byte-source.js';
import { isStrongEtag, parseContentRange, rangeStatusVerdict, retryDelayMs } from './http-range.js';

export interface HttpSourceOptions {
  /** Per request, headers and body together. */
  readonly timeoutMs?: number;
  /** Tries per read, the first included. */
  readonly attempts?: number;
  /** Base of the exponential backoff between tries. */
  readonly backoffMs?: number;
  /** Bytes fetched by the first request and kept: a COG's header and IFDs sit at its start. */
  readonly headBytes?: number;
  /** Extra request headers (e.g. Authorization for a private bucket). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the server says about the version of the object we read (for the tile's identity). */
export interface RemoteValidators {
  readonly etag: string | null;
  readonly strongEtag: boolean;
  readonly lastModified: string | null;
}

export interface HttpByteSource extends ByteSource {
  readonly validators: RemoteValidators;
}

/**
 * A read that failed only for now (server down through every retry, or the object replaced while
 * we read it): not an input fault, so a batch retries the job rather than reject the tile.
 */
export class RemoteReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemoteReadError';
  }
}

const DEFAULTS = { timeoutMs: 30_000, attempts: 4, backoffMs: 250, headBytes: 16 * 1024 };

/** One try failed in a way another try may not. */
class Transient extends Error {}

interface RangeAnswer {
  readonly bytes: Uint8Array;
  readonly totalBytes: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** Reads at most `maxBytes` of the body; `overflow` when the server had more to send. */
async function readCapped(res: Response, maxBytes: number): Promise<{ bytes: Uint8Array; overflow: boolean }> {
  const out = new Uint8Array(maxBytes);
  let n = 0;
  if (!res.body) return { bytes: out.subarray(0, 0), overflow: false };
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: out.subarray(0, n), overflow: false };
    if (n + value.byteLength > maxBytes) {
      await reader.cancel();
      return { bytes: out.subarray(0, n), overflow: true };
    }
    out.set(value, n);
    n += value.byteLength;
  }
}

function discard(res: Response): Promise<void> {
  return res.body ? res.body.cancel().catch(() => undefined) : Promise.resolve();
}

class HttpRangeReader {
  private readonly opts: Required<Omit<HttpSourceOptions, 'headers'>> & { headers: Readonly<Record<string, string>> };

  constructor(readonly url: string, options: HttpSourceOptions) {
    this.opts = { ...DEFAULTS, headers: {}, ...options };
    for (const k of ['timeoutMs', 'attempts', 'backoffMs', 'headBytes'] as const) {
      if (!Number.isFinite(this.opts[k]) || this.opts[k] <= 0) throw new RangeError(`http source option ${k} must be positive, got ${this.opts[k]}`);
    }
  }

  get headBytes(): number {
    return this.opts.headBytes;
  }

  /** Bytes [start, end] (inclusive), retried on transient failures. */
  async fetchRange(start: number, end: number, allowWhole: boolean): Promise<RangeAnswer> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      if (attempt > 1) await sleep(retryDelayMs(attempt - 1, this.opts.backoffMs, Math.random()));
      try {
        return await this.once(start, end, allowWhole);
      } catch (err) {
        if (isInputError(err) || err instanceof RemoteReadError) throw err;
        last = err;
      }
    }
    const why = last instanceof Error ? last.message : String(last);
    throw new RemoteReadError(`${this.url}: bytes ${start}-${end} unreadable after ${this.opts.attempts} tries (${why})`, { cause: last });
  }

  private async once(start: number, end: number, allowWhole: boolean): Promise<RangeAnswer> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        headers: { ...this.opts.headers, range: `bytes=${start}-${end}`, 'accept-encoding': 'identity' },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new Transient(`request failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
    }
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    const verdict = rangeStatusVerdict(res.status);
    const wanted = end - start + 1;
    try {
      switch (verdict.kind) {
        case 'rejected':
          await discard(res);
          throw new InputError(verdict.code, `${this.url}: the server answered HTTP ${res.status}`, { url: this.url, status: res.status });
        case 'transient':
          await discard(res);
          throw new Transient(`HTTP ${res.status}`);
        case 'unsatisfiable': {
          await discard(res);
          // Only an empty object makes our first range unsatisfiable; preflight then rejects it.
          const cr = parseContentRange(res.headers.get('content-range'));
          if (start === 0 && cr?.totalBytes === 0) return { bytes: new Uint8Array(0), totalBytes: 0, etag, lastModified };
          throw new InputError('URL_UNREADABLE', `${this.url}: the server cannot serve bytes ${start}-${end} (HTTP 416)`, { url: this.url });
        }
        case 'whole': {
          // Accept a whole body only when it is no more than we asked for (a small object).
          const declared = Number(res.headers.get('content-length') ?? NaN);
          if (!allowWhole || declared > wanted) {
            await discard(res);
            throw this.noRanges(declared);
          }
          const { bytes, overflow } = await readCapped(res, wanted);
          if (overflow) throw this.noRanges(Number.NaN);
          if (Number.isFinite(declared) && bytes.byteLength !== declared) throw new Transient(`body cut at ${bytes.byteLength} of ${declared} bytes`);
          return { bytes, totalBytes: bytes.byteLength, etag, lastModified };
        }
        case 'partial': {
          const cr = parseContentRange(res.headers.get('content-range'));
          if (!cr || cr.start !== start || cr.end === null || cr.totalBytes === null || cr.end > end || (cr.end < end && cr.end !== cr.totalBytes - 1)) {
            await discard(res);
            throw new InputError('URL_UNREADABLE', `${this.url}: asked for bytes ${start}-${end}, the server sent Content-Range ${JSON.stringify(res.headers.get('content-range'))}`, { url: this.url });
          }
          const expect = cr.end - cr.start + 1;
          const { bytes, overflow } = await readCapped(res, expect);
          if (overflow) throw new InputError('URL_UNREADABLE', `${this.url}: the server sent more than the ${expect} bytes its Content-Range announced`, { url: this.url });
          if (bytes.byteLength < expect) throw new Transient(`body cut at ${bytes.byteLength} of ${expect} bytes`);
          return { bytes, totalBytes: cr.totalBytes, etag, lastModified };
        }
      }
    } catch (err) {
      if (err instanceof InputError || err instanceof Transient) throw err;
      // A body stream that breaks (reset, timeout) mid-read.
      throw new Transient(`reading the body: ${(err as Error).message}`);
    }
  }

  private noRanges(declaredBytes: number): InputError {
    const size = Number.isFinite(declaredBytes) ? ` (${declaredBytes} bytes)` : '';
    return new InputError('URL_RANGES_UNSUPPORTED', `${this.url}: the server ignores range requests and sends the whole object${size}; serve it from a store that supports HTTP Range`, { url: this.url });
  }
}

/** Small-read pages kept besides the head (8 × 16 KiB): IFDs and tag arrays written after the pixels. */
const MAX_CACHED_PAGES = 8;

class RemoteSource implements HttpByteSource {
  /** Page index → its bytes; page 0 is the head. Insertion order is recency (LRU). */
  private readonly pages = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly reader: HttpRangeReader,
    private readonly head: Uint8Array,
    readonly sizeBytes: number,
    readonly validators: RemoteValidators,
  ) {}

  get location(): string {
    return this.reader.url;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.sizeBytes) {
      throw new InputError('TIFF_TRUNCATED', `bytes ${offset}+${length} lie outside the ${this.sizeBytes}-byte object ${this.location}`, { offset, length });
    }
    if (length === 0) return new Uint8Array(0);
    if (offset + length <= this.head.byteLength) return this.head.subarray(offset, offset + length);
    const pageBytes = this.reader.headBytes;
    const first = Math.floor(offset / pageBytes);
    const last = Math.floor((offset + length - 1) / pageBytes);
    // Structure reads of a TIFF whose IFDs are not at its start (not a COG) are dozens of tiny
    // reads near each other: one page each would be one round trip per tag. Blocks go exact.
    if (length < pageBytes && last - first <= 1) {
      const out = new Uint8Array(length);
      for (let p = first; p <= last; p++) {
        const page = await this.page(p);
        const from = Math.max(offset, p * pageBytes);
        const to = Math.min(offset + length, (p + 1) * pageBytes);
        out.set(page.subarray(from - p * pageBytes, to - p * pageBytes), from - offset);
      }
      return out;
    }
    return this.fetchChecked(offset, offset + length - 1);
  }

  private page(index: number): Promise<Uint8Array> {
    if (index === 0) return Promise.resolve(this.head);
    const hit = this.pages.get(index);
    if (hit) {
      this.pages.delete(index);
      this.pages.set(index, hit);
      return hit;
    }
    const pageBytes = this.reader.headBytes;
    const start = index * pageBytes;
    const fetched = this.fetchChecked(start, Math.min(this.sizeBytes, start + pageBytes) - 1);
    this.pages.set(index, fetched);
    fetched.catch(() => this.pages.delete(index));
    while (this.pages.size > MAX_CACHED_PAGES) this.pages.delete(this.pages.keys().next().value!);
    return fetched;
  }

  private async fetchChecked(start: number, end: number): Promise<Uint8Array> {
    const answer = await this.reader.fetchRange(start, end, false);
    this.checkSameObject(answer);
    return answer.bytes;
  }

  /** Every answer must come from the version we preflighted, or the blocks would not match the IFD. */
  private checkSameObject(answer: RangeAnswer): void {
    const before = this.validators.etag;
    if (answer.totalBytes !== this.sizeBytes || (before !== null && answer.etag !== null && answer.etag !== before)) {
      throw new RemoteReadError(
        `${this.location} changed while it was being read (size ${this.sizeBytes} → ${answer.totalBytes}, ETag ${before} → ${answer.etag})`,
      );
    }
  }

  async close(): Promise<void> {
    // Nothing held open: fetch pools its own connections.
  }
}

/** Opens an http(s) object: one range request for its head, which also tells its size and version. */
export async function httpByteSource(url: string, options: HttpSourceOptions = {}): Promise<HttpByteSource> {
  try {
    new URL(url);
  } catch {
    throw new InputError('URL_UNREADABLE', `not a valid URL: ${url}`, { url });
  }
  const reader = new HttpRangeReader(url, options);
  const first = await reader.fetchRange(0, reader.headBytes - 1, true);
  const validators: RemoteValidators = { etag: first.etag, strongEtag: isStrongEtag(first.etag), lastModified: first.lastModified };
  return new RemoteSource(reader, first.bytes, first.totalBytes, validators);
}

/** The server's version headers when `source` is an http(s) object, else null. */
export function remoteValidators(source: ByteSource): RemoteValidators | null {
  return source instanceof RemoteSource ? source.validators : null;
}
