// A batch from start to summary: catalog sources → registered tiles → pairs → runner → summary.
// The runner decides where scans run; this module only plans and reports.
import type { ApplyResult, SegmentSet } from '../io/queue/jobs.js';
import type { BatchRunner } from '../io/queue/runner.js';
import type { AlertStore } from '../io/store/alert-store.js';
import { DEFAULT_SCAN_PARAMS, PIPELINE_VERSION, type ScanParams } from '../pipeline/scan.js';
import { catalogSources } from './catalog-source.js';
import { planScans } from './plan.js';
import { createProgress, type ProgressSink } from './progress.js';
import { registerTiles } from './register.js';
import { addApplied, emptyAlertCounts, type BatchSummary } from './summary.js';

export interface BatchRequest {
  /** A folder of `<footprint>/<acquisition>.tif` or a STAC ItemCollection file. */
  readonly input: string;
  readonly segmentSet: SegmentSet;
  readonly params?: Partial<ScanParams>;
  /** Sentinel-2 band names of the tiles: turns the aerial stage on (part of every job's identity). */
  readonly bandNames?: readonly string[];
  /** Earlier tiles whose median is each tile's baseline (default 1: the tile before). */
  readonly baselineDepth?: number;
}

export interface BatchEnvironment {
  readonly store: AlertStore;
  readonly runner: BatchRunner;
  readonly now: () => string;
  readonly clockMs: () => number;
  readonly progress: ProgressSink;
}

export async function runBatch(req: BatchRequest, env: BatchEnvironment): Promise<BatchSummary> {
  const started = env.clockMs();
  const { store, runner, now } = env;
  const sources = await catalogSources(req.input);
  const registered = await registerTiles(store, sources, now);
  const params: ScanParams = { ...DEFAULT_SCAN_PARAMS, ...req.params };
  const plan = planScans(registered.map((r) => r.tile), {
    segmentSetVersion: req.segmentSet.version,
    params: { ...params, ...(req.bandNames?.length ? { bands: req.bandNames.join(',') } : {}) },
    pipelineVersion: PIPELINE_VERSION,
    baselineDepth: req.baselineDepth ?? 1,
  });
  for (const first of plan.firstBaselines) store.setTileStatus(first.id, 'done', now());

  const alerts = emptyAlertCounts();
  let watchedPixels = 0;
  let finished = 0;
  let rejected = 0;
  const progress = createProgress(env.progress, env.clockMs);
  const total = plan.jobs.length;
  if (total > 0) progress.update({ finished, rejected, total });
  await runner.run(plan.jobs, req.segmentSet, (r: ApplyResult) => {
    addApplied(alerts, r);
    watchedPixels += r.watchedPixels;
    finished++;
    if (r.status === 'rejected') rejected++;
    progress.update({ finished, rejected, total });
  });
  progress.finish();

  const tiles = sources.map((s) => store.getTile(s.id)!);
  const rejections = tiles.filter((t) => t.status === 'rejected').map((t) => ({ tileId: t.id, code: t.rejectCode ?? 'UNKNOWN' }));
  return {
    tiles: tiles.length,
    baselines: plan.firstBaselines.length,
    alreadyTerminal: registered.filter((r) => r.tile.status === 'done' || r.tile.status === 'rejected').length,
    scanned: plan.jobs.length,
    done: tiles.filter((t) => t.status === 'done').length,
    rejected: rejections.length,
    pending: tiles.filter((t) => t.status !== 'done' && t.status !== 'rejected').length,
    rejections,
    alerts,
    elapsedMs: env.clockMs() - started,
    watchedPixels,
    runner: runner.description,
  };
}
