// Internal to `borderwatch bench`: one scan in this process, figures printed as one JSON line.
// argv: BASELINE CURRENT SEGMENTS [PARAMS_JSON] [CLIP_SEGMENTS]; threads and memory budget from
// BW_WORKERS / BW_MAX_MEMORY_MB like any scan. With CLIP_SEGMENTS (a whole-tile run), the change
// polygons found are then clipped to those segments and timed alone: the peers' spatial join.
import { scanPair, type ScanParams } from '../../pipeline/scan.js';
import type { MultiPolygon, Polygon } from 'geojson';
import { clipToSegments } from '../../core/geo/clip.js';
import { polygonsOf } from '../../core/geo/measure.js';
import { SegmentIndex } from '../../core/geo/segment-index.js';
import { loadSegments, scanEngine } from './scan.js';

export async function run(argv: string[]): Promise<number> {
  const [baseline, current, segments, paramsJson, clipSegments] = argv;
  const params = paramsJson && paramsJson !== '-' ? (JSON.parse(paramsJson) as Partial<ScanParams>) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await scanPair({
    baselinePath: baseline!,
    currentPath: current!,
    segments: await loadSegments(segments!),
    ...(params ? { params } : {}),
    engine: scanEngine(),
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const clip = clipSegments ? await timeClip(result.candidates.map((c) => c.geometry), clipSegments) : undefined;
  console.log(JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    timingsMs: result.timingsMs,
    candidates: result.candidates.length,
    polygons: result.candidates.reduce((n, c) => n + polygonsOf(c.geometry).length, 0),
    decodedBlocks: result.report.decodedBlocks,
    totalBlocks: result.report.totalBlocks,
    ...(clip ? { clip } : {}),
  }));
  return 0;
}

/** Clips each change polygon (a whole-tile run's candidates) to the segments; cold, like a scan's first clip. */
async function timeClip(changes: readonly (Polygon | MultiPolygon)[], segmentsPath: string): Promise<{ ms: number; polygons: number; segments: number; pieces: number; alerts: number }> {
  const segments = await loadSegments(segmentsPath);
  const polygons: Polygon[] = changes.flatMap((g) => polygonsOf(g).map((coordinates) => ({ type: 'Polygon' as const, coordinates })));
  const t0 = performance.now();
  const index = new SegmentIndex(segments);
  let pieces = 0;
  const alerts = new Set<string>();
  for (const [i, p] of polygons.entries()) {
    for (const piece of clipToSegments(p, index)) {
      pieces++;
      alerts.add(`${i}:${piece.segment.id}`);
    }
  }
  return { ms: performance.now() - t0, polygons: polygons.length, segments: segments.length, pieces, alerts: alerts.size };
}
