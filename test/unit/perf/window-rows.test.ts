// The streamed scans' window reader must hand every pass the corridors' watch mask and both dates'
// samples exactly as the files hold them, whether a strip was kept between passes or decoded again,
// inline or on threads — while holding, for a strip, only the samples inside its rows' visit spans:
// a window as wide as the tile with two thin corridors costs the corridors, not the width.
import { beforeAll, describe, expect, it } from 'vitest';
import { openTile, type OpenTile } from '../../../src/io/tiff/open.js';
import { streamableFiles } from '../../../src/pipeline/stream-scan.js';
import { WindowRows } from '../../../src/pipeline/window-rows.js';
import { transformer, WGS84 } from '../../../src/core/geo/crs.js';
import { watchArea, watchGeometry } from '../../../src/core/raster/watch-area.js';
import type { BorderSegment, Raster } from '../../../src/core/types.js';
import { writeSyntheticPair } from '../../helpers/synthetic-pair.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';

const SIZE = 1024;
const BLOCK = 128 as const;
const BANDS = 4;

describe('the window reader', () => {
  let baseline: OpenTile;
  let current: OpenTile;
  let corridors: BorderSegment[];

  beforeAll(async () => {
    const { baselinePath, currentPath, grid } = writeSyntheticPair('bw-window-rows-', SIZE, 5, BLOCK);
    baseline = await openTile(baselinePath);
    current = await openTile(currentPath);
    const { px, segment } = pixelSegments(grid);
    corridors = [
      // Near the left edge, slanting across a block seam (column 128).
      segment('west', [px(100, 5), px(120, 5), px(160, 1000), px(140, 1000), px(100, 5)]),
      // Near the right edge: a V, so some rows hold two runs of one corridor.
      segment('east', [px(900, 40), px(960, 700), px(1020, 40), px(1010, 40), px(960, 600), px(910, 40), px(900, 40)]),
    ];
  });

  it('hands every pass the watch mask and both dates\' samples inside the visit spans, kept, decoded again, inline and on threads', async () => {
    const files = streamableFiles(baseline, current)!;
    const area = watchArea(corridors, baseline.grid, transformer(WGS84, baseline.grid.crs));
    const geometry = watchGeometry(corridors, baseline.grid, transformer(WGS84, baseline.grid.crs));
    const win = area.window!;
    const before: Raster = await baseline.readWindow(win);
    const after: Raster = await current.readWindow(win);
    const W = win.width;
    for (const [budgetBytes, threads] of [[0, 0], [0, 2], [64 * 2 ** 20, 0], [64 * 2 ** 20, 2]] as const) {
      const rows = new WindowRows(files, win, geometry, budgetBytes, threads);
      try {
        for (let pass = 0; pass < 2; pass++) {
          let watchedSeen = 0;
          let mismatches = 0;
          let rowsSeen = 0;
          await rows.forEachRow((r, watched, b, a, sampleBase, spans) => {
            rowsSeen++;
            let inSpans = 0;
            for (let k = 0; k < spans.length; k += 2) {
              for (let c = spans[k]!; c < spans[k + 1]!; c++) {
                const i = r * W + c;
                if (watched[c] !== area.mask[i]) mismatches++;
                if (watched[c] !== 1) continue;
                inSpans++;
                for (let band = 0; band < BANDS; band++) {
                  const p = sampleBase[k >> 1]! + c * BANDS + band;
                  if (b[p] !== before.bands[band]![i] || a[p] !== after.bands[band]![i]) mismatches++;
                }
              }
            }
            // Nothing is watched outside the spans.
            let total = 0;
            for (let c = 0; c < W; c++) total += watched[c]!;
            if (total !== inSpans) mismatches++;
            watchedSeen += total;
          });
          expect(rowsSeen).toBe(win.height);
          expect(mismatches).toBe(0);
          expect(watchedSeen).toBe(area.pixels);
        }
      } finally {
        await rows.close();
      }
    }
  }, 60_000);

  it('holds a strip\'s samples only inside its rows\' visit spans, however wide the window', async () => {
    const files = streamableFiles(baseline, current)!;
    const geometry = watchGeometry(corridors, baseline.grid, transformer(WGS84, baseline.grid.crs));
    const win = geometry.window!;
    expect(win.width).toBeGreaterThan(0.85 * SIZE); // the two corridors span the tile
    // The samples of each strip's visit spans, both dates (16-bit).
    const stripBytes = new Map<number, number>();
    const measure = new WindowRows(files, win, geometry, 0, 0);
    try {
      await measure.forEachRow((r, _w, _b, _a, _base, spans) => {
        const strip = Math.floor((r + win.row0) / BLOCK);
        let n = 0;
        for (let k = 0; k < spans.length; k += 2) n += spans[k + 1]! - spans[k]!;
        stripBytes.set(strip, (stripBytes.get(strip) ?? 0) + 2 * n * BANDS * 2);
      });
      // Nothing kept (no budget): one scratch strip, as large as the largest strip's spans.
      const widest = Math.max(...stripBytes.values());
      expect(measure.scratchBytes()).toBe(widest);
      const fullWidthStrip = 2 * BLOCK * win.width * BANDS * 2;
      expect(widest).toBeLessThan(fullWidthStrip / 4);
    } finally {
      await measure.close();
    }
    // A budget for every strip: all kept, no scratch, the budget spent on the spans' samples (and
    // their layout), not on window-wide strips.
    const budgetBytes = 64 * 2 ** 20;
    const kept = new WindowRows(files, win, geometry, budgetBytes, 0);
    try {
      await kept.forEachRow(() => undefined);
      const samples = [...stripBytes.values()].reduce((s, v) => s + v, 0);
      const spent = budgetBytes - kept.cacheRoomBytes();
      expect(kept.scratchBytes()).toBe(0);
      expect(spent).toBeGreaterThanOrEqual(samples);
      expect(spent).toBeLessThan(samples + 3 * 1024 * win.height);
    } finally {
      await kept.close();
    }
  }, 60_000);
});
