import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../src/core/detect/components.js';
import { traceComponent, type PixelRing } from '../../src/core/detect/polygonise.js';

function grid(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]!.length;
  const mask = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((ch, x) => { mask[y * width + x] = ch === '#' ? 1 : 0; }));
  return { mask, width, height };
}

const ringArea = (ring: PixelRing): number => {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
  return a / 2;
};

function polygonsOf(rows: string[]) {
  const { mask, width, height } = grid(rows);
  const lab = labelComponents(mask, width, height, new Float32Array(width * height).fill(1));
  return { lab, polys: lab.components.map((c) => traceComponent(lab.labels, width, c.label, c)) };
}

describe('labelling and polygonising change masks', () => {
  it('joins pixels that touch only at a corner into one component (8-connected), like gdal_sieve -8', () => {
    const { lab, polys } = polygonsOf(['#..', '.#.', '..#']);
    expect(lab.components).toHaveLength(1);
    expect(lab.components[0]!.pixelCount).toBe(3);
    expect(polys[0]!.holes).toHaveLength(0);
    expect(ringArea(polys[0]!.outer)).toBe(3);
  });

  it('separates components that do not touch and labels them in raster order', () => {
    const { lab } = polygonsOf(['##..#', '##..#', '.....', '..##.']);
    expect(lab.components.map((c) => c.pixelCount)).toEqual([4, 2, 2]);
    expect(lab.components[0]).toMatchObject({ minCol: 0, minRow: 0, maxCol: 1, maxRow: 1 });
  });

  it('merges U-shaped provisional labels into one component', () => {
    const { lab } = polygonsOf(['#.#', '#.#', '###']);
    expect(lab.components).toHaveLength(1);
    expect(lab.components[0]!.pixelCount).toBe(7);
  });

  it('keeps holes as separate rings so polygon area equals changed-pixel area', () => {
    const { polys } = polygonsOf(['####', '#..#', '####']);
    const p = polys[0]!;
    expect(ringArea(p.outer)).toBe(12);
    expect(p.holes).toHaveLength(1);
    expect(ringArea(p.holes[0]!)).toBe(-2);
  });

  it('outlines a square with its four corners only (collinear vertices dropped) and closes the ring', () => {
    const { polys } = polygonsOf(['...', '.##', '.##']);
    expect(polys[0]!.outer).toEqual([[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]);
  });

  it('treats a diagonal gap in a ring of pixels as enclosing two holes (background is 4-connected)', () => {
    const { polys } = polygonsOf(['.###.', '#...#', '#.#.#', '#...#', '.###.']);
    const outerArea = ringArea(polys[0]!.outer);
    const holesArea = polys[0]!.holes.reduce((s, h) => s + ringArea(h), 0);
    expect(outerArea + holesArea).toBe(12); // 12 ring pixels; the centre pixel is its own component
  });
});
