// `borderwatch bench`: scan a synthetic pair several times, each run in a fresh process so peak
// RSS is that run's own, and print per-stage wall time, Mpx/s and peak RSS (medians).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generatePair } from '../../bench/generate.js';
import { InputError } from '../../core/errors.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';
import { PROJECT_ROOT } from './demo.js';

interface RunFigures { wallMs: number; cpuMs: number; maxRssMiB: number; timingsMs: Record<string, number>; candidates: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function runOnce(baseline: string, current: string, segments: string): RunFigures {
  const res = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'borderwatch.js'), 'bench-scan', baseline, current, segments], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`bench-scan failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as RunFigures;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { size: 'number', runs: 'number', seed: 'number', data: 'string', mode: 'string', help: 'boolean' });
  if (args.flags.help) {
    console.log('usage: borderwatch bench [--size 2048] [--runs 3] [--mode corridor|whole|both] [--data DIR] [--seed 1]\n\nGenerates (once) a synthetic Sentinel-2-like pair in DIR (default .tmp/bench) and scans it RUNS times per mode in fresh processes.');
    return 0;
  }
  const size = optionalNumber(args, 'size') ?? 2048;
  const runs = optionalNumber(args, 'runs') ?? 3;
  const mode = optionalString(args, 'mode') ?? 'both';
  if (!['corridor', 'whole', 'both'].includes(mode)) throw new InputError('ARGS_INVALID', `--mode must be corridor, whole or both`);
  const dir = optionalString(args, 'data') ?? join(PROJECT_ROOT, '.tmp', 'bench');
  const t0 = performance.now();
  const pair = generatePair(dir, size, optionalNumber(args, 'seed') ?? 1);
  console.log(`pair ${size}² (4 bands uint16, 512² tiles, DEFLATE+pred2) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${pair.baseline}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${runs} runs, each in a fresh process`);
  const modes = mode === 'both' ? ['corridor', 'whole'] : [mode];
  for (const m of modes) {
    runOnce(pair.baseline, pair.current, m === 'whole' ? pair.wholeTile : pair.segments); // warm-up: page cache
    const figures = Array.from({ length: runs }, () => runOnce(pair.baseline, pair.current, m === 'whole' ? pair.wholeTile : pair.segments));
    const wall = median(figures.map((f) => f.wallMs));
    const stages = Object.keys(figures[0]!.timingsMs);
    console.log(`\n${m === 'whole' ? 'whole tile watched' : 'border corridors'}: ${figures[0]!.candidates} alert candidates`);
    console.log(`  wall ${(wall / 1000).toFixed(3)} s  cpu ${(median(figures.map((f) => f.cpuMs)) / 1000).toFixed(3)} s  ${((size * size) / 1e6 / (wall / 1000)).toFixed(1)} Mpx/s  peak RSS ${median(figures.map((f) => f.maxRssMiB)).toFixed(0)} MiB`);
    console.log(`  stages (ms): ${stages.map((s) => `${s} ${median(figures.map((f) => f.timingsMs[s] ?? 0)).toFixed(0)}`).join(' · ')}`);
  }
  return 0;
}
