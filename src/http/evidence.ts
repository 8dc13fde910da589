// Evidence for one alert, from the pixels themselves: before/after chips around the polygon, a
// context picture of the segment (corridor, border line, polygon over the current image) and the
// change-magnitude raster as a GeoTIFF. Tiles are found through the catalog, never from a client
// path; when a tile is gone or its bytes changed, the answer says so instead of failing.
import { existsSync } from 'node:fs';
import type { Position } from 'geojson';
import type { AlertRecord } from '../core/alerts/record.js';
import { transformer, WGS84 } from '../core/geo/crs.js';
import { changeVectorMagnitudeScores } from '../core/detect/change/cva.js';
import { clampWindow, crsToPixel, invertTransform } from '../core/raster/affine.js';
import { normaliseRadiometry } from '../core/raster/normalise.js';
import type { Grid, PixelWindow, Raster } from '../core/types.js';
import { renderChipPng, trueColourBands, type ChipOverlay } from '../io/chips.js';
import type { AlertStore } from '../io/store/alert-store.js';
import { getSegment } from '../io/store/segment-repo.js';
import { locateTile } from '../io/store/tile-lookup.js';
import { openTile, type OpenTile } from '../io/tiff/open.js';
import { encodeGeoTiff } from '../io/tiff/write.js';
import { readAligned } from '../pipeline/align.js';
import { isUrlLocation } from '../io/tiff/byte-source.js';

export type ChipKind = 'before' | 'after' | 'context';

export type EvidenceResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const CHIP_SIDE_PX = 320;
const CONTEXT_SIDE_PX = 560;
const MAX_CONTEXT_WINDOW_PX = 1536;

function rings(geometry: AlertRecord['geometry']): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function toPixels(grid: Grid, paths: readonly (readonly Position[])[]): [number, number][][] {
  const toCrs = transformer(WGS84, grid.crs);
  const inv = invertTransform(grid.transform);
  return paths.map((p) => p.map(([lon, lat]) => {
    const [x, y] = toCrs(lon!, lat!);
    return crsToPixel(inv, x, y);
  }));
}

function boundsOf(paths: readonly (readonly [number, number])[][]): { c0: number; r0: number; c1: number; r1: number } {
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (const p of paths) for (const [c, r] of p) {
    c0 = Math.min(c0, c); c1 = Math.max(c1, c); r0 = Math.min(r0, r); r1 = Math.max(r1, r);
  }
  return { c0, r0, c1, r1 };
}

/** A square-ish window around pixel bounds: the polygon plus its own size of context on each side. */
function chipWindow(b: { c0: number; r0: number; c1: number; r1: number }, grid: Grid, minSide: number, maxSide: number, padShare: number): PixelWindow | null {
  const w = b.c1 - b.c0, h = b.r1 - b.r0;
  const side = Math.min(maxSide, Math.max(minSide, Math.ceil(Math.max(w, h) * (1 + 2 * padShare))));
  const cc = (b.c0 + b.c1) / 2, cr = (b.r0 + b.r1) / 2;
  return clampWindow({ col0: Math.floor(cc - side / 2), row0: Math.floor(cr - side / 2), width: side, height: side }, grid.width, grid.height);
}

function shift(paths: [number, number][][], win: PixelWindow): [number, number][][] {
  return paths.map((p) => p.map(([c, r]) => [c - win.col0, r - win.row0] as [number, number]));
}

/** The alert outline with a dark halo, so it reads on bright and dark ground alike. */
function polygonOverlays(paths: [number, number][][]): ChipOverlay[] {
  return [
    { paths, closed: true, stroke: 'rgba(0,0,0,0.75)', strokeWidthPx: 4 },
    { paths, closed: true, stroke: '#ffd400', strokeWidthPx: 2 },
  ];
}

interface Pair {
  readonly baseline: OpenTile;
  readonly current: OpenTile;
}

export class Evidence {
  private readonly cache = new Map<string, Promise<EvidenceResult<Buffer>>>();

  constructor(private readonly store: AlertStore, private readonly cacheEntries = 96) {}

  /** Whether the alert's tiles can be found (cheap: catalog and file existence, no hashing). */
  availability(alert: AlertRecord): EvidenceResult<true> {
    for (const [what, src] of [['baseline', alert.baseline], ['current', alert.current]] as const) {
      const loc = locateTile(this.store.db, src.tileId, src.sha256);
      if (!loc.ok) {
        return { ok: false, reason: loc.reason === 'not_in_catalog'
          ? `evidence unavailable: the ${what} tile '${src.tileId}' is not in the tile catalog`
          : `evidence unavailable: the ${what} tile '${src.tileId}' in the catalog now has different bytes than the alert was made from` };
      }
      // Remote (http/https) tiles are read with range requests; local ones must still be on disk.
      if (!isUrlLocation(loc.location) && !existsSync(loc.location)) return { ok: false, reason: `evidence unavailable: the ${what} tile file for '${loc.tileId}' is missing on disk` };
    }
    return { ok: true, value: true };
  }

