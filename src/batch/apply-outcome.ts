// Applies one scan outcome to the store: alerts and the tile's terminal status in one transaction,
// so a crash leaves either both or neither, and applying the same outcome twice changes nothing.
import type { ApplyResult, ScanOutcome } from '../io/queue/jobs.js';
import type { AlertStore } from '../io/store/alert-store.js';

export function applyOutcome(store: AlertStore, outcome: ScanOutcome, now: string): ApplyResult {
  const write = store.db.transaction((): ApplyResult => {
    if (outcome.kind === 'rejected') {
      const moved = store.setTileStatus(outcome.tileId, 'rejected', now, { code: outcome.code, message: outcome.message });
      if (!moved.ok && moved.reason === 'unknown_tile') throw new Error(`outcome for unknown tile ${outcome.tileId}`);
      return { tileId: outcome.tileId, status: 'rejected', code: outcome.code, created: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 0, watchedPixels: 0 };
    }
    const tile = store.getTile(outcome.tileId);
    if (!tile) throw new Error(`outcome for unknown tile ${outcome.tileId}`);
    // Delivered twice (at least once): the observations are keyed by acquisition, so the second
    // application finds every candidate already recorded and counts it `unchanged`.
    const s = store.applyCandidates(outcome.candidates, { now, actor: `scan:${outcome.jobId}` });
    store.setTileStatus(outcome.tileId, 'done', now);
    return {
      tileId: outcome.tileId, status: 'done', code: null, created: s.created, updated: s.updated, reopened: s.reopened,
      suppressed: s.suppressed, unchanged: s.unchanged, watchedPixels: outcome.watchedPixels,
    };
  });
  return write.immediate();
}
