// Spec: a streamed scan's spilled terms read back exactly as written — every float32 bit, in order,
// across chunk boundaries, as often as asked — and leave nothing behind on disk.
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spillFits, TermSpill } from '../../../src/io/term-spill.js';
import { keptTermsFor, keptTermsIn } from '../../../src/pipeline/kept-terms.js';
import { diskTempDir, tempDir } from '../../helpers/samples.js';

// Spills are never made on a tmpfs (the OS temp folder may be one): these go to the project's disk.
const spillRoot = diskTempDir();

/** 200,000 triples (three 64 Ki chunks and a part): awkward float32 values included. */
function triples(): Float32Array {
  const specials = [NaN, -0, 0, Infinity, -Infinity, 1.4e-45, -3.4028234663852886e38, 0.1];
  const t = new Float32Array(3 * 200_000);
  for (let i = 0; i < t.length; i++) t[i] = i % 97 === 0 ? specials[(i / 97) % specials.length]! : Math.sin(i) * 10 ** ((i % 13) - 6);
  return t;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('spilled change terms', () => {
  it('read back bit for bit in the order written, by chunks and by cursor, again and again', () => {
    const dir = tempDir('bw-spill-');
    const spill = keptTermsIn(new TermSpill(dir));
    // Unlinked at once: only the descriptor holds it, so a killed scan leaves nothing behind.
    expect(readdirSync(dir)).toEqual([]);
    const t = triples();
    for (let k = 0; k < t.length; k += 3) spill.append(t[k]!, t[k + 1]!, t[k + 2]!);
    spill.endWrite();
    for (let pass = 0; pass < 2; pass++) {
      const back = new Float32Array(t.length);
      let k = 0;
      spill.forEachChunk((chunk, n) => {
        back.set(chunk.subarray(0, 3 * n), k);
        k += 3 * n;
      });
      expect(k).toBe(t.length);
      expect(sameBits(back, t)).toBe(true);
    }
    const cursor = spill.cursor();
    const back = new Float32Array(t.length);
    for (let k = 0; k < t.length; k += 3) {
      cursor.next();
      back.set([cursor.a, cursor.b, cursor.c], k);
    }
    expect(sameBits(back, t)).toBe(true);
    expect(() => cursor.next()).toThrow(/past the last triple/);
    spill.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stay in memory when they fit, go to a file when they do not, and are recomputed without a spill directory', () => {
    const dir = mkdtempSync(join(spillRoot, 'bw-spill-'));
    const inMemory = keptTermsFor(1000, 12_000, dir)!;
    const onDisk = keptTermsFor(1000, 11_999, dir)!;
    expect(inMemory.where).toBe('memory');
    expect(onDisk.where).toBe('file');
    expect(keptTermsFor(1000, 11_999, null)).toBeNull();
    // A directory that cannot be checked for room, or written, is not used: the terms are recomputed.
    expect(keptTermsFor(1000, 0, `${dir}/missing`)).toBeNull();
    const notADirectory = `${dir}/file`;
    writeFileSync(notADirectory, '');
    expect(keptTermsFor(1000, 0, notADirectory)).toBeNull();
    rmSync(notADirectory);
    for (const kept of [inMemory, onDisk]) {
      kept.append(1, -0, NaN);
      kept.append(2, 3, 4);
      kept.endWrite();
      const seen: number[] = [];
      kept.forEachChunk((t, n) => seen.push(...t.subarray(0, 3 * n)));
      expect(seen).toEqual([1, -0, NaN, 2, 3, 4]);
      kept.close();
    }
    expect(existsSync(dir) && readdirSync(dir).length).toBe(0);
  });

  const SHM = '/dev/shm';
  const shmIsTmpfs = existsSync(SHM) && statfsSync(SHM).type === 0x01021994;
  it.skipIf(!shmIsTmpfs)('never spills to a memory filesystem (tmpfs), where the file would be RAM the budget never sees', () => {
    expect(spillFits(SHM, 1)).toBe(false);
  });

  it('read past the last triple is an error, in memory as in a file, not stale or zero terms', () => {
    const dir = mkdtempSync(join(spillRoot, 'bw-spill-'));
    for (const kept of [keptTermsFor(2, 24, dir)!, keptTermsFor(2, 0, dir)!]) {
      kept.append(1, 2, 3);
      kept.append(4, 5, 6);
      kept.endWrite();
      const cursor = kept.cursor();
      cursor.next();
      cursor.next();
      expect([cursor.a, cursor.b, cursor.c]).toEqual([4, 5, 6]);
      expect(() => cursor.next()).toThrow(/past the last triple/);
      kept.close();
    }
  });

  const full = '/dev/full';
  it.skipIf(!existsSync(full))('says when a write failed (a full disk), so the scan drops the spill and recomputes instead of failing', () => {
    // /dev/full fails every write with ENOSPC, as a disk that filled up during the scan would.
    const spill = new TermSpill(tempDir('bw-spill-'), () => openSync(full, 'r+'));
    for (let i = 0; i < 70_000; i++) spill.append(i, i, i);
    spill.endWrite();
    expect(spill.ok).toBe(false);
    spill.close();
  });
});
