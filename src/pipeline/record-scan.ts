// Put one scan's results in the alert store, the way the analyst review needs them: the segments
// it watched, both tiles in the catalog (so evidence chips can find their pixels), per-segment
// coverage (so "no alert" can be told from "not seen"), and the candidates (create / update /
// reopen / suppress, in one transaction).
import { resolve } from 'node:path';
import type { BorderSegment } from '../core/types.js';
import type { AlertStore } from '../io/store/alert-store.js';
import { isUrlLocation } from '../io/tiff/byte-source.js';
import { recordCoverage, upsertSegments } from '../io/store/segment-repo.js';
import type { ScanResult } from './scan.js';

export interface ScanRecord {
  /** Footprint / place name; tile ids are `<footprint>/<tile stem>` so stems like t1 don't collide. */
  readonly footprint: string;
  readonly segments: readonly BorderSegment[];
  readonly result: ScanResult;
  readonly baselinePath: string;
  readonly currentPath: string;
  readonly now: string;
  readonly actor: string;
}

export interface RecordedScan {
  readonly created: number;
  readonly updated: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly unchanged: number;
}

export function recordScan(store: AlertStore, r: ScanRecord): RecordedScan {
  const { report } = r.result;
  const tileId = (stem: string): string => `${r.footprint}/${stem}`;
  upsertSegments(store.db, r.segments, r.now);
  for (const [src, path] of [[report.baseline, r.baselinePath], [report.current, r.currentPath]] as const) {
    store.upsertTile({ id: tileId(src.tileId), footprint: r.footprint, datetime: src.acquiredAt, bbox: null, crs: null, sha256: src.sha256, location: isUrlLocation(path) ? path : resolve(path) }, r.now);
  }
  recordCoverage(store.db, report.coverage, report.current.acquiredAt ?? r.now, tileId(report.current.tileId));
  const candidates = r.result.candidates.map((c) => ({
    ...c,
    baseline: { ...c.baseline, tileId: tileId(c.baseline.tileId) as typeof c.baseline.tileId },
    current: { ...c.current, tileId: tileId(c.current.tileId) as typeof c.current.tileId },
  }));
  const applied = store.applyCandidates(candidates, { now: r.now, actor: r.actor });
  return { created: applied.created, updated: applied.updated, reopened: applied.reopened, suppressed: applied.suppressed, unchanged: applied.unchanged };
}
