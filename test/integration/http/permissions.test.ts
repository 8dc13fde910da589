// The permission matrix: every route, called with no token, a revoked token and each role. The
// expected table is written out here as the specification; a route added without a row fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/http/server.js';
import { createToken, revokeToken, type Role } from '../../../src/io/store/token-repo.js';
import { call, listen } from './harness.js';
import { FIXED_NOW, sampleStore, type SampleStore } from './sample-store.js';

type Who = Role | 'anyone';
const ALL: Who[] = ['analyst', 'operator', 'admin'];
const REVIEW: Who[] = ['analyst', 'admin'];
const OPS: Who[] = ['operator', 'admin'];
const ADMIN: Who[] = ['admin'];

/** route pattern → who may call it. */
const MATRIX: Record<string, Who[]> = {
  'GET /api/health': ['anyone'],
  'GET /api/meta': ALL,
  'GET /api/alerts': ALL,
  'GET /api/alerts/:id': ALL,
  'POST /api/alerts/:id/actions': REVIEW,
  'POST /api/alerts/actions': REVIEW,
  'GET /api/alerts/:id/chips/:name': ALL,
  'GET /api/alerts/:id/change.tif': ALL,
  'GET /api/silences': ALL,
  'POST /api/silences': OPS,
  'GET /api/silences/:id': ALL,
  'PUT /api/silences/:id': OPS,
  'POST /api/silences/:id/expire': OPS,
  'DELETE /api/silences/:id': OPS,
  'GET /api/segments': ALL,
  'GET /api/segments/:id': ALL,
  'PUT /api/segments': OPS,
  'GET /api/tiles': OPS,
  'GET /api/tokens': ADMIN,
  'POST /api/tokens': ADMIN,
  'DELETE /api/tokens/:id': ADMIN,
  'GET /ogc': ALL,
  'GET /ogc/conformance': ALL,
  'GET /ogc/collections': ALL,
  'GET /ogc/collections/:collectionId': ALL,
  'GET /ogc/collections/:collectionId/items': ALL,
  'GET /ogc/collections/:collectionId/items/:featureId': ALL,
};

let dir: string;
let fx: SampleStore;
let api: Awaited<ReturnType<typeof listen>>;
let revoked: string;
let ids: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-perm-'));
  fx = await sampleStore(join(dir, 'store.db'), ['landsat-taizhou']);
  api = await listen(fx.store);
  const r = createToken(fx.store.db, 'admin', 'gone', FIXED_NOW);
  revokeToken(fx.store.db, r.record.id, FIXED_NOW);
  revoked = r.token;
  const alert = fx.store.listAlerts({ limit: 1 }).items[0]!;
  const silence = fx.store.createSilence({ matchers: { kinds: ['aerial'] }, startsAt: '2024-01-01T00:00:00Z', endsAt: '2025-01-01T00:00:00Z', author: 'ops', comment: 'survey' }, FIXED_NOW);
  if (!silence.ok) throw new Error('fixture silence refused');
  ids = { id: alert.fingerprint, name: 'before.png', collectionId: 'alerts', featureId: alert.fingerprint, silence: silence.silence.id, segment: alert.segmentId };
});

afterAll(async () => {
  await api?.close();
  fx?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

function concretePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (pattern.startsWith('/api/silences')) return encodeURIComponent(ids.silence!);
    if (pattern.startsWith('/api/segments')) return encodeURIComponent(ids.segment!);
    if (pattern.startsWith('/api/tokens')) return 'tok_0000000000000000';
    return encodeURIComponent(ids[name]!);
  });
}

describe('permission matrix', () => {
  it('has a row for every route, and every row is a route', () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [key, allowed] of Object.entries(MATRIX)) {
    const [method, pattern] = key.split(' ') as [string, string];
    it(`${key}: ${allowed.includes('anyone') ? 'open to anyone' : `${allowed.join(', ')} only; no token 401, others 403`}`, async () => {
      const path = concretePath(pattern);
      // A body that passes the content-type check but is not a valid request: allowed callers get a
      // 4xx about the body, never 401/403; refused callers never reach the body.
      const body = method === 'POST' || method === 'PUT' ? {} : undefined;
      const anonymous = await call(api.port, method, path, { body });
      const stale = await call(api.port, method, path, { body, token: revoked });
      if (allowed.includes('anyone')) {
        expect(anonymous.status).toBe(200);
        return;
      }
      expect(anonymous.status).toBe(401);
      expect(anonymous.json().error.code).toBe('AUTH_MISSING');
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(stale.status).toBe(401);
      expect(stale.json().error.code).toBe('AUTH_INVALID');
      for (const role of ['analyst', 'operator', 'admin'] as const) {
        const res = await call(api.port, method, path, { body, token: fx.tokens[role] });
        if (allowed.includes(role)) expect([401, 403], `${role} ${key}`).not.toContain(res.status);
        else {
          expect(res.status, `${role} ${key}`).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
      }
    });
  }

  it('does not tell an anonymous caller which endpoints exist', async () => {
    const res = await call(api.port, 'GET', '/api/no-such-thing');
    expect(res.status).toBe(401);
    expect((await call(api.port, 'GET', '/api/no-such-thing', { token: fx.tokens.analyst })).status).toBe(404);
  });
});
