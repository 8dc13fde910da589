// Internal to `borderwatch bench`: one scan in this process, figures printed as one JSON line.
// argv: BASELINE CURRENT SEGMENTS [PARAMS_JSON]; threads and memory budget from BW_WORKERS /
// BW_MAX_MEMORY_MB like any scan.
import { loadConfig } from '../../config.js';
import { scanPair, type ScanParams } from '../../pipeline/scan.js';
import { loadSegments } from './scan.js';

export async function run(argv: string[]): Promise<number> {
  const [baseline, current, segments, paramsJson] = argv;
  const config = loadConfig();
  const params = paramsJson ? (JSON.parse(paramsJson) as Partial<ScanParams>) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await scanPair({
    baselinePath: baseline!,
    currentPath: current!,
    segments: await loadSegments(segments!),
    ...(params ? { params } : {}),
    engine: { threads: config.workers, maxMemoryMb: Math.min(config.maxMemoryMb, 512) },
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    timingsMs: result.timingsMs,
    candidates: result.candidates.length,
    decodedBlocks: result.report.decodedBlocks,
    totalBlocks: result.report.totalBlocks,
  }));
  return 0;
}
