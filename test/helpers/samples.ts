// Paths to the bundled samples and helpers to run the CLI in-process, shared by integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openTile } from '../../src/io/tiff/open.js';
import type { Raster } from '../../src/core/types.js';

export const PAIRS = join(import.meta.dirname, '..', '..', 'data', 'samples', 'pairs');
export const pairFile = (pair: string, file: string): string => join(PAIRS, pair, file);

export function tempDir(prefix = 'bw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fresh folder on the project's own disk, removed after the spec file's tests (call it at the
 * top of a file or describe): spills are never made on a tmpfs, and the OS temp folder is one on
 * some systems (Debian 13's /tmp).
 */
export function diskTempDir(): string {
  const dir = mkdtempSync(join(process.cwd(), '.spill-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Run `borderwatch <argv>` in-process, capturing what it prints. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.map(String).join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.map(String).join(' ')); };
  try {
    const code = await main(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** A whole GeoTIFF as a raster (for building test inputs and reading label masks). */
export async function readFull(path: string): Promise<Raster> {
  const tile = await openTile(path);
  try {
    return await tile.readWindow({ col0: 0, row0: 0, width: tile.grid.width, height: tile.grid.height });
  } finally {
    await tile.close();
  }
}
