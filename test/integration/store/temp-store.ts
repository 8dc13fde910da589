// A fresh store file in its own temp directory per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDbPath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-store-'));
  return { path: join(dir, 'borderwatch.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
