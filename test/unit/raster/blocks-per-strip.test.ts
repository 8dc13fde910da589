// Spec: a streamed reader sizes what it decodes ahead by how many internal blocks of one strip the
// corridors can touch — never fewer than they do touch (memory would overrun the budget), and for
// thin corridors far fewer than the strip's width (or the threads would never be used).
import { describe, expect, it } from 'vitest';
import { maxBlocksPerStrip, watchArea, watchGeometry, watchedBlocks } from '../../../src/core/raster/watch-area.js';
import { transformer, WGS84 } from '../../../src/core/geo/crs.js';
import { syntheticGrid } from '../../../src/bench/generate.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const grid = syntheticGrid(2048);
const BLOCK = 256;
const toGrid = transformer(WGS84, grid.crs);

function touchedPerStrip(segments: Parameters<typeof watchArea>[0]): number {
  const counts = new Map<string, number>();
  for (const key of watchedBlocks(watchArea(segments, grid, toGrid), BLOCK, BLOCK)) {
    const by = key.split(',')[1]!;
    counts.set(by, (counts.get(by) ?? 0) + 1);
  }
  return Math.max(...counts.values());
}

describe('blocks a strip of the watch area can touch', () => {
  const { px, segment, wholeTile } = pixelSegments(grid);

  it('is every block across for a whole-tile watch', () => {
    const g = watchGeometry(wholeTile(), grid, toGrid);
    expect(maxBlocksPerStrip(g.polygons, g.window!, BLOCK, BLOCK)).toBe(2048 / BLOCK);
  });

  it('bounds the blocks thin diagonal corridors really touch, from above and not by much', () => {
    const corridors = [
      segment('a', [px(100, 100), px(140, 100), px(900, 1200), px(860, 1200), px(100, 100)]),
      segment('b', [px(1500, 300), px(1540, 300), px(1540, 1900), px(1500, 1900), px(1500, 300)]),
    ];
    const g = watchGeometry(corridors, grid, toGrid);
    const bound = maxBlocksPerStrip(g.polygons, g.window!, BLOCK, BLOCK);
    const touched = touchedPerStrip(corridors);
    expect(bound).toBeGreaterThanOrEqual(touched);
    expect(bound).toBeLessThan(2048 / BLOCK);
  });
});
