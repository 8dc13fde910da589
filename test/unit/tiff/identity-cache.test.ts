// A tile's recorded identity must always be the SHA-256 of the bytes scanned: the stat-keyed cache
// may spare the re-hash of an unchanged file, never hide a rewrite.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTile } from '../../../src/io/tiff/open.js';

const SAMPLE = 'data/samples/pairs/oscd-bercy/t1.tif';
const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function identity(path: string, cacheDir: string | null): Promise<string> {
  const tile = await openTile(path, { identityCacheDir: cacheDir });
  await tile.close();
  return tile.sha256;
}

describe('tile identity cache', () => {
  it('answers an unchanged file from the cache (a planted entry is what comes back)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-idcache-'));
    const tif = join(dir, 'tile.tif');
    copyFileSync(SAMPLE, tif);
    const cache = join(dir, 'cache');
    expect(await identity(tif, cache)).toBe(sha256Of(tif));
    const entries = readdirSync(cache);
    expect(entries).toHaveLength(1);
    // Proof the second open did not hash: it returns whatever the entry says.
    const planted = 'f'.repeat(64);
    writeFileSync(join(cache, entries[0]!), planted);
    expect(await identity(tif, cache)).toBe(planted);
  });

  it('re-hashes a file rewritten in place with the same size and its old modification time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-idcache-'));
    const tif = join(dir, 'tile.tif');
    copyFileSync(SAMPLE, tif);
    const cache = join(dir, 'cache');
    const first = await identity(tif, cache);
    const st = statSync(tif);
    // Flip one pixel byte near the end (block data, not the header), keep size and mtime.
    const bytes = readFileSync(tif);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(tif, bytes);
    utimesSync(tif, st.atime, st.mtime);
    expect(statSync(tif).size).toBe(st.size);
    const second = await identity(tif, cache);
    expect(second).not.toBe(first);
    expect(second).toBe(sha256Of(tif));
  });

  it('hashes every time when the cache is off, and leaves nothing behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-idcache-'));
    const tif = join(dir, 'tile.tif');
    copyFileSync(SAMPLE, tif);
    expect(await identity(tif, null)).toBe(sha256Of(tif));
    expect(readdirSync(dir)).toEqual(['tile.tif']);
  });
});
