import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';
import { tempDbPath } from './temp-store.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./apply-in-child.ts', import.meta.url));

describe('concurrent writers', () => {
  let path: string;
  let cleanup: () => void;
  beforeEach(() => ({ path, cleanup } = tempDbPath()));
  afterEach(() => cleanup());

  it('three processes applying the same 300 candidates at once create each alert exactly once', async () => {
    const N = 300;
    const startAt = Date.now() + 2500;
    const children = ['w1', 'w2', 'w3'].map((actor) =>
      run(process.execPath, ['--import', 'tsx', CHILD, path, String(startAt), String(N), '7', actor], { timeout: 60_000 }));
    const summaries = (await Promise.all(children)).map((r) => JSON.parse(r.stdout) as Record<string, number>);

    expect(summaries.reduce((s, x) => s + x.created!, 0)).toBe(N);
    expect(summaries.reduce((s, x) => s + x.unchanged!, 0)).toBe(2 * N);
    const store = AlertStore.open(path);
    const one = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
    expect(one('SELECT COUNT(*) AS n FROM alerts')).toBe(N);
    expect(one('SELECT COUNT(*) AS n FROM alert_observations')).toBe(N);
    expect(one('SELECT MAX(observation_count) AS n FROM alerts')).toBe(1);
    expect(one("SELECT COUNT(*) AS n FROM alert_events WHERE type = 'created'")).toBe(N);
    expect(one('SELECT COUNT(*) AS n FROM outbox')).toBe(N);
    store.close();
  });

  it('two connections in one process: the second sees the first one’s alerts and adds none', () => {
    const a = AlertStore.open(path);
    const b = AlertStore.open(path);
    const cands = [makeCandidate({ fingerprint: 'fp-1' }), makeCandidate({ fingerprint: 'fp-2' })];
    expect(a.applyCandidates(cands, { now: '2021-06-02T00:00:00Z', actor: 'a' }).created).toBe(2);
    expect(b.applyCandidates(cands, { now: '2021-06-02T00:00:01Z', actor: 'b' })).toMatchObject({ created: 0, unchanged: 2 });
    expect(b.listAlerts().total).toBe(2);
    a.close();
    b.close();
  });
});
