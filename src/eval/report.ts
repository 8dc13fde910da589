// Renders eval results as a markdown table (per pair, then pooled per dataset group) and JSON.
import type { PairResult, PooledResult } from './evaluate.js';

export interface EvalReport {
  readonly method: string;
  readonly data: string;
  readonly pairs: readonly PairResult[];
  readonly pooled: readonly PooledResult[];
}

const f3 = (x: number): string => x.toFixed(3);
const opt = (x: number | null, digits = 1): string => (x === null ? 'n/a' : x.toFixed(digits));

export function reportMarkdown(r: EvalReport): string {
  const lines = [
    `# borderwatch eval — method \`${r.method}\``,
    '',
    `Data: \`${r.data}\` (${r.pairs.length} labelled pairs). Pixel figures count only labelled, observed pixels.`,
    '',
    '| pair | method | precision | recall | F1 | kappa | OA | false alerts / 100 km² | true blobs caught |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.pairs.map((p) =>
      `| ${p.name} | ${p.method} | ${f3(p.scores.precision)} | ${f3(p.scores.recall)} | ${f3(p.scores.f1)} | ${f3(p.scores.kappa)} | ${f3(p.scores.overallAccuracy)} | ${opt(p.falseAlertsPer100Km2)} | ${p.alerts.truthBlobsCaught}/${p.alerts.truthBlobs} |`),
    '',
    '## Pooled (pixel counts summed over pairs)',
    '',
    '| group | pairs | precision | recall | F1 | kappa | OA | false alerts / 100 km² | share of true blobs caught |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.pooled.map((p) =>
      `| ${p.group} | ${p.pairs} | ${f3(p.scores.precision)} | ${f3(p.scores.recall)} | ${f3(p.scores.f1)} | ${f3(p.scores.kappa)} | ${f3(p.scores.overallAccuracy)} | ${opt(p.falseAlertsPer100Km2)} | ${f3(p.truthBlobsCaughtShare)} |`),
    '',
  ];
  return lines.join('\n');
}

export function reportJson(r: EvalReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
