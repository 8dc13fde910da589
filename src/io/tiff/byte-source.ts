// Where a tile's bytes come from: a local file or an http(s) object read with range requests.
// Preflight, geotiff.js and content identity all read through this one small interface.
import { InputError } from '../../core/errors.js';
import { fileByteSource } from './byte-source-file.js';
import { httpByteSource, type HttpSourceOptions } from './http-byte-source.js';

export interface ByteSource {
  /** The path or URL the bytes come from (for messages and identity). */
  readonly location: string;
  /** Total size of the file or object, in bytes. */
  readonly sizeBytes: number;
  /**
   * Exactly the bytes [offset, offset + length) — callers bounds-check against sizeBytes first.
   * The returned array may be a view on a larger buffer: copy it before keeping it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** An http(s) URL, as opposed to a local path (other schemes are not tile locations). */
export function isUrlLocation(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export interface ByteSourceOptions {
  readonly http?: HttpSourceOptions;
}

/** Opens a path or an http(s) URL. Missing files and 404s are FILE_NOT_FOUND InputErrors. */
export async function openByteSource(location: string, opts: ByteSourceOptions = {}): Promise<ByteSource> {
  if (isUrlLocation(location)) return httpByteSource(location, opts.http);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    // s3://, gs://, … would otherwise be looked up as a relative path and reported missing.
    throw new InputError('URL_UNREADABLE', `only http(s) URLs can be read (got ${location.slice(0, location.indexOf(':'))}:); use the store's https endpoint`, { location });
  }
  return fileByteSource(location);
}
