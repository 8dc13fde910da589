// The notifier against a real HTTP receiver and a real SQLite store: every new or reopened alert
// reaches the webhook once with its idempotency key, transient failures are retried with backoff,
// refusals are not. Alerts are hand-built candidates (test/unit/alerts/make-candidate.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookNotifier } from '../../../src/io/notify/webhook-notifier.js';
import type { WebhookBody } from '../../../src/io/notify/webhook-body.js';
import { notifierLease } from '../../../src/io/notify/notifier-lease.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { outboxCounts } from '../../../src/io/store/outbox.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from '../store/temp-store.js';
import { startReceiver, type Answer, type Receiver } from './receiver.js';

const JUNE = 'kz-r042/2021-06-01';
const JULY = 'kz-r042/2021-07-01';

function seedAlerts(store: AlertStore, fingerprints: readonly string[]): void {
  store.applyCandidates(fingerprints.map((fp, i) => makeCandidate({ fingerprint: fp, currentTile: JUNE, observedAt: '2021-06-01T06:10:00Z', score: 0.5 + i / 100 })),
    { now: '2021-06-02T00:00:00Z', actor: 'scan:job-1' });
}

describe('webhook notifier on the store outbox', () => {
  let store: AlertStore;
  let path: string;
  let cleanup: () => void;
  let receiver: Receiver | null = null;
  beforeEach(() => {
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
    store.close();
    cleanup();
  });

  async function receive(answer: (n: number) => Answer): Promise<Receiver> {
    receiver = await startReceiver((r) => answer(r.n));
    return receiver;
  }

  it('delivers every new and reopened alert exactly once, in order, with its idempotency key and summary', async () => {
    seedAlerts(store, ['fp-a', 'fp-b', 'fp-c']);
    expect(store.transition('fp-b', { type: 'dismiss', reason: 'seasonal_agriculture' }, 'analyst-1', '2021-06-05T10:00:00Z').ok).toBe(true);
    store.applyCandidates([makeCandidate({ fingerprint: 'fp-b', currentTile: JULY, observedAt: '2021-07-01T06:10:00Z' })],
      { now: '2021-07-02T00:00:00Z', actor: 'scan:job-2' });
    const rx = await receive(() => 200);
    const notifier = new WebhookNotifier(store, { url: rx.url });

    expect(await notifier.drain()).toEqual({ sent: 4, refused: 0, retryInMs: null });
    expect(rx.requests.map((r) => r.key)).toEqual(['fp-a:new', 'fp-b:new', 'fp-c:new', `fp-b:reopened:${JULY}@sha-${JULY}`]);
    expect(rx.requests.every((r) => r.contentType === 'application/json')).toBe(true);
    const reopened = rx.requests[3]!.body as WebhookBody;
    expect(reopened.event).toBe('reopened');
    expect(reopened.idempotencyKey).toBe(rx.requests[3]!.key);
    expect(reopened.alert).toMatchObject({
      fingerprint: 'fp-b', kind: 'ground', segmentId: 'KAZ-RUS-017', side: 'left', state: 'new', authorised: false,
      firstSeen: '2021-06-01T06:10:00.000Z', lastSeen: '2021-07-01T06:10:00.000Z', link: '/api/alerts/fp-b',
    });
    expect(Object.keys(reopened.alert).sort()).toEqual(['areaM2', 'authorised', 'confidence', 'crossesLine', 'distanceToLineM',
      'fingerprint', 'firstSeen', 'kind', 'lastSeen', 'link', 'score', 'segmentId', 'side', 'sideName', 'state'].sort());
    expect((rx.requests[0]!.body as WebhookBody).event).toBe('new');

    // Nothing is sent twice: not by this notifier, nor by a fresh one (a restarted process).
    expect(await notifier.drain()).toEqual({ sent: 0, refused: 0, retryInMs: null });
    expect(await new WebhookNotifier(store, { url: rx.url }).drain()).toMatchObject({ sent: 0 });
    expect(rx.requests).toHaveLength(4);
    expect(outboxCounts(store.db)).toEqual({ sent: 4, pending: 0, failed: 0 });

    // An alert recorded later goes out on the next pass, alone.
    seedAlerts(store, ['fp-d']);
    expect(await notifier.drain()).toMatchObject({ sent: 1 });
    expect(rx.requests.map((r) => r.key).slice(4)).toEqual(['fp-d:new']);
  });

  it('a receiver answering 500 twice then 200 gets the row after two backoffs that grow, and is left alone in between', async () => {
    seedAlerts(store, ['fp-a', 'fp-b']);
    const rx = await receive((n) => (n <= 2 ? 500 : 200));
    let nowMs = Date.parse('2021-06-02T00:00:00Z');
    const notifier = new WebhookNotifier(store, {
      url: rx.url, now: () => nowMs, random: () => 0.5, backoff: { baseMs: 1000, maxMs: 60_000 },
    });

    const first = await notifier.drain();
    expect(first).toEqual({ sent: 0, refused: 0, retryInMs: 750 }); // 1 s · (½ + ½·0.5)
    // The receiver is down: no request at all until the backoff has passed, not one per row.
    nowMs += 700;
    expect(await notifier.drain()).toEqual({ sent: 0, refused: 0, retryInMs: 50 });
    expect(rx.requests).toHaveLength(1);

    nowMs += 50;
    expect(await notifier.drain()).toEqual({ sent: 0, refused: 0, retryInMs: 1500 }); // doubled
    nowMs += 1500;
    expect(await notifier.drain()).toEqual({ sent: 2, refused: 0, retryInMs: null });
    expect(rx.requests.map((r) => r.key)).toEqual(['fp-a:new', 'fp-a:new', 'fp-a:new', 'fp-b:new']);
    const row = store.db.prepare("SELECT attempts, last_error, sent_at FROM outbox WHERE idempotency_key = 'fp-a:new'").get();
    expect(row).toEqual({ attempts: 3, last_error: 'HTTP 500', sent_at: '2021-06-02T00:00:02.250Z' });
  });

  it('a network error or timeout is retried like a 5xx', async () => {
    seedAlerts(store, ['fp-a']);
    const rx = await receive((n) => (n === 1 ? 'hold' : 200));
    const notifier = new WebhookNotifier(store, { url: rx.url, timeoutMs: 200, backoff: { baseMs: 0, maxMs: 0 } });
    const first = await notifier.drain();
    expect(first).toEqual({ sent: 0, refused: 0, retryInMs: 0 });
    expect(store.pendingNotifications()[0]!.lastError).toMatch(/TimeoutError/);
    expect(await notifier.drain()).toMatchObject({ sent: 1 });
    expect(rx.requests.map((r) => r.key)).toEqual(['fp-a:new', 'fp-a:new']);
  });

  it('a 400 refusal is recorded and never retried, by this process or the next, and does not hold up later rows', async () => {
    seedAlerts(store, ['fp-a', 'fp-b', 'fp-c']);
    const rx = await receive((n) => (n === 2 ? 400 : 200));
    const notifier = new WebhookNotifier(store, { url: rx.url });
    expect(await notifier.drain()).toEqual({ sent: 2, refused: 1, retryInMs: null });
    expect(await notifier.drain()).toEqual({ sent: 0, refused: 0, retryInMs: null });
    expect(await new WebhookNotifier(store, { url: rx.url }).drain()).toEqual({ sent: 0, refused: 0, retryInMs: null });
    expect(rx.requests.map((r) => r.key)).toEqual(['fp-a:new', 'fp-b:new', 'fp-c:new']);
    expect(outboxCounts(store.db)).toEqual({ sent: 2, pending: 0, failed: 1 });
    expect(store.pendingNotifications().map((n) => [n.idempotencyKey, n.lastError])).toEqual([['fp-b:new', 'permanent: HTTP 400']]);
  });

  it('429 and 408 are the receiver asking for time, so they are retried, not refused', async () => {
    seedAlerts(store, ['fp-a']);
    const rx = await receive((n) => [429, 408, 200][n - 1]!);
    const notifier = new WebhookNotifier(store, { url: rx.url, backoff: { baseMs: 0, maxMs: 0 } });
    expect(await notifier.drain()).toMatchObject({ sent: 0, refused: 0 });
    expect(await notifier.drain()).toMatchObject({ sent: 0, refused: 0 });
    expect(await notifier.drain()).toMatchObject({ sent: 1, refused: 0 });
    expect(outboxCounts(store.db)).toEqual({ sent: 1, pending: 0, failed: 0 });
  });

  it('only one process per store holds the notifier lease', () => {
    const a = notifierLease(path);
    const b = notifierLease(path);
    expect(a.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    a.release();
    expect(b.tryAcquire()).toBe(true);
    b.release();
  });
});
