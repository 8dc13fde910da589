// Connected-component labelling of a binary change mask (8-connected, two-pass union-find),
// with the per-component statistics later stages need, gathered in the same pass.

export interface Component {
  /** 1-based label in the labels array. */
  readonly label: number;
  readonly pixelCount: number;
  /** Sum of the change score over the component's pixels (mean = sum / pixelCount). */
  readonly scoreSum: number;
  readonly scoreMax: number;
  /** Inclusive pixel bbox within the labelled raster. */
  readonly minCol: number;
  readonly minRow: number;
  readonly maxCol: number;
  readonly maxRow: number;
}

export interface Labelling {
  readonly width: number;
  readonly height: number;
  /** 0 = background, otherwise the component label (1..components.length). */
  readonly labels: Int32Array;
  readonly components: Component[];
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!;
    x = parent[x]!;
  }
  return x;
}

function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return ra;
  // Keep the smaller root so final labels follow raster order (deterministic output).
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}

function merge(parent: Int32Array, label: number, neighbour: number): number {
  if (neighbour === 0) return label;
  return label === 0 ? neighbour : union(parent, label, neighbour);
}

/** Label 8-connected components of `mask` (1 = set); `score` supplies per-pixel statistics. */
export function labelComponents(mask: Uint8Array, width: number, height: number, score: Float32Array): Labelling {
  const labels = new Int32Array(width * height);
  // Provisional labels: at most one new label per pixel; parent[] holds the union-find forest.
  let parent = new Int32Array(1024);
  let next = 1;
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let col = 0; col < width; col++) {
      const i = base + col;
      if (mask[i] === 0) continue;
      // Already-visited 8-neighbours: W, NW, N, NE (no allocation: this loop runs per pixel).
      let label = 0;
      if (col > 0) label = merge(parent, label, labels[i - 1]!);
      if (row > 0) {
        if (col > 0) label = merge(parent, label, labels[i - width - 1]!);
        label = merge(parent, label, labels[i - width]!);
        if (col < width - 1) label = merge(parent, label, labels[i - width + 1]!);
      }
      if (label === 0) {
        if (next >= parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  // Second pass: resolve roots to dense labels 1..n in raster order of first appearance.
  const dense = new Int32Array(next);
  const stats: { count: number; sum: number; max: number; c0: number; r0: number; c1: number; r1: number }[] = [];
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let col = 0; col < width; col++) {
      const i = base + col;
      const l = labels[i]!;
      if (l === 0) continue;
      const root = find(parent, l);
      let d = dense[root]!;
      if (d === 0) {
        d = stats.length + 1;
        dense[root] = d;
        stats.push({ count: 0, sum: 0, max: -Infinity, c0: col, r0: row, c1: col, r1: row });
      }
      labels[i] = d;
      const s = stats[d - 1]!;
      const v = score[i]!;
      s.count++;
      s.sum += v;
      if (v > s.max) s.max = v;
      if (col < s.c0) s.c0 = col;
      if (col > s.c1) s.c1 = col;
      if (row > s.r1) s.r1 = row;
    }
  }
  const components = stats.map((s, k) => ({
    label: k + 1,
    pixelCount: s.count,
    scoreSum: s.sum,
    scoreMax: s.max,
    minCol: s.c0,
    minRow: s.r0,
    maxCol: s.c1,
    maxRow: s.r1,
  }));
  return { width, height, labels, components };
}
