// Rule: a batch scan keeps the window terms that do not fit its budget in the spill folder the
// batch was configured with (BW_SPILL_DIR, checked at start), not wherever the scan thread would
// otherwise pick: the setting reaches the engine through ProcessScanOptions.
import { watch } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processScan } from '../../../src/batch/process-scan.js';
import type { ScanJobData, SegmentSet } from '../../../src/io/queue/jobs.js';
import { pixelSegments } from '../../helpers/pixel-segments.js';
import { diskTempDir } from '../../helpers/samples.js';
import { writeSyntheticPair } from '../../helpers/synthetic-pair.js';

// On the project's own disk: a spill is only made where it would not be memory (never a tmpfs).
const spillDir = diskTempDir();

/** Names created in `dir` while `work` runs (the spill's folder is made, opened and unlinked at once). */
async function namesCreatedDuring(dir: string, work: () => Promise<unknown>): Promise<string[]> {
  const names: string[] = [];
  const watcher = watch(dir, (_event, name) => { if (name) names.push(name); });
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    watcher.close();
  }
  return names;
}

describe('a batch scan whose window terms do not fit its budget', () => {
  const { baselinePath, currentPath, grid } = writeSyntheticPair('bw-batch-spill-', 512, 5, 64);
  const set: SegmentSet = { version: 'v1', segments: pixelSegments(grid).wholeTile(), zones: [] };
  const tile = (tileId: string, location: string) => ({ tileId, location, sha256: tileId, acquiredAt: null });
  const job: ScanJobData = { jobId: 'j1', footprint: 'f', baseline: tile('before', baselinePath), current: tile('after', currentPath), segmentSetVersion: 'v1', params: {} };

  it('spills them into the configured folder, and only when one is configured', async () => {
    // 512² pixels of three float terms (3 MB) against a quarter of a 1 MiB budget: they must go to disk.
    let configured: Awaited<ReturnType<typeof processScan>> | null = null;
    const withDir = await namesCreatedDuring(spillDir, async () => { configured = await processScan(job, set, { maxMemoryMb: 1, spillDir }); });
    expect(withDir.some((n) => n.startsWith('borderwatch-terms-'))).toBe(true);
    let unconfigured: Awaited<ReturnType<typeof processScan>> | null = null;
    const without = await namesCreatedDuring(spillDir, async () => { unconfigured = await processScan(job, set, { maxMemoryMb: 1 }); });
    expect(without).toEqual([]);
    // Where the terms were kept does not change what was found.
    expect(configured!.kind).toBe('done');
    expect(configured).toEqual(unconfigured);
  });
});
