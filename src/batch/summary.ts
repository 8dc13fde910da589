// The end-of-batch summary: what an operator needs to know the batch is finished and what it found.
import type { ApplyResult } from '../io/queue/jobs.js';

export interface BatchSummary {
  /** Catalog entries in this batch. */
  readonly tiles: number;
  /** Tiles that start a footprint's chain, marked done in this run (baselines, nothing to scan). */
  readonly baselines: number;
  /** Tiles already `done` or `rejected` before this run (a re-run scans none of them again). */
  readonly alreadyTerminal: number;
  /** Scans submitted in this run (tiles already terminal are not scanned again). */
  readonly scanned: number;
  readonly done: number;
  readonly rejected: number;
  /** Tiles still not terminal (detached runs, or an interrupted wait). */
  readonly pending: number;
  /** Rejected tiles of this batch: id and code (registration and scan rejections alike). */
  readonly rejections: readonly { readonly tileId: string; readonly code: string }[];
  readonly alerts: { readonly new: number; readonly updated: number; readonly reopened: number; readonly suppressed: number; readonly unchanged: number };
  readonly elapsedMs: number;
  readonly watchedPixels: number;
  readonly runner: string;
}

export function emptyAlertCounts() {
  return { new: 0, updated: 0, reopened: 0, suppressed: 0, unchanged: 0 };
}

export function addApplied(counts: ReturnType<typeof emptyAlertCounts>, r: ApplyResult): void {
  counts.new += r.created;
  counts.updated += r.updated;
  counts.reopened += r.reopened;
  counts.suppressed += r.suppressed;
  counts.unchanged += r.unchanged;
}

export function formatSummary(s: BatchSummary): string {
  const seconds = s.elapsedMs / 1000;
  const byCode = new Map<string, number>();
  for (const r of s.rejections) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  const codes = [...byCode.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => `${c} ×${n}`).join(', ');
  const rate = seconds > 0 ? `${(s.scanned / seconds).toFixed(2)} tiles/s, ${(s.watchedPixels / 1e6 / seconds).toFixed(2)} Mpx/s watched` : '–';
  const lines = [
    `batch: ${s.tiles} tile(s): ${s.scanned} scanned, ${s.baselines} new first baseline(s), ${s.alreadyTerminal} already finished — ${s.runner}`,
    `  done       ${s.done}`,
    `  rejected   ${s.rejected}${codes ? `  (${codes})` : ''}`,
    ...(s.pending ? [`  pending    ${s.pending}  (not terminal yet: see borderwatch status)`] : []),
    `  alerts     new ${s.alerts.new}, updated ${s.alerts.updated}, reopened ${s.alerts.reopened}, suppressed ${s.alerts.suppressed}, unchanged ${s.alerts.unchanged}`,
    `  time       ${seconds.toFixed(1)} s, ${rate}`,
  ];
  for (const r of s.rejections.slice(0, 20)) lines.push(`  rejected ${r.tileId}: ${r.code}`);
  if (s.rejections.length > 20) lines.push(`  … and ${s.rejections.length - 20} more rejected (borderwatch tiles list --status rejected)`);
  return lines.join('\n');
}
