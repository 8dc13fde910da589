// Request handling rules: schemas give clear 4xx, unknown ids are 404, bodies over the cap are 413
// without being read, ids that look like paths are only ever ids, review actions and silences
// round-trip, and evidence says "unavailable" when its tile is gone instead of failing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, listen } from './harness.js';
import { sampleStore, type SampleStore } from './sample-store.js';

let dir: string;
let fx: SampleStore;
let api: Awaited<ReturnType<typeof listen>>;
let fps: string[];
const NOW = new Date('2024-05-02T10:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-req-'));
  fx = await sampleStore(join(dir, 'store.db'), ['landsat-taizhou', 'oscd-bercy']);
  api = await listen(fx.store, () => NOW);
  fps = fx.store.listAlerts({ limit: 20 }).items.map((a) => a.fingerprint);
});

afterAll(async () => {
  await api?.close();
  fx?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const analyst = () => fx.tokens.analyst;
const operator = () => fx.tokens.operator;
const post = (path: string, body: unknown, token = analyst()) => call(api.port, 'POST', path, { token, body });
const act = (fp: string, body: unknown) => post(`/api/alerts/${fp}/actions`, body);

describe('request schemas', () => {
  it('refuses a body that is not JSON with 400 BODY_INVALID', async () => {
    const res = await call(api.port, 'POST', `/api/alerts/${fps[0]}/actions`, { token: analyst(), rawBody: '{"type": "confirm"' });
    expect([res.status, res.json().error.code]).toEqual([400, 'BODY_INVALID']);
  });

  it('refuses a body sent as something other than JSON with 415', async () => {
    const res = await call(api.port, 'POST', `/api/alerts/${fps[0]}/actions`, { token: analyst(), rawBody: 'type=confirm', contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it('names the unknown field in a 400', async () => {
    const res = await act(fps[0]!, { type: 'confirm', reson: 'typo' });
    expect(res.status).toBe(400);
    expect(res.json().error.message).toContain("unknown field 'reson'");
  });

  it('refuses an unknown action type, listing the allowed ones', async () => {
    const res = await act(fps[0]!, { type: 'delete' });
    expect(res.status).toBe(400);
    expect(res.json().error.message).toContain('acknowledge');
  });

  it('refuses a dismissal without a reason with 422 REASON_REQUIRED, and an unknown reason with REASON_UNKNOWN', async () => {
    expect((await act(fps[0]!, { type: 'dismiss' })).json().error.code).toBe('REASON_REQUIRED');
    const unknown = await act(fps[0]!, { type: 'dismiss', reason: 'aliens' });
    expect([unknown.status, unknown.json().error.code]).toEqual([422, 'REASON_UNKNOWN']);
  });

  it('refuses bad query values with 400 naming the parameter', async () => {
    for (const q of ['state=open', 'limit=0', 'limit=abc', 'bbox=1,2,3', 'from=yesterday', 'order=random', 'colour=red']) {
      const res = await call(api.port, 'GET', `/api/alerts?${q}`, { token: analyst() });
      expect(res.status, q).toBe(400);
      expect(res.json().error.code).toBe('QUERY_INVALID');
    }
  });
});

describe('unknown ids and path-like ids', () => {
  it('answers 404 for unknown alerts, segments, silences, tokens and features', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/alerts/000000000000000000000000', fx.tokens.analyst],
      ['POST', '/api/alerts/000000000000000000000000/actions', fx.tokens.analyst],
      ['GET', '/api/alerts/000000000000000000000000/chips/before.png', fx.tokens.analyst],
      ['GET', '/api/segments/KAZ-000%2Fnope', fx.tokens.analyst],
      ['GET', '/api/silences/00000000-0000-0000-0000-000000000000', fx.tokens.analyst],
      ['DELETE', '/api/tokens/tok_ffffffffffffffff', fx.tokens.admin],
      ['GET', '/ogc/collections/alerts/items/000000000000000000000000', fx.tokens.analyst],
      ['GET', '/ogc/collections/tiles', fx.tokens.analyst],
    ];
    for (const [method, path, token] of cases) {
      const res = await call(api.port, method, path, { token, ...(method === 'POST' ? { body: { type: 'confirm' } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json().error.code).toMatch(/NOT_FOUND$/);
    }
  });

  it('treats ids that look like paths as ids: 404, never a file', async () => {
    for (const id of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '..', 'C%3A%5Cwindows%5Cwin.ini', '%00', 'x'.repeat(300)]) {
      const res = await call(api.port, 'GET', `/api/alerts/${id}/chips/before.png`, { token: analyst() });
      expect(res.status, id).toBe(id === '%00' || id.length > 200 ? 400 : 404);
      expect(res.headers['content-type']).toContain('application/json');
    }
    const traversal = await call(api.port, 'GET', '/api/alerts/../../../etc/passwd', { token: analyst() });
    expect(traversal.status).toBe(404);
    const staticTraversal = await call(api.port, 'GET', '/js/../../package.json');
    expect(staticTraversal.status).toBe(404);
  });

  it('routes a segment id containing slashes when it is percent-encoded', async () => {
    const segment = fx.store.listAlerts({ limit: 1 }).items[0]!.segmentId;
    const res = await call(api.port, 'GET', `/api/segments/${encodeURIComponent(segment)}`, { token: analyst() });
    expect(res.status).toBe(200);
    expect(res.json().id).toBe(segment);
  });
});

describe('body size limit', () => {
  it('answers 413 to a declared length over 64 KiB without reading it', async () => {
    const big = JSON.stringify({ type: 'note', note: 'x'.repeat(70_000) });
    const res = await call(api.port, 'POST', `/api/alerts/${fps[0]}/actions`, { token: analyst(), rawBody: big });
    expect([res.status, res.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('answers 413 to a chunked body that grows past the cap', async () => {
    const big = JSON.stringify({ type: 'note', note: 'y'.repeat(200_000) });
    const res = await call(api.port, 'POST', `/api/alerts/${fps[0]}/actions`, { token: analyst(), rawBody: big, headers: { 'Transfer-Encoding': 'chunked' } });
    expect(res.status).toBe(413);
  });

  it('still serves the next request after refusing one', async () => {
    expect((await call(api.port, 'GET', '/api/health')).status).toBe(200);
  });
});

describe('review actions', () => {
  it('records who did what: acknowledge assigns the caller, notes are kept, a refused move is 409', async () => {
    const fp = fps[1]!;
    const ack = await act(fp, { type: 'acknowledge' });
    expect(ack.status).toBe(200);
    expect(ack.json().alert).toMatchObject({ state: 'acknowledged', assignee: 'ana' });
    expect((await act(fp, { type: 'note', note: 'road works visible on both dates' })).status).toBe(200);
    expect((await act(fp, { type: 'confirm' })).json().alert.state).toBe('confirmed');
    const refused = await act(fp, { type: 'dismiss', reason: 'snow' });
    expect([refused.status, refused.json().error.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    const detail = (await call(api.port, 'GET', `/api/alerts/${fp}`, { token: analyst() })).json();
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['created', 'acknowledged', 'noted', 'confirmed']);
    expect(detail.events.slice(1).map((e: { actor: string }) => e.actor)).toEqual(['ana', 'ana', 'ana']);
    expect(detail.events[2].note).toBe('road works visible on both dates');
    expect(detail.events.at(-1).at).toBe(NOW.toISOString());
    expect(detail.alert).not.toHaveProperty('chipBeforePath');
  });

  it('applies a bulk dismissal to every alert it can and reports each refusal', async () => {
    const targets = [fps[2]!, fps[3]!, fps[1]! /* confirmed above: refused */, '000000000000000000000000'];
    const res = await post('/api/alerts/actions', { fingerprints: targets, action: { type: 'dismiss', reason: 'seasonal_agriculture', note: 'ploughing' } });
    expect(res.status).toBe(200);
    const body = res.json();
    expect([body.applied, body.refused]).toEqual([2, 2]);
    expect(body.results.map((r: { ok: boolean; error?: { code: string } }) => r.ok ? 'ok' : r.error!.code)).toEqual(['ok', 'ok', 'TRANSITION_NOT_ALLOWED', 'ALERT_NOT_FOUND']);
    const queue = (await call(api.port, 'GET', '/api/alerts?state=new,acknowledged&limit=1000', { token: analyst() })).json();
    expect(queue.items.map((a: { fingerprint: string }) => a.fingerprint)).not.toContain(fps[2]);
  });

  it('pages the queue with a next link until every alert was seen once', async () => {
    const seen = new Set<string>();
    let path: string | null = '/api/alerts?limit=7&state=new,acknowledged,confirmed,dismissed,closed,suppressed';
    let total = 0;
    while (path) {
      const page = (await call(api.port, 'GET', path, { token: analyst() })).json();
      total = page.total;
      for (const a of page.items) seen.add(a.fingerprint);
      path = page.links.next;
    }
    expect(seen.size).toBe(total);
    expect(total).toBe(fx.store.listAlerts({ limit: 1 }).total);
  });
});

describe('silences', () => {
  it('creates, lists as active, expires and deletes a silence; the author is the caller', async () => {
    const created = await post('/api/silences', { matchers: { segmentIds: ['KAZ-156-*'], kinds: ['ground'] }, startsAt: '2024-05-01T00:00:00Z', endsAt: '2024-06-01T00:00:00Z', comment: 'permit 17/2024: fence repair' }, operator());
    expect(created.status).toBe(201);
    const s = created.json();
    expect(s.author).toBe('ops');
    const active = (await call(api.port, 'GET', '/api/silences?active=true', { token: analyst() })).json();
    expect(active.items.map((x: { id: string }) => x.id)).toContain(s.id);
    const expired = (await post(`/api/silences/${s.id}/expire`, undefined, operator())).json();
    expect(expired.endsAt).toBe(NOW.toISOString());
    expect((await call(api.port, 'GET', '/api/silences?active=true', { token: analyst() })).json().items).toHaveLength(0);
    expect((await call(api.port, 'DELETE', `/api/silences/${s.id}`, { token: operator() })).status).toBe(204);
  });

  it('refuses a silence without matchers or with an empty window with 422', async () => {
    const none = await post('/api/silences', { matchers: {}, startsAt: '2024-05-01T00:00:00Z', endsAt: '2024-06-01T00:00:00Z', comment: 'x' }, operator());
    expect([none.status, none.json().error.code]).toEqual([422, 'SILENCE_NO_MATCHERS']);
    const empty = await post('/api/silences', { matchers: { kinds: ['aerial'] }, startsAt: '2024-06-01T00:00:00Z', endsAt: '2024-05-01T00:00:00Z', comment: 'x' }, operator());
    expect(empty.json().error.code).toBe('SILENCE_EMPTY_WINDOW');
    const forged = await post('/api/silences', { matchers: { kinds: ['aerial'] }, startsAt: '2024-05-01T00:00:00Z', endsAt: '2024-06-01T00:00:00Z', comment: 'x', author: 'someone-else' }, operator());
    expect(forged.status).toBe(400);
  });
});

describe('evidence', () => {
  it('serves before and after chips as PNGs of the same size that differ', async () => {
    const fp = fx.store.listAlerts({ segmentIds: [fx.store.listAlerts({ limit: 1 }).items[0]!.segmentId], limit: 1 }).items[0]!.fingerprint;
    const before = await call(api.port, 'GET', `/api/alerts/${fp}/chips/before.png`, { token: analyst() });
    const after = await call(api.port, 'GET', `/api/alerts/${fp}/chips/after.png`, { token: analyst() });
    expect([before.status, after.status]).toEqual([200, 200]);
    expect(before.headers['content-type']).toBe('image/png');
    const a = await sharp(before.body).raw().toBuffer({ resolveWithObject: true });
    const b = await sharp(after.body).raw().toBuffer({ resolveWithObject: true });
    expect([a.info.width, a.info.height]).toEqual([b.info.width, b.info.height]);
    expect(a.data.equals(b.data)).toBe(false);
  });

  it('says "evidence unavailable" when the alert\'s tile is not in the catalog', async () => {
    const alert = fx.store.listAlerts({ limit: 1000 }).items.find((x) => x.segmentId.startsWith('KAZ-643'))!;
    fx.store.db.prepare('DELETE FROM tiles WHERE sha256 = ?').run(alert.current.sha256);
    const detail = (await call(api.port, 'GET', `/api/alerts/${alert.fingerprint}`, { token: analyst() })).json();
    expect(detail.evidence).toEqual({ available: false, reason: expect.stringContaining('not in the tile catalog') });
    const chip = await call(api.port, 'GET', `/api/alerts/${alert.fingerprint}/chips/after.png`, { token: analyst() });
    expect([chip.status, chip.json().error.code]).toEqual([404, 'EVIDENCE_UNAVAILABLE']);
    expect(chip.json().error.message).toContain('evidence unavailable');
  });
});
