// Rule: decode threads a command starts before it knows its pair give the scan exactly the answers
// of threads started with the pair (they are told their files by message), are adopted only by a
// pool of their size, and never keep a process alive that ends without scanning.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { adoptPairThreads, startPairThreadsEarly } from '../../../src/io/tiff/early-pair-threads.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { PairBlockWorker, type PairBlockTask } from '../../../src/io/tiff/pair-blocks.js';
import { PairBlockPool } from '../../../src/io/tiff/pair-pool.js';
import { streamableFiles } from '../../../src/pipeline/stream-scan.js';
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
    expect(adoptPairThreads(2)).toBeNull();
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
    expect(adoptPairThreads(2)).toBeNull();
  });

  it('are adopted only by a pool of their number and heap cap', () => {
    startPairThreadsEarly(2);
    expect(adoptPairThreads(3)).toBeNull();
    // The mismatch stopped them: nothing is left for a pool of 2 either.
    expect(adoptPairThreads(2)).toBeNull();
  });

  it('are the ones a pool of their size decodes on, and answer as a thread started with the files', async () => {
    const tile = await openTile(baselinePath);
    const files = streamableFiles(tile, tile)!;
    await tile.close();
    const task = (id: number, bx: number): PairBlockTask => ({ id, bx, by: 1, watchSpans: Int32Array.of(0, 64 * 64), threshold: 600, wantState: true, windowRow: 0, windowCol: 0,
      region: { bands: files.before.bands, blockWidth: 64, col0: 0, row0: 0, width: 64, height: 64, stateOffset: 0, stateStride: 64 } });
    const inline = new PairBlockWorker(files);
    const expected = [inline.run(task(0, 2)), inline.run(task(1, 3))];
    inline.close();
    startPairThreadsEarly(2);
    const pool = new PairBlockPool(files, 2);
    try {
      expect(pool.startedEarly).toBe(true);
      const got = await Promise.all([pool.run(task(0, 2)), pool.run(task(1, 3))]);
      for (const [k, r] of got.entries()) {
        expect(r.changes).toEqual(expected[k]!.changes);
        expect(r.state).toEqual(expected[k]!.state);
        expect(r.watched).toBe(64 * 64);
      }
    } finally {
      await pool.close();
    }
  });

  it('do not keep a process alive that never scans', () => {
    const module = pathToFileURL(join(process.cwd(), 'src/io/tiff/early-pair-threads.ts')).href;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); m.startPairThreadsEarly(2); console.log('done');`], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout.trim()).toBe('done');
    expect(run.status).toBe(0);
  });
});
