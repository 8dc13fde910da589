// Pairs each catalog tile with its baseline: per footprint, tiles in acquisition order; the first
// usable tile is the footprint's first baseline, each later one is scanned against the one before —
// or, with a baseline depth N > 1, against the median of N earlier tiles chosen by
// chooseBaselineSet (same season when N such exist, else the N most recent; fewer when fewer exist).
// Rejected tiles are never a baseline. Pure: the catalog records in, the scan jobs out.
import { chooseBaselineSet } from '../core/quality/baseline-set.js';
import type { ScanJobData, ScanJobParams, TileRef } from '../io/queue/jobs.js';
import type { TileRecord } from '../io/store/tile-catalog.js';
import { scanJobId } from './job-id.js';

export interface ScanPlan {
  /** Scans to run: tiles with a baseline that are not yet `done` or `rejected`. */
  readonly jobs: ScanJobData[];
  /** Tiles that start their footprint's chain and are not yet terminal: they are only baselines. */
  readonly firstBaselines: TileRecord[];
}

export interface PlanContext {
  readonly segmentSetVersion: string;
  readonly params: ScanJobParams;
  readonly pipelineVersion: string;
  /** How many earlier tiles make a baseline (their per-pixel median); default 1 = the tile before. */
  readonly baselineDepth?: number;
}

const terminal = (t: TileRecord): boolean => t.status === 'done' || t.status === 'rejected';

function tileRef(t: TileRecord): TileRef {
  return { tileId: t.id, location: t.location, sha256: t.sha256, acquiredAt: t.datetime };
}

/** Acquisition order; ties (same instant) broken by id so the plan is deterministic. */
function byAcquisition(a: TileRecord, b: TileRecord): number {
  const ta = a.datetime ?? '';
  const tb = b.datetime ?? '';
  return ta < tb ? -1 : ta > tb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The baseline tiles of chain[k], oldest first (chain sorted by acquisition, every tile dated). */
function baselineSet(chain: readonly TileRecord[], k: number, depth: number): TileRecord[] {
  if (depth === 1) return [chain[k - 1]!];
  const earlier = chain.slice(0, k);
  return chooseBaselineSet(chain[k]!.datetime!, earlier.map((t) => t.datetime!), { depth }).map((i) => earlier[i]!);
}

export function planScans(tiles: readonly TileRecord[], ctx: PlanContext): ScanPlan {
  const byFootprint = new Map<string, TileRecord[]>();
  for (const t of tiles) {
    if (t.status === 'rejected' || t.datetime === null) continue;
    const list = byFootprint.get(t.footprint) ?? [];
    list.push(t);
    byFootprint.set(t.footprint, list);
  }
  const jobs: ScanJobData[] = [];
  const firstBaselines: TileRecord[] = [];
  for (const footprint of [...byFootprint.keys()].sort()) {
    const chain = byFootprint.get(footprint)!.sort(byAcquisition);
    if (!terminal(chain[0]!)) firstBaselines.push(chain[0]!);
    for (let k = 1; k < chain.length; k++) {
      const current = chain[k]!;
      if (terminal(current)) continue;
      const set = baselineSet(chain, k, ctx.baselineDepth ?? 1);
      const job = {
        footprint,
        baseline: tileRef(set.at(-1)!),
        ...(set.length > 1 ? { baselines: set.map(tileRef) } : {}),
        current: tileRef(current),
        segmentSetVersion: ctx.segmentSetVersion,
        params: ctx.params,
      };
      jobs.push({ jobId: scanJobId({ ...job, pipelineVersion: ctx.pipelineVersion }), ...job });
    }
  }
  return { jobs, firstBaselines };
}
