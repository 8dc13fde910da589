// A tile's recorded identity must always be the SHA-256 of the bytes scanned: the stat-keyed cache
// may spare the re-hash of an unchanged file, never hide a rewrite.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTile } from '../../../src/io/tiff/open.js';
import { defaultIdentityCacheDir, RACY_WINDOW_MS } from '../../../src/io/tiff/identity-cache.js';

const SAMPLE = 'data/samples/pairs/oscd-bercy/t1.tif';
const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
// A whole-millisecond time: utimes takes milliseconds, so only such an mtime can be put back exactly.
const WHOLE_MS = new Date('2026-01-02T03:04:05.000Z');

let dir = '';
let settled = '';
let rewritten = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-idcache-'));
  settled = join(dir, 'settled.tif');
  rewritten = join(dir, 'rewritten.tif');
  for (const p of [settled, rewritten]) {
    copyFileSync(SAMPLE, p);
    utimesSync(p, WHOLE_MS, WHOLE_MS);
  }
  // Past the racy window: files written just now are never remembered.
  await sleep(RACY_WINDOW_MS + 150);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function identity(path: string, cacheDir: string | null): Promise<string> {
  const tile = await openTile(path, { identityCacheDir: cacheDir });
  await tile.close();
  return tile.sha256;
}

describe('tile identity cache', () => {
  it('answers an unchanged file from the cache (a planted entry is what comes back)', async () => {
    const cache = join(dir, 'cache-hit');
    expect(await identity(settled, cache)).toBe(sha256Of(settled));
    const entries = readdirSync(cache);
    expect(entries).toHaveLength(1);
    // Proof the second open did not hash: it returns whatever the entry says.
    const entry = join(cache, entries[0]!);
    const planted = 'f'.repeat(64);
    writeFileSync(entry, readFileSync(entry, 'utf8').replace(/[0-9a-f]{64}/, planted));
    expect(await identity(settled, cache)).toBe(planted);
  });

  it('re-hashes a file rewritten in place with the same size and exactly its old modification time', async () => {
    const cache = join(dir, 'cache-rewrite');
    const first = await identity(rewritten, cache);
    expect(readdirSync(cache)).toHaveLength(1);
    const before = statSync(rewritten, { bigint: true });
    // Flip one byte near the end (block data, not the header), then put size and mtime back.
    const bytes = readFileSync(rewritten);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(rewritten, bytes);
    utimesSync(rewritten, WHOLE_MS, WHOLE_MS);
    const after = statSync(rewritten, { bigint: true });
    expect([after.size, after.ino, after.mtimeNs]).toEqual([before.size, before.ino, before.mtimeNs]);
    // Only the change time tells the two versions apart, and it must be enough.
    const second = await identity(rewritten, cache);
    expect(second).not.toBe(first);
    expect(second).toBe(sha256Of(rewritten));
  });

  it('does not remember a file written within the racy window (a same-tick rewrite could not be seen)', async () => {
    const fresh = join(dir, 'fresh.tif');
    copyFileSync(SAMPLE, fresh);
    const cache = join(dir, 'cache-fresh');
    expect(await identity(fresh, cache)).toBe(sha256Of(fresh));
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it('hashes every time when the cache is off, and BW_IDENTITY_CACHE chooses the place or turns it off', async () => {
    expect(await identity(settled, null)).toBe(sha256Of(settled));
    expect(defaultIdentityCacheDir({ BW_IDENTITY_CACHE: 'off' })).toBeNull();
    expect(defaultIdentityCacheDir({ BW_IDENTITY_CACHE: '/srv/bw-ids' })).toBe('/srv/bw-ids');
    expect(defaultIdentityCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'borderwatch', 'tile-identity'));
  });
});
