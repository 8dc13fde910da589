// Rate limits on a live server: a token over its rate gets 429 with Retry-After while other tokens
// carry on, and an address that keeps failing authentication is refused before tokens are checked.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../../src/http/server.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { createToken } from '../../../src/io/store/token-repo.js';
import { call } from './harness.js';

describe('rate limits', () => {
  let store: AlertStore;
  let port: number;
  let close: () => Promise<void>;
  let busy: string;
  let calm: string;
  beforeAll(async () => {
    store = AlertStore.open(join(mkdtempSync(join(tmpdir(), 'bw-rate-')), 'bw.db'));
    const now = new Date().toISOString();
    busy = createToken(store.db, 'analyst', 'busy', now).token;
    calm = createToken(store.db, 'analyst', 'calm', now).token;
    const server = createApiServer({ store, rateLimits: { caller: { perSecond: 0.2, burst: 3 }, authFailures: { perSecond: 0.2, burst: 2 } } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  });
  afterAll(async () => {
    await close();
    store.close();
  });

  it('answers 429 with Retry-After once a token exceeds its burst, and not to another token', async () => {
    const statuses = [];
    for (let k = 0; k < 4; k++) statuses.push((await call(port, 'GET', '/api/alerts', { token: busy })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await call(port, 'GET', '/api/alerts', { token: busy });
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await call(port, 'GET', '/api/alerts', { token: calm })).status).toBe(200);
  });

  it('refuses an address that keeps presenting bad tokens, without saying whether the next one is good', async () => {
    const statuses = [];
    for (let k = 0; k < 3; k++) statuses.push((await call(port, 'GET', '/api/alerts', { token: `bad-${k}` })).status);
    expect(statuses).toEqual([401, 401, 429]);
    // Even a valid token from that address is refused until the bucket refills: no oracle.
    expect((await call(port, 'GET', '/api/alerts', { token: calm })).status).toBe(429);
  });
});
