// A readable summary of a scan for a terminal: one row per alert, most urgent first.
import type { AlertCandidate } from '../core/alerts/candidate.js';

function fmt(v: number | null, digits = 0): string {
  return v === null ? '—' : v.toFixed(digits);
}

/** Unauthorised first, then crossing the line, then score. */
export function byUrgency(a: AlertCandidate, b: AlertCandidate): number {
  return Number(a.authorised) - Number(b.authorised) || Number(b.crossesLine === true) - Number(a.crossesLine === true) || b.score - a.score || (a.fingerprint < b.fingerprint ? -1 : 1);
}

export function summaryTable(candidates: readonly AlertCandidate[], limit = 25): string {
  const header = ['segment', 'kind', 'side', 'dist m', 'crosses', 'area m²', 'score', 'confidence', 'status'];
  const rows = [...candidates].sort(byUrgency).slice(0, limit).map((c) => [
    c.segmentId,
    c.kind,
    c.side === null ? '—' : c.sideName ? `${c.side} (${c.sideName})` : c.side,
    fmt(c.distanceToLineM),
    c.crossesLine === null ? '—' : c.crossesLine ? 'yes' : 'no',
    fmt(c.areaM2),
    c.score.toFixed(2),
    c.confidence,
    c.authorised ? `authorised (${c.authorisation?.name ?? c.authorisation?.zoneId})` : c.inhibition ? `inhibited (${Math.round(c.inhibition.observedShare * 100)} % seen)` : 'ALERT',
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]): string => r.map((cell, k) => (k >= 3 && k <= 6 ? cell.padStart(widths[k]!) : cell.padEnd(widths[k]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (candidates.length > limit) out.push(`… and ${candidates.length - limit} more (see the GeoJSON)`);
  return out.join('\n');
}
