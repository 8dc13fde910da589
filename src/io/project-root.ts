// The installed package's root, from src/** (tsx, tests), dist/** or dist/bundle/ (built) alike:
// the nearest package.json above this module. Bundled data (samples, sensor tables) is found from here, never from the cwd.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`borderwatch: no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
