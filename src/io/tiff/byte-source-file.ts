// A tile's bytes from a local file, through one open handle.
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import type { ByteSource } from './byte-source.js';

class FileByteSource implements ByteSource {
  constructor(
    private readonly handle: FileHandle,
    readonly location: string,
    readonly sizeBytes: number,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (done !== length) throw new InputError('TIFF_TRUNCATED', `short read at offset ${offset} of ${this.location}`, { offset, length });
    return buf;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export async function fileByteSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `no such file: ${path}`, { path });
    throw new InputError('FILE_UNREADABLE', `cannot open ${path}: ${code ?? String(err)}`, { path });
  }
  try {
    const { size } = await handle.stat();
    return new FileByteSource(handle, path, size);
  } catch (err) {
    await handle.close();
    throw new InputError('FILE_UNREADABLE', `cannot stat ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path });
  }
}