  chip(alert: AlertRecord, kind: ChipKind): Promise<EvidenceResult<Buffer>> {
    // Availability is checked on every request, before the cache: a tile withdrawn from the
    // catalog (or changed on disk) must stop serving chips at once, not when the entry ages out.
    const available = this.availability(alert);
    if (!available.ok) return Promise.resolve(available);
    return this.cached(`${kind}|${alert.fingerprint}|${alert.baseline.sha256}|${alert.current.sha256}|${alert.lastSeen}`, () => this.renderChip(alert, kind));
  }

  changeRaster(alert: AlertRecord): Promise<EvidenceResult<Buffer>> {
    return this.withPair(alert, async ({ baseline, current }) => {
      const win = this.contextWindow(alert, baseline.grid);
      if (!win) return { ok: false, reason: 'evidence unavailable: the alert lies outside its baseline tile' };
      const { before, after } = await this.readPair(baseline, current, win);
      // Radiometry is matched first, as the scan does, so magnitude means change and not a gain difference.
      const magnitude = changeVectorMagnitudeScores(before, normaliseRadiometry(before, after).after);
      return { ok: true, value: encodeGeoTiff({ grid: before.grid, bands: [magnitude], nodata: Number.NaN }) };
    });
  }

  private cached(key: string, make: () => Promise<EvidenceResult<Buffer>>): Promise<EvidenceResult<Buffer>> {
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = make();
    this.cache.set(key, made);
    made.then((r) => { if (!r.ok) this.cache.delete(key); }, () => this.cache.delete(key));
    while (this.cache.size > this.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }

  private async withPair<T>(alert: AlertRecord, use: (pair: Pair) => Promise<EvidenceResult<T>>): Promise<EvidenceResult<T>> {
    const available = this.availability(alert);
    if (!available.ok) return available;
    const b = locateTile(this.store.db, alert.baseline.tileId, alert.baseline.sha256);
    const c = locateTile(this.store.db, alert.current.tileId, alert.current.sha256);
    if (!b.ok || !c.ok) return { ok: false, reason: 'evidence unavailable: tile catalog changed' };
    const baseline = await openTile(b.location, { tileId: b.tileId });
    try {
      const current = await openTile(c.location, { tileId: c.tileId });
      try {
        // The catalog said these bytes; the files must still hold them, or the chips would be of something else.
        if (baseline.sha256 !== alert.baseline.sha256 || current.sha256 !== alert.current.sha256) {
          return { ok: false, reason: 'evidence unavailable: a tile file on disk no longer matches the hash recorded with the alert' };
        }
        return await use({ baseline, current });
      } finally {
        await current.close();
      }
    } finally {
      await baseline.close();
    }
  }

  private async readPair(baseline: OpenTile, current: OpenTile, win: PixelWindow): Promise<{ before: Raster; after: Raster }> {
    const before = await baseline.readWindow(win);
    const after = (await readAligned(current, baseline.grid, win, () => true)).raster;
    return { before, after };
  }

  private contextWindow(alert: AlertRecord, grid: Grid): PixelWindow | null {
    const segment = getSegment(this.store.db, alert.segmentId);
    const paths = toPixels(grid, [...rings(alert.geometry), ...(segment ? rings(segment.segment.corridor) : [])]);
    return chipWindow(boundsOf(paths), grid, 64, MAX_CONTEXT_WINDOW_PX, 0.08);
  }

  private renderChip(alert: AlertRecord, kind: ChipKind): Promise<EvidenceResult<Buffer>> {
    return this.withPair(alert, async ({ baseline, current }) => {
      const grid = baseline.grid;
      const polygon = toPixels(grid, rings(alert.geometry));
      const win = kind === 'context' ? this.contextWindow(alert, grid) : chipWindow(boundsOf(polygon), grid, 48, 768, 1);
      if (!win) return { ok: false, reason: 'evidence unavailable: the alert lies outside its baseline tile' };
      const raster = kind === 'before' ? await baseline.readWindow(win) : (await readAligned(current, grid, win, () => true)).raster;
      const overlays: ChipOverlay[] = [];
      if (kind === 'context') {
        const segment = getSegment(this.store.db, alert.segmentId)?.segment;
        if (segment) {
          overlays.push({ paths: shift(toPixels(grid, rings(segment.corridor)), win), closed: true, stroke: '#5ad1ff', strokeWidthPx: 1.5, fill: 'rgba(90,209,255,0.10)', dash: '6 4' });
          if (segment.line) {
            const line = shift(toPixels(grid, [segment.line.coordinates]), win);
            overlays.push({ paths: line, closed: false, stroke: 'rgba(255,255,255,0.85)', strokeWidthPx: 4 }, { paths: line, closed: false, stroke: '#e5484d', strokeWidthPx: 2 });
          }
        }
      }
      overlays.push(...polygonOverlays(shift(polygon, win)));
      const sizePx = kind === 'context' ? CONTEXT_SIDE_PX : CHIP_SIDE_PX;
      const { png } = await renderChipPng(raster, { displayBands: trueColourBands(raster.bands.length), maxSidePx: sizePx, overlays });
      return { ok: true, value: png };
    });
  }
}
