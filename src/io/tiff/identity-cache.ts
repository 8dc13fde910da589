// Remembers a local file's SHA-256 under its stat record, so opening an unchanged tile again does
// not read every byte a second time (a 10980² pair is ~1.1 GB: ~1.2 s of hashing per scan, more
// than the corridor scan itself). The key is what git's index trusts: device, inode, size, and
// modification AND change times in nanoseconds. mtime can be set back by anyone (utimes), ctime
// cannot: any write to the file moves it, so rewritten bytes always miss the cache.
// Best effort: an unreadable or unwritable cache only means hashing again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** ~/.cache/borderwatch/tile-identity (or under $XDG_CACHE_HOME): one small file per tile version. */
export function defaultIdentityCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'borderwatch', 'tile-identity');
}

function statKey(path: string, st: BigIntStats): string {
  const record = ['borderwatch identity-cache v1', resolve(path), st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join('\n');
  return createHash('sha256').update(record).digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The file's SHA-256: from the cache when its stat record is unchanged, else `hash(path)`, stored
 * only when the file's stat record is the same after hashing as before (a file being written while
 * we hash is never cached). `cacheDir` null = no cache.
 */
export async function cachedFileSha256(path: string, cacheDir: string | null, hash: (path: string) => Promise<string>): Promise<string> {
  if (cacheDir === null) return hash(path);
  const before = statSync(path, { bigint: true });
  const entry = join(cacheDir, statKey(path, before));
  try {
    const known = readFileSync(entry, 'utf8').trim();
    if (HEX64.test(known)) return known;
  } catch {
    // Not cached yet (or unreadable): hash below.
  }
  const sha256 = await hash(path);
  const after = statSync(path, { bigint: true });
  if (statKey(path, after) !== statKey(path, before)) return sha256;
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: a concurrent reader sees the whole entry or none.
    const tmp = `${entry}.${process.pid}.tmp`;
    writeFileSync(tmp, sha256);
    renameSync(tmp, entry);
  } catch {
    // A read-only or full cache directory costs a re-hash next time, nothing more.
  }
  return sha256;
}
