// Rule: a tile at an http(s) URL is read with range requests — only the bytes asked for travel, a
// server that ignores Range or answers 404 is refused with a stable code, transient failures are
// retried, and an object that changes under a read is never mixed with its old version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isInputError } from '../../../src/core/errors.js';
import { openByteSource } from '../../../src/io/tiff/byte-source.js';
import { RemoteReadError, httpByteSource } from '../../../src/io/tiff/http-byte-source.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { pairFile } from '../../helpers/samples.js';
import { startRangeServer, type RangeServer } from './url-range-server.js';

const bercyT1 = readFileSync(pairFile('oscd-bercy', 't1.tif'));
const bercyT2 = readFileSync(pairFile('oscd-bercy', 't2.tif'));
const fast = { backoffMs: 5, timeoutMs: 5_000 };

let server: RangeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (isInputError(err)) return err.code;
    if (err instanceof RemoteReadError) return 'RemoteReadError';
    throw err;
  }
}

describe('range reads of an http object', () => {
  it('returns exactly the bytes of the file at any offset: small reads by cached pages, large ones exactly', async () => {
    server = await startRangeServer({ '/t1.tif': bercyT1 });
    const src = await httpByteSource(server.url('/t1.tif'), { ...fast, headBytes: 4096 });
    expect(src.sizeBytes).toBe(bercyT1.byteLength);
    for (const [offset, length] of [[0, 8], [100, 300], [4000, 200], [500_000, 10_000], [bercyT1.byteLength - 7, 7]] as const) {
      expect(Buffer.from(await src.read(offset, length)).equals(bercyT1.subarray(offset, offset + length))).toBe(true);
    }
    // The head once, the 4 KiB page after it, the large read exactly, the last page: not the 776 kB object.
    const lastPage = Math.floor((bercyT1.byteLength - 1) / 4096) * 4096;
    expect(server.requests.map((r) => r.range)).toEqual(['bytes=0-4095', 'bytes=4096-8191', 'bytes=500000-509999', `bytes=${lastPage}-${bercyT1.byteLength - 1}`]);
    expect(server.bytesServed).toBe(4096 + 4096 + 10_000 + (bercyT1.byteLength - lastPage));
    // Read again: all from the kept pages.
    expect(Buffer.from(await src.read(4100, 50)).equals(bercyT1.subarray(4100, 4150))).toBe(true);
    expect(server.requests).toHaveLength(4);
    await src.close();
  });

  it('refuses a server that ignores Range for an object larger than the head (URL_RANGES_UNSUPPORTED)', async () => {
    server = await startRangeServer({ '/t1.tif': bercyT1 }, { ranges: false });
    expect(await codeOf(openTile(server.url('/t1.tif'), { source: { http: fast } }))).toBe('URL_RANGES_UNSUPPORTED');
    expect(server.requests).toHaveLength(1);
  });

  it('accepts a whole-object answer when the object is no larger than the head it asked for', async () => {
    const small = readFileSync(pairFile('oscd-bercy', 'cm.tif'));
    server = await startRangeServer({ '/cm.tif': small }, { ranges: false });
    const fromUrl = await openTile(server.url('/cm.tif'), { source: { http: fast } });
    const fromFile = await openTile(pairFile('oscd-bercy', 'cm.tif'));
    const win = { col0: 0, row0: 0, width: fromFile.grid.width, height: fromFile.grid.height };
    expect((await fromUrl.readWindow(win)).bands).toEqual((await fromFile.readWindow(win)).bands);
    expect(server.requests).toHaveLength(1);
    await fromUrl.close();
    await fromFile.close();
  });

  it('reports a missing object as FILE_NOT_FOUND, like a missing file', async () => {
    server = await startRangeServer({});
    expect(await codeOf(openTile(server.url('/nope.tif'), { source: { http: fast } }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(openTile('/definitely/not/here.tif'))).toBe('FILE_NOT_FOUND');
  });

  it('refuses schemes it cannot read instead of looking them up as paths', async () => {
    expect(await codeOf(openByteSource('s3://bucket/tile.tif'))).toBe('URL_UNREADABLE');
  });

  it('retries 503s with backoff and then reads the tile', async () => {
    server = await startRangeServer({ '/t1.tif': bercyT1 }, { failFirst: 2 });
    const tile = await openTile(server.url('/t1.tif'), { source: { http: { ...fast, attempts: 3 } } });
    expect(tile.grid.width).toBe(360);
    expect(server.requests.slice(0, 3).map((r) => r.status)).toEqual([503, 503, 206]);
    await tile.close();
  });

  it('gives up after its tries with a retryable error, not an input rejection', async () => {
    server = await startRangeServer({ '/t1.tif': bercyT1 }, { failFirst: 100 });
    expect(await codeOf(openTile(server.url('/t1.tif'), { source: { http: { ...fast, attempts: 3 } } }))).toBe('RemoteReadError');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a connection cut mid-body and returns the right bytes', async () => {
    server = await startRangeServer({ '/t1.tif': bercyT1 }, { resetAfterFirst: 1 });
    const src = await httpByteSource(server.url('/t1.tif'), { ...fast, headBytes: 1024 });
    const got = await src.read(300_000, 50_000);
    expect(Buffer.from(got).equals(bercyT1.subarray(300_000, 350_000))).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual(['bytes=0-1023', 'bytes=300000-349999', 'bytes=300000-349999']);
  });

  it('refuses to mix two versions when the object is replaced between reads', async () => {
    server = await startRangeServer({ '/tile.tif': bercyT1 });
    const src = await httpByteSource(server.url('/tile.tif'), { ...fast, headBytes: 1024 });
    server.put('/tile.tif', bercyT2);
    expect(await codeOf(src.read(200_000, 1000))).toBe('RemoteReadError');
  });
});

describe('identity of a URL tile (alerts key observations by tileId@sha256)', () => {
  const open = async (url: string) => {
    const t = await openTile(url, { source: { http: fast } });
    await t.close();
    return t.sha256;
  };

  it('is the same on every read of an unchanged object, and changes when the object changes', async () => {
    server = await startRangeServer({ '/tile.tif': bercyT1 }, { lastModified: 'Wed, 30 Nov 2016 10:00:00 GMT' });
    const first = await open(server.url('/tile.tif'));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await open(server.url('/tile.tif'))).toBe(first);
    server.put('/tile.tif', bercyT2);
    expect(await open(server.url('/tile.tif'))).not.toBe(first);
  });

  it('moves only header and IFD bytes, never hashing the whole object', async () => {
    // This sample is not cloud-optimised: its IFD sits after the pixels, so two 16 KiB pages travel.
    server = await startRangeServer({ '/tile.tif': bercyT1 });
    await open(server.url('/tile.tif'));
    expect(server.requests.map((r) => r.range)).toEqual(['bytes=0-16383', `bytes=770048-${bercyT1.byteLength - 1}`]);
    expect(server.bytesServed).toBeLessThan(0.05 * bercyT1.byteLength);
  });

  it('with a strong ETag, ignores a new Last-Modified on the same bytes; without one, takes it as a new version', async () => {
    server = await startRangeServer({ '/tile.tif': bercyT1 }, { lastModified: 'Wed, 30 Nov 2016 10:00:00 GMT' });
    const strong = await open(server.url('/tile.tif'));
    server.options = { ...server.options, lastModified: 'Thu, 01 Dec 2016 10:00:00 GMT' };
    expect(await open(server.url('/tile.tif'))).toBe(strong);
    server.options = { etag: 'none', lastModified: 'Wed, 30 Nov 2016 10:00:00 GMT' };
    const bare = await open(server.url('/tile.tif'));
    server.options = { etag: 'none', lastModified: 'Thu, 01 Dec 2016 10:00:00 GMT' };
    expect(await open(server.url('/tile.tif'))).not.toBe(bare);
  });

  it('without any validator, still tells two different tiles of the same size class apart by their structure', async () => {
    server = await startRangeServer({ '/a.tif': bercyT1, '/b.tif': bercyT2 }, { etag: 'none' });
    expect(await open(server.url('/a.tif'))).not.toBe(await open(server.url('/b.tif')));
  });

  it('is named by the URL file stem unless told otherwise', async () => {
    server = await startRangeServer({ '/scenes/2017-08-29.tif': bercyT2 });
    const t = await openTile(server.url('/scenes/2017-08-29.tif?X-Amz-Signature=abc'), { source: { http: fast } });
    expect(t.tileId).toBe('2017-08-29');
    await t.close();
  });
});

describe('malformed tiles over http', () => {
  const dir = new URL('../../fixtures/tiff/pillow-bad/', import.meta.url).pathname;
  const names = ['crash-2020-10-test.tif', 'crash-63b1dffefc8c075ddc606c0a2f5fdc15ece78863.tif', 'libtiff_segfault.tif', 'seek_too_large.tif',
    'tiff_overflow_rows_per_strip.tif', 'tiff_wrong_bits_per_sample.tiff', 'total-pages-zero.tif', 'oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif'];

  it('are rejected with the same code as from disk', async () => {
    server = await startRangeServer(Object.fromEntries(names.map((n) => [`/${n}`, readFileSync(join(dir, n))])));
    for (const n of names) {
      const disk = await codeOf(openTile(join(dir, n)));
      expect(disk).not.toBe('accepted');
      expect({ n, code: await codeOf(openTile(server.url(`/${n}`), { source: { http: fast } })) }).toEqual({ n, code: disk });
    }
  });
});
