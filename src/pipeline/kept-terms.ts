// Where a streamed scan keeps each observed pixel's change terms between its statistics passes:
// in memory when they fit what the strip cache left of the budget, else in a spill file when the
// scan may use one and the disk has room, else nowhere (every pass decodes and recomputes them).
import { spillFits, TermSpill } from '../io/term-spill.js';

/** Float32 triples in pixel order, written once, read back in order as often as needed. */
export interface KeptTerms {
  readonly where: 'memory' | 'file';
  /** False once writing failed (a full disk): drop these terms and recompute them. */
  readonly ok: boolean;
  append(a: number, b: number, c: number): void;
  endWrite(): void;
  /** The triples in order, a chunk at a time: visit(t, n) gets n triples stored one after another in t. */
  forEachChunk(visit: (t: Float32Array, n: number) => void): void;
  cursor(): { next(): void; a: number; b: number; c: number };
  close(): void;
}

const BYTES_PER_PIXEL = 12;

export function keptTermsFor(pixels: number, roomBytes: number, spillDir: string | null): KeptTerms | null {
  if (pixels * BYTES_PER_PIXEL <= roomBytes) return new MemoryTerms(pixels);
  if (spillDir === null || !spillFits(spillDir, pixels * BYTES_PER_PIXEL)) return null;
  try {
    return new TermSpill(spillDir);
  } catch {
    // An unwritable directory costs time (recomputing), never the scan.
    return null;
  }
}

class MemoryTerms implements KeptTerms {
  readonly where = 'memory';
  readonly ok = true;
  private readonly terms: Float32Array;
  private n = 0;
  constructor(pixels: number) {
    this.terms = new Float32Array(3 * pixels);
  }
  append(a: number, b: number, c: number): void {
    const k = 3 * this.n++;
    this.terms[k] = a;
    this.terms[k + 1] = b;
    this.terms[k + 2] = c;
  }
  endWrite(): void {}
  forEachChunk(visit: (t: Float32Array, n: number) => void): void {
    visit(this.terms, this.n);
  }
  cursor(): { next(): void; a: number; b: number; c: number } {
    const t = this.terms;
    let k = 0;
    const reader = {
      a: NaN,
      b: NaN,
      c: NaN,
      next(): void {
        reader.a = t[k]!;
        reader.b = t[k + 1]!;
        reader.c = t[k + 2]!;
        k += 3;
      },
    };
    return reader;
  }
  close(): void {}
}
