// A streamed component (runs + statistics) → the same ChangeBlob the in-memory path builds: the
// runs are burnt into a bbox-sized label raster and traced with the same tracer.
import { blobOf, type ChangeBlob } from '../find-changes.js';
import { traceComponent } from '../polygonise.js';
import type { RunComponent } from './run-labeller.js';

export function blobOfRuns(c: RunComponent, pixelAreaM2: number): ChangeBlob {
  const w = c.maxCol - c.minCol + 1;
  const h = c.maxRow - c.minRow + 1;
  const labels = new Int32Array(w * h);
  const runs = c.runs;
  for (let k = 0; k < runs.length; k += 3) {
    const base = (runs[k]! - c.minRow) * w - c.minCol;
    labels.fill(1, base + runs[k + 1]!, base + runs[k + 2]! + 1);
  }
  const local = traceComponent(labels, w, 1, { minCol: 0, minRow: 0, maxCol: w - 1, maxRow: h - 1 });
  const shift = (ring: [number, number][]): [number, number][] => ring.map(([x, y]) => [x + c.minCol, y + c.minRow]);
  const polygon = { outer: shift(local.outer), holes: local.holes.map(shift) };
  return blobOf(c.pixelCount, c.scoreSum, c.scoreMax, c.brightSum, polygon, pixelAreaM2);
}
