// The content identity (`sha256`) a tile is recorded under: alerts key observations by
// tileId@sha256, and the catalog re-queues a tile whose identity changed. It must stay the same
// across reads of unchanged bytes and change when the bytes change.
//
// - A local file: SHA-256 of all its bytes.
// - An http(s) object: hashing it all would move every byte and defeat range reads, so its
//   identity is SHA-256 over a versioned record of: its size; the server's ETag; Last-Modified
//   unless the ETag is strong (a strong ETag names the exact bytes, so a re-upload of the same
//   bytes keeps its identity); and the digest of every header and IFD byte preflight read (tile
//   offsets and byte counts included, so a re-encoded object changes it even behind a server with
//   no validators). Same object behind two servers with different ETags gets two identities.
//   Not a hash of the pixels: an identical-size in-place rewrite of pixel bytes with no ETag or
//   Last-Modified change would go unnoticed — object stores always change one of them.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { RemoteValidators } from './http-byte-source.js';

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface RemoteIdentityInput {
  readonly sizeBytes: number;
  readonly validators: RemoteValidators;
  /** Digest of the header and IFD bytes preflight read; null when preflight refused the tile. */
  readonly structureSha256: string | null;
}

export function remoteTileSha256(input: RemoteIdentityInput): string {
  const { etag, strongEtag, lastModified } = input.validators;
  const record = [
    'borderwatch remote tile identity v1',
    `size=${input.sizeBytes}`,
    `etag=${etag ?? ''}`,
    `last-modified=${strongEtag ? '' : (lastModified ?? '')}`,
    `structure=${input.structureSha256 ?? 'unparsed'}`,
  ].join('\n');
  return createHash('sha256').update(record).digest('hex');
}
