// Catalog sources: the folder layout <footprint>/<acquisition>.tif and STAC ItemCollections.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogSources } from '../../../src/batch/catalog-source.js';
import { isInputError } from '../../../src/core/errors.js';
import { tempDir } from '../../helpers/samples.js';

describe('catalog sources', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir('bw-catalog-'); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one footprint per subfolder and the acquisition time from each file name', async () => {
    for (const f of ['kz-01/2018-03-09.tif', 'kz-01/2017-12-30.TIF', 'kz-02/S2_20190101T054211.tiff', 'kz-02/notes.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    const sources = await catalogSources(dir);
    expect(sources.map((s) => [s.id, s.footprint, s.datetime])).toEqual([
      ['kz-01/2017-12-30', 'kz-01', '2017-12-30T00:00:00.000Z'],
      ['kz-01/2018-03-09', 'kz-01', '2018-03-09T00:00:00.000Z'],
      ['kz-02/S2_20190101T054211', 'kz-02', '2019-01-01T05:42:11.000Z'],
    ]);
  });

  it('reads a STAC ItemCollection: item id, grid code as footprint, datetime, data asset resolved beside the file', async () => {
    const catalog = join(dir, 'items.json');
    writeFileSync(catalog, JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'S2A_1', collection: 'sentinel-2-l2a', properties: { datetime: '2020-05-01T06:00:00Z', 'grid:code': 'MGRS-42TXN' },
          assets: { thumbnail: { href: 'thumb.png', type: 'image/png' }, image: { href: 'tiles/a.tif', type: 'image/tiff; application=geotiff', roles: ['data'] } } },
        { type: 'Feature', id: 'S2A_2', collection: 'sentinel-2-l2a', properties: { datetime: '2020-05-11T06:00:00Z' },
          assets: { visual: { href: 'https://example.org/b.tif' } } },
      ],
    }));
    expect(await catalogSources(catalog)).toEqual([
      { id: 'S2A_1', footprint: 'MGRS-42TXN', datetime: '2020-05-01T06:00:00.000Z', location: join(dir, 'tiles', 'a.tif') },
      { id: 'S2A_2', footprint: 'sentinel-2-l2a', datetime: '2020-05-11T06:00:00.000Z', location: 'https://example.org/b.tif' },
    ]);
  });

  it('refuses a catalog with duplicate item ids, with CATALOG_INVALID', async () => {
    const catalog = join(dir, 'items.json');
    const item = { type: 'Feature', id: 'x', collection: 'c', properties: {}, assets: { image: { href: 'a.tif' } } };
    writeFileSync(catalog, JSON.stringify({ type: 'FeatureCollection', features: [item, item] }));
    const err = await catalogSources(catalog).catch((e: unknown) => e);
    expect(isInputError(err) && err.code).toBe('CATALOG_INVALID');
  });
});
