#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into a few files (dist/bundle/) that the `borderwatch` launcher
// runs. Why: Node's ESM loader took ~0.3 s to resolve, read and link the ~185 modules a scan
// imports (129 of ours, the rest our dependencies'), a fifth of a corridor scan's wall time
// (issue 5); bundled, the scan's chunks load in ~0.08 s. tsc still type-checks and emits
// dist/ (the bundle's input, so what runs is what tsc emitted); the tests run on the sources.
//
// Entry points: the CLI, and every module started as a worker thread (startModuleWorker names its
// entry relative to the calling module's URL, so the thread entries sit at the top of dist/bundle/
// next to the chunks that start them). Packages that load files or native code relative to their own
// directory stay outside (imported from node_modules at run time).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const THREAD_ENTRIES = ['dist/io/tiff/pair-thread.js', 'dist/batch/scan-thread.js'];
const EXTERNAL = ['better-sqlite3', 'sharp', 'bullmq', 'ioredis', 'tsx'];

rmSync(join(root, 'dist/bundle'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', ...THREAD_ENTRIES],
  entryNames: '[name]',
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  logLevel: 'warning',
});
