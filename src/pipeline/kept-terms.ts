// Where a streamed scan keeps each observed pixel's change terms between its statistics passes:
// in memory when they fit what the strip cache left of the budget, else in a spill file when the
// scan may use one and the disk has room, else nowhere (every pass decodes and recomputes them).
// Either store only writes triples and reads a run back; reading by chunk or cursor is built here once.
import { spillFits, TERM_CHUNK_TRIPLES, TermSpill } from '../io/term-spill.js';

/** Float32 triples in pixel order, written once, read back in order as often as needed. */
export interface KeptTerms {
  readonly where: 'memory' | 'file';
  /** False once writing failed (a full disk): drop these terms and recompute them. */
  readonly ok: boolean;
  append(a: number, b: number, c: number): void;
  endWrite(): void;
  /** The triples in order, a chunk at a time: visit(t, n) gets n triples stored one after another in t. */
  forEachChunk(visit: (t: Float32Array, n: number) => void): void;
  /** A sequential reader: each next() loads the following triple into a, b, c (throws past the last). */
  cursor(): { next(): void; a: number; b: number; c: number };
  close(): void;
}

/** Where kept triples live (memory or a TermSpill file): it writes them and reads a run back. */
export interface TermStore {
  readonly where: 'memory' | 'file';
  readonly ok: boolean;
  /** Triples written. */
  readonly count: number;
  append(a: number, b: number, c: number): void;
  endWrite(): void;
  /** The triples from startTriple on, at most into.length / 3: a view of `into` (or of where they already are); empty past the last. */
  readChunk(startTriple: number, into: Float32Array): Float32Array;
  close(): void;
}

const BYTES_PER_PIXEL = 12;

export function keptTermsFor(pixels: number, roomBytes: number, spillDir: string | null): KeptTerms | null {
  if (pixels * BYTES_PER_PIXEL <= roomBytes) return keptTermsIn(new MemoryTerms(pixels));
  if (spillDir === null || !spillFits(spillDir, pixels * BYTES_PER_PIXEL)) return null;
  try {
    return keptTermsIn(new TermSpill(spillDir));
  } catch {
    // An unwritable directory costs time (recomputing), never the scan.
    return null;
  }
}

/** KeptTerms read from `store` a chunk at a time, the same way whatever holds them. */
export function keptTermsIn(store: TermStore): KeptTerms {
  const chunk = (): Float32Array => new Float32Array(3 * TERM_CHUNK_TRIPLES);
  return {
    get where() {
      return store.where;
    },
    get ok() {
      return store.ok;
    },
    append: (a, b, c) => store.append(a, b, c),
    endWrite: () => store.endWrite(),
    close: () => store.close(),
    forEachChunk(visit: (t: Float32Array, n: number) => void): void {
      const buf = chunk();
      for (let done = 0; done < store.count; ) {
        const t = store.readChunk(done, buf);
        if (t.length === 0) throw new Error('kept terms: the store ended before its last triple');
        visit(t, t.length / 3);
        done += t.length / 3;
      }
    },
    cursor(): { next(): void; a: number; b: number; c: number } {
      const buf = chunk();
      let t = buf.subarray(0, 0);
      let position = 0;
      let at = 0;
      const reader = {
        a: NaN,
        b: NaN,
        c: NaN,
        next(): void {
          if (at === t.length) {
            t = store.readChunk(position, buf);
            if (t.length === 0) throw new Error('kept terms: read past the last triple');
            position += t.length / 3;
            at = 0;
          }
          reader.a = t[at]!;
          reader.b = t[at + 1]!;
          reader.c = t[at + 2]!;
          at += 3;
        },
      };
      return reader;
    },
  };
}

class MemoryTerms implements TermStore {
  readonly where = 'memory';
  readonly ok = true;
  count = 0;
  private readonly terms: Float32Array;
  constructor(pixels: number) {
    this.terms = new Float32Array(3 * pixels);
  }
  append(a: number, b: number, c: number): void {
    const k = 3 * this.count++;
    this.terms[k] = a;
    this.terms[k + 1] = b;
    this.terms[k + 2] = c;
  }
  endWrite(): void {}
  /** A view of the terms themselves: nothing is copied into `into`. */
  readChunk(startTriple: number, into: Float32Array): Float32Array {
    const end = Math.min(this.count, startTriple + Math.floor(into.length / 3));
    return this.terms.subarray(3 * startTriple, 3 * Math.max(startTriple, end));
  }
  close(): void {}
}
