// Maps and sets keyed by a vertex's exact coordinates. Keying by number (x, then y) finds the same
// vertices a `${x},${y}` string key did — equal doubles, with 0 and -0 one key either way — without
// a float-to-string conversion per lookup, which was most of the pinch checks' cost on every clip.

type Point = readonly [number, number] | readonly number[];

export class PointMap<V> {
  private readonly byX = new Map<number, Map<number, V>>();

  get(p: Point): V | undefined {
    return this.byX.get(p[0]!)?.get(p[1]!);
  }

  has(p: Point): boolean {
    return this.byX.get(p[0]!)?.has(p[1]!) ?? false;
  }

  set(p: Point, value: V): void {
    let ys = this.byX.get(p[0]!);
    if (!ys) {
      ys = new Map();
      this.byX.set(p[0]!, ys);
    }
    ys.set(p[1]!, value);
  }

  delete(p: Point): void {
    this.byX.get(p[0]!)?.delete(p[1]!);
  }
}

/** A set of vertices by exact coordinates. */
export class PointSet {
  private readonly points = new PointMap<true>();

  has(p: Point): boolean {
    return this.points.has(p);
  }

  add(p: Point): void {
    this.points.set(p, true);
  }
}
