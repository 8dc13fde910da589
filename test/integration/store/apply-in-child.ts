// Child process for the concurrent-writer test: opens its own connection to the store and applies
// the same candidates as its siblings in small batches, starting at an agreed instant so the
// batches interleave. Prints its ApplySummary counts as JSON.
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { makeCandidate } from '../../unit/alerts/make-candidate.js';

const [dbPath, startAtMs, countText, batchText, actor] = process.argv.slice(2);
const count = Number(countText);
const batch = Number(batchText);
const store = AlertStore.open(dbPath!, { busyTimeoutMs: 30_000 });
const candidates = Array.from({ length: count }, (_, i) =>
  makeCandidate({ fingerprint: `fp-${String(i).padStart(4, '0')}`, currentTile: 'kz-r042/2021-06-01' }));
while (Date.now() < Number(startAtMs)) { /* wait for the siblings */ }
const totals = { created: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 0 };
for (let i = 0; i < candidates.length; i += batch) {
  const s = store.applyCandidates(candidates.slice(i, i + batch), { now: new Date().toISOString(), actor: actor! });
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += s[k];
}
store.close();
process.stdout.write(JSON.stringify(totals));
