// Reading and writing JSON/GeoJSON files with input errors that say which file and what is wrong.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError, type InputErrorCode } from '../core/errors.js';

export async function readJsonFile(path: string, invalidCode: InputErrorCode): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `${path}: no such file`);
    throw new InputError('FILE_UNREADABLE', `${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(invalidCode, `${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** Write atomically (temp file + rename) so a reader never sees half a file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(value)}\n`);
  await rename(tmp, path);
}
