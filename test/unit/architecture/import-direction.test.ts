// ARCHITECTURE.md: "Imports flow one way: cli/http/workers → pipeline → io + core; core imports
// nothing of ours outside core" and core is pure (no file, network, clock, randomness, env).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

/** Which top-level area of src/ a file or resolved import lives in (core, io, pipeline, cli, …). */
const areaOf = (path: string): string => relative(SRC, path).split(/[\\/]/)[0]!;

describe('architecture', () => {
  it('keeps core free of our outer layers: core imports only core', () => {
    const offenders = tsFiles(join(SRC, 'core')).flatMap((f) =>
      imports(f).filter((i) => i.startsWith('.')).map((i) => ({ f: relative(SRC, f), to: relative(SRC, resolve(dirname(f), i)) })).filter((x) => areaOf(join(SRC, x.to)) !== 'core'),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps core pure: no file, network, process, clock or randomness', () => {
    const impure = /\b(node:fs|node:http|node:https|node:net|node:child_process|node:worker_threads|process\.env|Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\()/;
    const offenders = tsFiles(join(SRC, 'core')).filter((f) => impure.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('never lets io or core reach up into pipeline, cli or http', () => {
    const upper = new Set(['pipeline', 'cli', 'http', 'batch']);
    const offenders = [...tsFiles(join(SRC, 'core')), ...tsFiles(join(SRC, 'io'))].flatMap((f) =>
      imports(f).filter((i) => i.startsWith('.') && upper.has(areaOf(resolve(dirname(f), i)))).map((i) => `${relative(SRC, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
