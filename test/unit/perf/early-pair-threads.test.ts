// Rule: decode threads a command starts before it knows its pair give the scan exactly the answers
// of threads started with the pair (they are told their files by message), are adopted only by a
// pool of their size, and never keep a process alive that ends without scanning.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { adoptPairThreads, PAIR_THREAD_HEAP_MB, startPairThreadsEarly } from '../../../src/io/tiff/early-pair-threads.js';
import { scanPair, type ScanParams } from '../../../src/pipeline/scan.js';
import type { BorderSegment } from '../../../src/core/types.js';
import { writeSyntheticPair } from '../../helpers/synthetic-pair.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const SIZE = 512;
const PEER: Partial<ScanParams> = { threshold: 600, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: 400 };

let baselinePath = '';
let currentPath = '';
let corridors: BorderSegment[] = [];

beforeAll(() => {
  const written = writeSyntheticPair('bw-early-threads-', SIZE, 5, 64);
  ({ baselinePath, currentPath } = written);
  const { px, segment } = pixelSegments(written.grid);
  corridors = [
    segment('a', [px(20, 30), px(20, 300), px(200, 300), px(200, 30), px(20, 30)]),
    segment('b', [px(180, 250), px(180, 500), px(480, 500), px(480, 250), px(180, 250)]),
  ];
});

const scan = (params?: Partial<ScanParams>) =>
  scanPair({ baselinePath, currentPath, segments: corridors, ...(params ? { params } : {}), engine: { threads: 2, maxMemoryMb: 64 } });

describe('decode threads started before the pair is known', () => {
  it.each([
    ["the peers' rule", PEER],
    ['the product defaults', undefined],
  ] as const)('give the same alerts and coverage as threads started with the pair (%s)', async (_name, params) => {
    const fresh = await scan(params);
    startPairThreadsEarly(2);
    const early = await scan(params);
    // Adopted: none are left waiting for the next pool.
    expect(adoptPairThreads(2, PAIR_THREAD_HEAP_MB)).toBeNull();
    expect(fresh.candidates.length).toBeGreaterThan(0);
    expect(early.candidates).toEqual(fresh.candidates);
    expect(early.report.coverage).toEqual(fresh.report.coverage);
  });

  it.each([
    ['holds the pair in memory', { threads: 2, maxMemoryMb: 64, streaming: 'never' as const }],
    ['decodes on its own thread', { threads: 0, maxMemoryMb: 64 }],
    ['decodes on its own thread: its strips do not fit the budget (product defaults)', { threads: 2, maxMemoryMb: 1 }, null],
  ])('are stopped, not left idle, by a scan that %s', async (_name, engine, params: Partial<ScanParams> | null = PEER) => {
    startPairThreadsEarly(2);
    const result = await scanPair({ baselinePath, currentPath, segments: corridors, ...(params ? { params } : {}), engine });
    expect(result.candidates.length).toBeGreaterThan(0);
    expect(adoptPairThreads(2, PAIR_THREAD_HEAP_MB)).toBeNull();
  });

  it('are adopted only by a pool of their number and heap cap', () => {
    startPairThreadsEarly(2);
    expect(adoptPairThreads(3, PAIR_THREAD_HEAP_MB)).toBeNull();
    // The mismatch stopped them: nothing is left for a pool of 2 either.
    expect(adoptPairThreads(2, PAIR_THREAD_HEAP_MB)).toBeNull();
    startPairThreadsEarly(2, 128);
    expect(adoptPairThreads(2, PAIR_THREAD_HEAP_MB)).toBeNull();
  });

  it('do not keep a process alive that never scans', () => {
    const module = pathToFileURL(join(process.cwd(), 'src/io/tiff/early-pair-threads.ts')).href;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); m.startPairThreadsEarly(2); console.log('done');`], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout.trim()).toBe('done');
    expect(run.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
