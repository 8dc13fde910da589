// A real HTTP object server for URL-tile tests (node:http on a free loopback port): serves byte
// buffers with single-range GETs like an object store, or without range support, or failing its
// first requests; it counts every body byte it sends so tests can see what travelled.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServerOptions {
  /** false: ignore Range and send 200 with the whole object (a plain static server). */
  ranges?: boolean;
  /** Which ETag to send: a strong one derived from the bytes, a weak one, or none. */
  etag?: 'strong' | 'weak' | 'none';
  lastModified?: string;
  /** Answer this many requests (from the start) with 503. */
  failFirst?: number;
  /** Cut the connection of this many requests (after the first one) mid-body. */
  resetAfterFirst?: number;
}

export interface ServedRequest {
  readonly path: string;
  readonly range: string | null;
  readonly status: number;
}

export interface RangeServer {
  readonly origin: string;
  /** Body bytes handed to the socket so far (all requests). */
  bytesServed: number;
  readonly requests: ServedRequest[];
  url(path: string): string;
  /** Serve `bytes` at `path` (replacing what was there: a new version of the object). */
  put(path: string, bytes: Uint8Array): void;
  options: RangeServerOptions;
  close(): Promise<void>;
}

const RANGE = /^bytes=(\d+)-(\d*)$/;

export async function startRangeServer(objects: Record<string, Uint8Array>, options: RangeServerOptions = {}): Promise<RangeServer> {
  const store = new Map<string, Uint8Array>(Object.entries(objects));
  let server: Server;
  const state: RangeServer = {
    origin: '',
    bytesServed: 0,
    requests: [],
    url: (path) => `${state.origin}${path}`,
    put: (path, bytes) => store.set(path, bytes),
    options,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range ?? null;
    const log = (status: number) => state.requests.push({ path, range, status });
    const n = state.requests.length;
    const o = state.options;
    if (n < (o.failFirst ?? 0)) {
      log(503);
      res.writeHead(503).end('try later');
      return;
    }
    const body = store.get(path);
    if (!body) {
      log(404);
      res.writeHead(404).end('no such object');
      return;
    }
    const headers: Record<string, string> = { 'accept-ranges': o.ranges === false ? 'none' : 'bytes' };
    const digest = createHash('sha1').update(body).digest('hex').slice(0, 20);
    if ((o.etag ?? 'strong') === 'strong') headers['etag'] = `"${digest}"`;
    if (o.etag === 'weak') headers['etag'] = `W/"${digest}"`;
    if (o.lastModified) headers['last-modified'] = o.lastModified;
    let start = 0;
    let end = body.byteLength - 1;
    let status = 200;
    const m = range && o.ranges !== false ? RANGE.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      end = m[2] === '' ? body.byteLength - 1 : Math.min(Number(m[2]), body.byteLength - 1);
      if (start >= body.byteLength || end < start) {
        log(416);
        res.writeHead(416, { ...headers, 'content-range': `bytes */${body.byteLength}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${body.byteLength}`;
    }
    const slice = body.subarray(start, end + 1);
    headers['content-length'] = String(slice.byteLength);
    log(status);
    res.writeHead(status, headers);
    if (n >= 1 && n <= (o.resetAfterFirst ?? 0) && slice.byteLength > 1) {
      // Half the body, then a reset: what a dropped connection to an object store looks like.
      const half = slice.subarray(0, slice.byteLength >> 1);
      state.bytesServed += half.byteLength;
      res.write(half, () => req.socket.destroy());
      return;
    }
    // Counted as sent even if the client cancels early: the test's figure can only over-count.
    state.bytesServed += slice.byteLength;
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (state as { origin: string }).origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
