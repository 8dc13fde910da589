// Remembers a local file's SHA-256 under its stat record, so opening an unchanged tile again does
// not read every byte a second time (a 10980² pair is ~1.1 GB: ~1.2 s of hashing per scan, more
// than the corridor scan itself). The record is what git's index trusts: device, inode, size, and
// modification AND change times in nanoseconds. mtime can be set back by anyone (utimes), ctime
// cannot: any later write moves it, so rewritten bytes miss the cache — with git's "racy" caveat:
// a second write inside the same timestamp tick leaves the record as it was, so a file changed
// less than RACY_WINDOW_MS before we hashed it is never remembered.
// One entry per file path (it is overwritten when the file changes), files private to the user.
// Best effort: an unreadable or unwritable cache only means hashing again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Timestamp ticks are up to 2 s on FAT and 1 s on ext3 or some network mounts. */
export const RACY_WINDOW_MS = 2_000;

/**
 * BW_IDENTITY_CACHE (a directory, or `off`), else $XDG_CACHE_HOME/borderwatch/tile-identity, else
 * ~/.cache/…. Read here rather than in config.ts because every tile open needs it, from any thread.
 */
export function defaultIdentityCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.BW_IDENTITY_CACHE?.trim();
  if (chosen === 'off') return null;
  if (chosen) return chosen;
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'borderwatch', 'tile-identity');
}

function statRecord(st: BigIntStats): string {
  return ['v2', st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The file's SHA-256: from the cache when its stat record is unchanged, else `hash(path)`, stored
 * only when the record is the same after hashing as before and the file had not been written in
 * the RACY_WINDOW_MS before hashing began. `cacheDir` null = no cache.
 */
export async function cachedFileSha256(path: string, cacheDir: string | null, hash: (path: string) => Promise<string>): Promise<string> {
  if (cacheDir === null) return hash(path);
  const absolute = resolve(path);
  const entry = join(cacheDir, createHash('sha256').update(absolute).digest('hex'));
  const before = statSync(path, { bigint: true });
  try {
    const known = JSON.parse(readFileSync(entry, 'utf8')) as { record?: unknown; path?: unknown; sha256?: unknown };
    if (known.path === absolute && known.record === statRecord(before) && typeof known.sha256 === 'string' && HEX64.test(known.sha256)) return known.sha256;
  } catch {
    // Not cached yet (or unreadable, or torn): hash below.
  }
  const startedMs = Date.now();
  const sha256 = await hash(path);
  const after = statSync(path, { bigint: true });
  if (statRecord(after) !== statRecord(before)) return sha256;
  const lastWriteMs = Number((after.mtimeNs > after.ctimeNs ? after.mtimeNs : after.ctimeNs) / 1_000_000n);
  if (lastWriteMs > startedMs - RACY_WINDOW_MS) return sha256;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // Write then rename: a concurrent reader sees the whole entry or none. The name is unique per
    // process, thread and call, so two threads hashing one file never share a temporary file.
    const tmp = `${entry}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify({ path: absolute, record: statRecord(after), sha256 }), { mode: 0o600 });
    renameSync(tmp, entry);
  } catch {
    // A read-only or full cache directory costs a re-hash next time, nothing more.
  }
  return sha256;
}
