// Starts a worker thread on a module that sits next to the caller's own file (`name` without its
// extension). Built code runs the .js entry directly; from TypeScript sources (tests, tsx) the
// thread first registers tsx's loader, because a worker thread does not inherit the parent's.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  const ext = extname(fileURLToPath(callerUrl));
  const entry = new URL(`./${name}${ext}`, callerUrl);
  if (ext !== '.ts') return new Worker(entry, options);
  // The ESM entry of tsx's API (require.resolve would name the CommonJS one, which cannot load it).
  const tsxPackage = createRequire(callerUrl).resolve('tsx/package.json');
  const exportsMap = JSON.parse(readFileSync(tsxPackage, 'utf8')).exports['./esm/api'].import.default as string;
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), exportsMap)).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
