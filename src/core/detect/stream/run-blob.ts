// A streamed component (runs + statistics) → the same ChangeBlob the in-memory path builds: the
// runs are burnt into a bbox-sized mask and traced with the same tracer.
import { blobOf, type ChangeBlob } from '../find-changes.js';
import { paddedMask, traceMask } from '../polygonise.js';
import type { RunComponent } from './run-labeller.js';

export function blobOfRuns(c: RunComponent, pixelAreaM2: number): ChangeBlob {
  const w = c.maxCol - c.minCol + 1;
  const h = c.maxRow - c.minRow + 1;
  const mask = paddedMask(w, h);
  const runs = c.runs;
  for (let k = 0; k < runs.length; k += 3) {
    const base = (runs[k]! - c.minRow + 1) * (w + 2) + 1 - c.minCol;
    mask.fill(1, base + runs[k + 1]!, base + runs[k + 2]! + 1);
  }
  return blobOf(c.pixelCount, c.scoreSum, c.scoreMax, c.brightSum, traceMask(mask, w, h, c.minCol, c.minRow), pixelAreaM2);
}
