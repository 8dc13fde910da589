// Streaming 8-connected component labelling over runs of changed pixels, fed one row at a time.
// Memory follows the components still open at the current row, never the raster's size: a
// component is handed out as soon as a row passes without touching it, with the runs that make
// it up (enough to trace its outline) and the statistics labelComponents gathers.

export interface RunComponent {
  /** First pixel in raster order (row, then col): the in-memory labeller's label order. */
  readonly firstRow: number;
  readonly firstCol: number;
  readonly pixelCount: number;
  readonly scoreSum: number;
  readonly scoreMax: number;
  readonly brightSum: number;
  readonly minCol: number;
  readonly minRow: number;
  readonly maxCol: number;
  readonly maxRow: number;
  /** Flat [row, col0, col1 (inclusive)] triples. */
  readonly runs: readonly number[];
}

interface Node {
  parent: Node | null;
  firstRow: number;
  firstCol: number;
  pixelCount: number;
  scoreSum: number;
  scoreMax: number;
  brightSum: number;
  minCol: number;
  minRow: number;
  maxCol: number;
  maxRow: number;
  runs: number[];
  /** Last row a run of this component was seen on. */
  lastRow: number;
  done: boolean;
}

function root(n: Node): Node {
  let r = n;
  while (r.parent) r = r.parent;
  while (n.parent && n.parent !== r) {
    const next: Node = n.parent;
    n.parent = r;
    n = next;
  }
  return r;
}

/** Merge the smaller run list into the larger; the root keeps the earliest first pixel. */
function union(a: Node, b: Node): Node {
  const ra = root(a);
  const rb = root(b);
  if (ra === rb) return ra;
  const [big, small] = ra.runs.length >= rb.runs.length ? [ra, rb] : [rb, ra];
  small.parent = big;
  if (small.firstRow < big.firstRow || (small.firstRow === big.firstRow && small.firstCol < big.firstCol)) {
    big.firstRow = small.firstRow;
    big.firstCol = small.firstCol;
  }
  big.pixelCount += small.pixelCount;
  big.scoreSum += small.scoreSum;
  if (small.scoreMax > big.scoreMax) big.scoreMax = small.scoreMax;
  big.brightSum += small.brightSum;
  if (small.minCol < big.minCol) big.minCol = small.minCol;
  if (small.maxCol > big.maxCol) big.maxCol = small.maxCol;
  if (small.minRow < big.minRow) big.minRow = small.minRow;
  if (small.maxRow > big.maxRow) big.maxRow = small.maxRow;
  if (small.lastRow > big.lastRow) big.lastRow = small.lastRow;
  for (let k = 0; k < small.runs.length; k++) big.runs.push(small.runs[k]!);
  small.runs = [];
  return big;
}

export class RunLabeller {
  private prev: { c0: number; c1: number; node: Node }[] = [];
  private cur: { c0: number; c1: number; node: Node }[] = [];
  private row = -1;
  private scan = 0;

  constructor(private readonly emit: (c: RunComponent) => void) {}

  /** Start row `row`: rows are fed in order, every row once (rows without runs too). */
  beginRow(row: number): void {
    this.prev = this.cur;
    this.cur = [];
    this.row = row;
    this.scan = 0;
  }

  /** Add run [c0, c1] (inclusive, increasing c0 within the row) with its pixels' statistics. */
  addRun(c0: number, c1: number, scoreSum: number, scoreMax: number, brightSum: number): void {
    const row = this.row;
    let node: Node | null = null;
    const prev = this.prev;
    // Previous-row runs are sorted: skip those ending left of c0 − 1, connect while they start ≤ c1 + 1.
    while (this.scan < prev.length && prev[this.scan]!.c1 < c0 - 1) this.scan++;
    for (let k = this.scan; k < prev.length && prev[k]!.c0 <= c1 + 1; k++) {
      node = node ? union(node, prev[k]!.node) : root(prev[k]!.node);
    }
    // The last connecting previous run may also touch the next run of this row.
    if (node) {
      const r = root(node);
      r.pixelCount += c1 - c0 + 1;
      r.scoreSum += scoreSum;
      if (scoreMax > r.scoreMax) r.scoreMax = scoreMax;
      r.brightSum += brightSum;
      if (c0 < r.minCol) r.minCol = c0;
      if (c1 > r.maxCol) r.maxCol = c1;
      if (row > r.maxRow) r.maxRow = row;
      r.lastRow = row;
      r.runs.push(row, c0, c1);
      node = r;
    } else {
      node = {
        parent: null, firstRow: row, firstCol: c0, pixelCount: c1 - c0 + 1, scoreSum, scoreMax, brightSum,
        minCol: c0, minRow: row, maxCol: c1, maxRow: row, runs: [row, c0, c1], lastRow: row, done: false,
      };
    }
    this.cur.push({ c0, c1, node });
  }

  /** Components of the previous row not continued on this one are complete: emit them. */
  endRow(): void {
    for (const p of this.prev) {
      const r = root(p.node);
      if (r.lastRow >= this.row || r.done) continue;
      r.done = true;
      this.emit(r);
    }
  }

  /** Emit every component still open (after the last row). */
  finish(): void {
    this.beginRow(this.row + 1);
    this.endRow();
    this.prev = [];
  }
}
