// Dev tool (not shipped): cut a small window out of a real pair for data/samples, keeping each
// date on its OWN grid (so a pair whose dates differ in grid stays that way — the alignment case).
//   npx tsx tools/crop-pair.ts --baseline t1.tif --current t2.tif [--mask cm.tif] --window COL,ROW,W,H --out DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, requireString, optionalString } from '../src/cli/args.js';
import { crsToPixel, invertTransform, pixelToCrs, windowGrid, clampWindow } from '../src/core/raster/affine.js';
import { transformer } from '../src/core/geo/crs.js';
import { openTile } from '../src/io/tiff/open.js';
import { encodeGeoTiff } from '../src/io/tiff/write.js';
import type { PixelWindow } from '../src/core/types.js';

const args = parseArgs(process.argv.slice(2), { baseline: 'string', current: 'string', mask: 'string', window: 'string', out: 'string' });
const [col0, row0, width, height] = requireString(args, 'window').split(',').map(Number) as [number, number, number, number];
const out = requireString(args, 'out');
mkdirSync(out, { recursive: true });

async function cut(path: string, win: PixelWindow, name: string, asByte: boolean): Promise<void> {
  const tile = await openTile(path);
  const r = await tile.readWindow(win);
  const bands = r.bands.map((b) => (asByte ? Uint8Array.from(b) : Uint16Array.from(b)));
  writeFileSync(join(out, name), encodeGeoTiff({ grid: windowGrid(tile.grid, win), bands, nodata: tile.nodata, blockSize: 256 }));
  await tile.close();
}

const base = await openTile(requireString(args, 'baseline'));
const win: PixelWindow = { col0, row0, width, height };
// The same ground in the current tile's own grid.
const curr = await openTile(requireString(args, 'current'));
const toCurr = transformer(base.grid.crs, curr.grid.crs);
const inv = invertTransform(curr.grid.transform);
const corners = [[col0, row0], [col0 + width, row0 + height]].map(([c, r]) => {
  const [x, y] = pixelToCrs(base.grid.transform, c!, r!);
  const [cx, cy] = toCurr(x, y);
  return crsToPixel(inv, cx, cy);
});
const cwin = clampWindow({
  col0: Math.floor(Math.min(corners[0]![0], corners[1]![0])),
  row0: Math.floor(Math.min(corners[0]![1], corners[1]![1])),
  width: Math.ceil(Math.abs(corners[1]![0] - corners[0]![0])),
  height: Math.ceil(Math.abs(corners[1]![1] - corners[0]![1])),
}, curr.grid.width, curr.grid.height)!;
await base.close();
await curr.close();
await cut(requireString(args, 'baseline'), win, 'baseline.tif', false);
await cut(requireString(args, 'current'), cwin, 'current.tif', false);
const mask = optionalString(args, 'mask');
if (mask) await cut(mask, win, 'change-mask.tif', true);
console.log(`baseline window ${JSON.stringify(win)}, current window ${JSON.stringify(cwin)}`);
