// Duplicates only in the crash window: `borderwatch notify` runs as a child process and is killed
// with SIGKILL while the receiver holds a request open (received, not yet answered, so not yet
// marked sent). Each restart re-sends exactly that row with the same Idempotency-Key.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { outboxCounts } from '../../../src/io/store/outbox.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from '../store/temp-store.js';
import { startReceiver, type Receiver } from './receiver.js';

const CHILD = fileURLToPath(new URL('./notify-child.ts', import.meta.url));
const KILLS = 3;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('notify killed between the receiver getting a row and marking it sent', () => {
  let store: AlertStore;
  let path: string;
  let cleanup: () => void;
  let receiver: Receiver;
  let holdAt = Infinity;
  beforeEach(async () => {
    ({ path, cleanup } = tempDbPath());
    store = AlertStore.open(path);
    receiver = await startReceiver((r) => (r.n === holdAt ? 'hold' : 200));
  });
  afterEach(async () => {
    await receiver.close();
    store.close();
    cleanup();
  });

  function spawnNotify(args: string[]): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, BW_DB: path, BW_WEBHOOK_URL: receiver.url, BW_BACKOFF_MS: '50' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it(`re-sends only the row in flight at each of ${KILLS} kill -9s, with the same key; every alert is delivered`, async () => {
    const fingerprints = ['fp-1', 'fp-2', 'fp-3', 'fp-4', 'fp-5', 'fp-6'];
    store.applyCandidates(fingerprints.map((fp) => makeCandidate({ fingerprint: fp })), { now: '2021-06-02T00:00:00Z', actor: 'scan:job-1' });
    const heldKeys: string[] = [];

    for (let kill = 0; kill < KILLS; kill++) {
      // Each run delivers one row, then the receiver holds the next one open and we kill.
      holdAt = receiver.requests.length + 2;
      const child = spawnNotify(['--poll-ms', '50']);
      const exit = exited(child);
      await receiver.waitFor(holdAt);
      const held = receiver.requests[holdAt - 1]!.key!;
      heldKeys.push(held);
      // The receiver has it, the store does not know: this is the crash window.
      expect(store.pendingNotifications().map((n) => n.idempotencyKey)).toContain(held);
      child.kill('SIGKILL');
      expect(await exit).toBeNull();
    }

    holdAt = Infinity;
    const last = spawnNotify(['--once']);
    let stdout = '';
    last.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
    expect(await exited(last)).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ outbox: { sent: 6, pending: 0, failed: 0 } });

    const keys = receiver.requests.map((r) => r.key!);
    const times = new Map<string, number>();
    for (const k of keys) times.set(k, (times.get(k) ?? 0) + 1);
    const duplicated = [...times].filter(([, n]) => n > 1).map(([k]) => k);
    // Every alert reached the receiver; the only repeats are the rows held at a kill, once each.
    expect([...times.keys()].sort()).toEqual(fingerprints.map((fp) => `${fp}:new`));
    expect(keys.length - times.size).toBe(KILLS);
    expect(duplicated.sort()).toEqual([...heldKeys].sort());
    expect(duplicated.every((k) => times.get(k) === 2)).toBe(true);
    // Order survives the crashes: a re-sent row goes out before anything newer.
    expect(keys).toEqual(['fp-1:new', 'fp-2:new', 'fp-2:new', 'fp-3:new', 'fp-3:new', 'fp-4:new', 'fp-4:new', 'fp-5:new', 'fp-6:new']);
    expect(outboxCounts(store.db)).toEqual({ sent: 6, pending: 0, failed: 0 });
  }, 60_000);

  it('two notify processes on one store (e.g. serve and the alert worker) send each row once: one holds the lease, the other stands by', async () => {
    const fingerprints = ['fp-1', 'fp-2', 'fp-3', 'fp-4'];
    store.applyCandidates(fingerprints.map((fp) => makeCandidate({ fingerprint: fp })), { now: '2021-06-02T00:00:00Z', actor: 'scan:job-1' });
    const children = [spawnNotify(['--poll-ms', '20']), spawnNotify(['--poll-ms', '20'])];
    const exits = children.map(exited);
    const logs = children.map((c) => {
      const lines: string[] = [];
      c.stderr!.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
      return lines;
    });
    const logged = (event: string) => logs.filter((lines) => lines.some((l) => (JSON.parse(l) as { event: string }).event === event)).length;
    await until(() => logged('notify-started') === 2 && receiver.requests.length >= 4);
    seedLater(store);
    await receiver.waitFor(5);
    // Both are up and polling every 20 ms; give the stand-by one a few more polls before stopping.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged('notify-standby')).toBe(1);
    for (const c of children) c.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
    expect(receiver.requests.map((r) => r.key)).toEqual([...fingerprints, 'fp-later'].map((fp) => `${fp}:new`));
  }, 60_000);
});

function seedLater(store: AlertStore): void {
  store.applyCandidates([makeCandidate({ fingerprint: 'fp-later' })], { now: '2021-06-03T00:00:00Z', actor: 'scan:job-2' });
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
