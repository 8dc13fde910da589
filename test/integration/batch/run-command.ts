// Runs `borderwatch batch … --json` in-process with some BW_ variables set, returning its summary.
import { run as batch } from '../../../src/cli/commands/batch.js';
import type { BatchSummary } from '../../../src/batch/summary.js';

/** Runs `borderwatch batch … --json` in-process with `env` set, returning its summary. */
export async function runBatchCommand(argv: string[], env: Record<string, string>): Promise<{ code: number; summary: BatchSummary; stdout: string[] }> {
  const saved = { ...process.env };
  const log = console.log;
  const printed: string[] = [];
  Object.assign(process.env, env);
  console.log = (...a: unknown[]) => { printed.push(a.map(String).join(' ')); };
  const stderrWrite = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const code = await batch([...argv, '--json']);
    const last = printed.at(-1);
    return { code, summary: (last === undefined ? null : JSON.parse(last)) as BatchSummary, stdout: printed };
  } finally {
    console.log = log;
    process.stderr.write = stderrWrite;
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
