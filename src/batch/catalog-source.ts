// Where a batch's tiles come from: a folder laid out as <footprint>/<acquisition>.tif, or a STAC
// ItemCollection JSON. Both become the same list of catalog sources, before any file is opened.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { acquisitionTimeFromName } from '../io/acquisition-time.js';
import { readJsonFile } from '../io/json-file.js';

export interface CatalogSource {
  /** Catalog id: `<footprint>/<file stem>` for folders, the STAC item id for catalogs. */
  readonly id: string;
  readonly footprint: string;
  /** ISO 8601 acquisition time, or null when the name/item does not say. */
  readonly datetime: string | null;
  /** A file path, or an http(s) URL of a (cloud-optimised) GeoTIFF read with range requests. */
  readonly location: string;
}

const TIFF_EXTENSIONS = new Set(['.tif', '.tiff']);

/** Every `<footprint>/<acquisition>.tif` under `dir`, ordered by footprint then name. */
export async function sourcesFromFolder(dir: string): Promise<CatalogSource[]> {
  const root = resolve(dir);
  const entries = await readdir(root, { withFileTypes: true });
  const sources: CatalogSource[] = [];
  for (const footprint of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort()) {
    const files = (await readdir(join(root, footprint), { withFileTypes: true }))
      .filter((f) => f.isFile() && TIFF_EXTENSIONS.has(extname(f.name).toLowerCase()))
      .map((f) => f.name)
      .sort();
    for (const file of files) {
      const location = join(root, footprint, file);
      sources.push({ id: `${footprint}/${basename(file, extname(file))}`, footprint, datetime: acquisitionTimeFromName(file), location });
    }
  }
  if (sources.length === 0) {
    throw new InputError('CATALOG_INVALID', `${dir}: no tiles found (expected <footprint>/<acquisition date>.tif)`);
  }
  return sources;
}

type StacItem = {
  id?: unknown;
  collection?: unknown;
  properties?: Record<string, unknown> | null;
  assets?: Record<string, { href?: unknown; type?: unknown; roles?: unknown }> | null;
};

/** The item's image asset: one with role `data`, else one typed as a GeoTIFF, else `image`/`visual`. */
function imageHref(item: StacItem): string | null {
  const assets = Object.entries(item.assets ?? {});
  const byRole = assets.find(([, a]) => Array.isArray(a.roles) && a.roles.includes('data'));
  const byType = assets.find(([, a]) => typeof a.type === 'string' && a.type.startsWith('image/tiff'));
  const byKey = assets.find(([k]) => k === 'image' || k === 'visual');
  const href = (byRole ?? byType ?? byKey)?.[1].href;
  return typeof href === 'string' && href !== '' ? href : null;
}

/** Which place an item covers: an explicit grid code when the item has one, else its collection. */
function footprintOf(item: StacItem): string | null {
  const p = item.properties ?? {};
  for (const key of ['borderwatch:footprint', 'grid:code', 's2:mgrs_tile', 'landsat:wrs_path_row']) {
    if (typeof p[key] === 'string' && p[key] !== '') return p[key];
  }
  return typeof item.collection === 'string' && item.collection !== '' ? item.collection : null;
}

function isUrl(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(href);
}

/** The items of a STAC ItemCollection; relative asset hrefs resolve against the catalog's folder. */
export async function sourcesFromStac(path: string): Promise<CatalogSource[]> {
  const json = (await readJsonFile(path, 'CATALOG_INVALID')) as { type?: unknown; features?: unknown };
  if (!json || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new InputError('CATALOG_INVALID', `${path}: not a STAC ItemCollection (a FeatureCollection of items)`);
  }
  const seen = new Set<string>();
  return (json.features as StacItem[]).map((item, k) => {
    const where = `${path}: item ${k}`;
    if (typeof item?.id !== 'string' || item.id === '') throw new InputError('CATALOG_INVALID', `${where} has no id`);
    if (seen.has(item.id)) throw new InputError('CATALOG_INVALID', `${where}: duplicate id '${item.id}'`);
    seen.add(item.id);
    const href = imageHref(item);
    if (!href) throw new InputError('CATALOG_INVALID', `${where} ('${item.id}') has no GeoTIFF asset`);
    const footprint = footprintOf(item);
    if (!footprint) throw new InputError('CATALOG_INVALID', `${where} ('${item.id}') names no footprint (grid:code or collection)`);
    const raw = item.properties?.datetime;
    const t = typeof raw === 'string' ? Date.parse(raw) : NaN;
    return {
      id: item.id,
      footprint,
      datetime: Number.isNaN(t) ? null : new Date(t).toISOString(),
      location: isUrl(href) ? href : resolve(dirname(path), href),
    };
  });
}

/** A folder or a catalog file, whichever `input` is. */
export async function catalogSources(input: string): Promise<CatalogSource[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(input)).isDirectory();
  } catch {
    throw new InputError('FILE_NOT_FOUND', `${input}: no such folder or catalog file`);
  }
  return isDir ? sourcesFromFolder(input) : sourcesFromStac(input);
}
