// The route table: method, path pattern, the one permission it needs (or `public`), and a handler
// that returns a reply. Path parameters are matched per segment and percent-decoded, so an id with
// a slash (segment ids do) travels as %2F and can never change which route is taken.
import type { IncomingMessage } from 'node:http';
import type { AlertStore } from '../io/store/alert-store.js';
import type { Permission, Principal } from './auth.js';
import type { Evidence } from './evidence.js';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: Principal | null;
  readonly store: AlertStore;
  readonly evidence: Evidence;
  /** ISO 8601 UTC; the one clock of a request. */
  readonly now: string;
  /** Absolute origin for links (OGC paging), e.g. http://127.0.0.1:8080. */
  readonly origin: string;
  body(maxBytes?: number): Promise<unknown>;
}

export interface Reply {
  readonly status?: number;
  /** Sent as JSON unless `raw` is given. */
  readonly json?: unknown;
  readonly raw?: Buffer | string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. '/api/alerts/:id/actions'. */
  readonly path: string;
  readonly permission: Permission | 'public';
  readonly handler: (ctx: RequestContext) => Promise<Reply> | Reply;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(got[i]!);
      } catch {
        return null;
      }
      if (value === '') return null;
      params[w.slice(1)] = value;
    } else if (w !== got[i]) return null;
  }
  return params;
}

/** The route for method + path; `methodMismatch` when the path exists under other methods (405). */
export function findRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | { methodMismatch: string[] } | null {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length ? { methodMismatch: allowed } : null;
}
