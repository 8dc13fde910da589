// The HTTP server: JSON API under /api, OGC API Features under /ogc, the dashboard at /. Node's
// own http module and a route table; every /api and /ogc request is authenticated before anything
// else is decided (deny by default), and every reply is written after the store has committed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../io/project-root.js';
import type { AlertStore } from '../io/store/alert-store.js';
import { authenticate, authorise, type Principal } from './auth.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body.js';
import { ApiError, errorReply } from './errors.js';
import { Evidence } from './evidence.js';
import { findRoute, type Reply, type RequestContext, type Route } from './router.js';
import { adminRoutes } from './routes/admin.js';
import { alertRoutes } from './routes/alerts.js';
import { ogcRoutes } from './routes/ogc.js';
import { segmentRoutes } from './routes/segments.js';
import { silenceRoutes } from './routes/silences.js';
import { loadStaticFiles, type StaticFile } from './static-files.js';
import { DEFAULT_AUTH_FAILURE_LIMIT, DEFAULT_CALLER_LIMIT, RateLimiter, type RateLimit } from './rate-limit.js';

export const ROUTES: readonly Route[] = [...adminRoutes, ...alertRoutes, ...silenceRoutes, ...segmentRoutes, ...ogcRoutes];

export const DEFAULT_WEB_ROOT = join(PROJECT_ROOT, 'web');

export interface ServerOptions {
  readonly store: AlertStore;
  /** Dashboard files (default: the project's web/ folder). */
  readonly webRoot?: string;
  readonly clock?: () => Date;
  readonly maxBodyBytes?: number;
  /** One JSON object per request (default: silent). */
  readonly log?: (entry: Record<string, unknown>) => void;
  /** Per-token request rate, and failed authentications per client address. */
  readonly rateLimits?: { readonly caller: RateLimit; readonly authFailures: RateLimit };
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // The dashboard loads nothing from elsewhere (no CDN, no basemap): say so to the browser.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const HOST = /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function origin(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host && HOST.test(host)) return `http://${host}`;
  const addr = req.socket.localAddress ?? '127.0.0.1';
  return `http://${addr.includes(':') ? `[${addr}]` : addr}:${req.socket.localPort}`;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  const body = reply.raw ?? (reply.json === undefined ? undefined : `${JSON.stringify(reply.json)}\n`);
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Cache-Control': 'no-store',
    ...(body !== undefined ? { 'Content-Type': reply.contentType ?? 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
    ...reply.headers,
    ...extraHeaders,
  };
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/ogc' || pathname.startsWith('/ogc/');
}

export function createApiServer(options: ServerOptions): Server {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const evidence = new Evidence(store);
  const staticFiles: Map<string, StaticFile> = loadStaticFiles(options.webRoot ?? DEFAULT_WEB_ROOT);
  const callerLimiter = new RateLimiter(options.rateLimits?.caller ?? DEFAULT_CALLER_LIMIT);
  const authFailureLimiter = new RateLimiter(options.rateLimits?.authFailures ?? DEFAULT_AUTH_FAILURE_LIMIT);
  const admit = (limiter: RateLimiter, key: string, what: string, spend = true): void => {
    const a = spend ? limiter.take(key, Date.now()) : limiter.check(key, Date.now());
    if (!a.ok) throw new ApiError('RATE_LIMITED', `too many ${what}; retry in ${a.retryAfterS} s`, { retryAfterS: a.retryAfterS }, { 'Retry-After': String(a.retryAfterS) });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const now = clock().toISOString();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new ApiError('NOT_FOUND', 'malformed request path');
    }
    const method = req.method ?? 'GET';
    if (!isApiPath(url.pathname)) {
      const file = method === 'GET' || method === 'HEAD' ? staticFiles.get(url.pathname) : undefined;
      if (!file) throw new ApiError('NOT_FOUND', `nothing at ${url.pathname}`);
      send(req, res, 200, { raw: file.body, contentType: file.contentType, headers: { 'Cache-Control': 'no-cache' } });
      return 200;
    }
    const found = findRoute(ROUTES, method, url.pathname);
    const route = found && 'route' in found ? found.route : null;
    let principal: Principal | null = null;
    // Deny by default: unless the matched route is public, nothing (not even "no such route") is said to anonymous callers.
    if (route?.permission !== 'public') {
      const address = req.socket.remoteAddress ?? 'unknown';
      // An address that has failed too often is refused before its token is even looked at, so
      // guessing gets no answer — not even a 200 for a right guess — until the bucket refills.
      admit(authFailureLimiter, address, 'failed authentications from this address', false);
      try {
        principal = authenticate(req, store, now);
      } catch (err) {
        authFailureLimiter.take(address, Date.now());
        throw err;
      }
      admit(callerLimiter, principal.tokenId, 'requests for this token');
    }
    if (!found) throw new ApiError('NOT_FOUND', `no such endpoint: ${method} ${url.pathname}`);
    if ('methodMismatch' in found) {
      throw new ApiError('METHOD_NOT_ALLOWED', `${method} is not allowed here (allowed: ${found.methodMismatch.join(', ')})`, undefined, { Allow: found.methodMismatch.join(', ') });
    }
    if (found.route.permission !== 'public') authorise(principal!, found.route.permission);
    const ctx: RequestContext = {
      req, url, params: found.params, principal, store, evidence, now, origin: origin(req),
      body: (maxBytes) => readJsonBody(req, maxBytes ?? options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    };
    const reply = await found.route.handler(ctx);
    const status = reply.status ?? 200;
    send(req, res, status, status === 204 ? { headers: reply.headers ?? {} } : reply);
    return status;
  }

  return createServer((req, res) => {
    const started = performance.now();
    handle(req, res).then(
      (status) => log({ level: 'info', msg: 'request', method: req.method, path: req.url, status, durMs: Math.round(performance.now() - started) }),
      (err: unknown) => {
        const reply = errorReply(err);
        // A body we refused to read is still on the wire: Connection: close ends the socket after
        // the reply instead of reading the rest.
        const unread = !req.readableEnded && reply.status === 413;
        if (reply.status >= 500) log({ level: 'error', msg: 'request failed', method: req.method, path: req.url, error: err instanceof Error ? err.stack : String(err) });
        else log({ level: 'info', msg: 'request', method: req.method, path: req.url, status: reply.status, code: reply.body.error.code, durMs: Math.round(performance.now() - started) });
        if (res.headersSent) return void res.destroy();
        send(req, res, reply.status, { json: reply.body }, { ...reply.headers, ...(unread ? { Connection: 'close' } : {}) });
      },
    );
  });
}
