// A streamed scan burns the corridors one block at a time (never a strip-wide mask): the watched
// pixels it hands each block's thread must be exactly those of the corridors burnt over the whole
// strip — on every block seam, for overlapping corridors, a hole, slanted edges and vertices that
// sit exactly on pixel centres and block edges.
import { describe, expect, it } from 'vitest';
import { BlockWatchMask } from '../../../src/core/detect/stream/block-watch-mask.js';
import { burnPolygons, type PixelPolygonRings } from '../../../src/core/raster/rasterise.js';

const WIDTH = 300;
const HEIGHT = 210;
const BLOCK = 64;

const corridors: PixelPolygonRings[] = [
  // Slanted corridor across several block columns and rows.
  [[[3.2, 40.7], [296.4, 120.1], [290.9, 160.5], [0.5, 70.5], [3.2, 40.7]]],
  // A square with a hole, edges on block boundaries and pixel centres.
  [[[64, 64], [192, 64], [192, 192], [64, 192], [64, 64]], [[100.5, 100.5], [150.5, 100.5], [150.5, 150.5], [100.5, 150.5], [100.5, 100.5]]],
  // Overlaps the others; partly outside the tile.
  [[[250, -20], [330, 90], [240, 205], [170, 90], [250, -20]]],
  // Tips poking a pixel past a block column edge (128) and a strip edge (128): one-pixel reach.
  [[[100, 10], [128.6, 20], [128.6, 21], [100, 31], [100, 10]]],
  [[[5, 100], [25, 100], [25, 128.6], [5, 128.6], [5, 100]]],
  // Far outside: must touch nothing.
  [[[1000, 1000], [1010, 1000], [1010, 1010], [1000, 1000]]],
];

/** The mask of every strip assembled from per-block spans, as the threads would mark it. */
function assembled(blockHeight: number): Uint8Array {
  const mask = new Uint8Array(WIDTH * HEIGHT);
  const blocks = new BlockWatchMask(corridors);
  for (let row0 = 0; row0 < HEIGHT; row0 += blockHeight) {
    const rows = Math.min(blockHeight, HEIGHT - row0);
    blocks.startStrip(row0, rows);
    for (let col0 = 0; col0 < WIDTH; col0 += BLOCK) {
      const width = Math.min(BLOCK, WIDTH - col0);
      const spans = blocks.spans(col0, width);
      for (let k = 0; k < spans.length; k += 2) {
        for (let i = spans[k]!; i < spans[k + 1]!; i++) {
          const r = Math.floor(i / width);
          mask[(row0 + r) * WIDTH + col0 + (i % width)] = 1;
        }
      }
    }
  }
  return mask;
}

describe('BlockWatchMask', () => {
  it('hands each block exactly the watched pixels of the corridors burnt over the whole tile', () => {
    const whole = new Uint8Array(WIDTH * HEIGHT);
    burnPolygons(corridors, { col0: 0, row0: 0, width: WIDTH, height: HEIGHT }, whole, 1);
    const watched = whole.reduce((n, v) => n + v, 0);
    expect(watched).toBeGreaterThan(WIDTH * HEIGHT * 0.3);
    expect(watched).toBeLessThan(WIDTH * HEIGHT);
    for (const blockHeight of [64, 50]) expect(assembled(blockHeight)).toEqual(whole);
  });

  it('says a block no corridor reaches is unwatched (no spans), so it is never decoded', () => {
    const blocks = new BlockWatchMask([corridors[0]!]);
    blocks.startStrip(192, 18);
    expect(blocks.spans(0, BLOCK).length).toBe(0);
    blocks.startStrip(64, BLOCK);
    expect(blocks.spans(0, BLOCK).length).toBeGreaterThan(0);
  });
});
