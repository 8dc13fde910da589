// Internal to `borderwatch bench`: one scan in this process, figures printed as one JSON line.
import { scanPair } from '../../pipeline/scan.js';
import { loadSegments } from './scan.js';

export async function run(argv: string[]): Promise<number> {
  const [baseline, current, segments] = argv;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await scanPair({ baselinePath: baseline!, currentPath: current!, segments: await loadSegments(segments!) });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    timingsMs: result.timingsMs,
    candidates: result.candidates.length,
  }));
  return 0;
}
