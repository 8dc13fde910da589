// Rule: a scan of tiles at http(s) URLs finds exactly what the same scan of the files finds, and
// moves only the header and the blocks the watched corridors touch (range requests against a real
// node:http server on loopback that counts the bytes it serves).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertCandidate } from '../../src/core/alerts/candidate.js';
import type { BorderSegment } from '../../src/core/types.js';
import { loadSegments } from '../../src/cli/commands/scan.js';
import { openTile } from '../../src/io/tiff/open.js';
import { scanPair, type ScanResult } from '../../src/pipeline/scan.js';
import { pairFile } from '../helpers/samples.js';
import { startRangeServer, type RangeServer } from '../unit/tiff/url-range-server.js';

/** Everything a user sees of a candidate except the content identity, which differs by design. */
const comparable = (c: AlertCandidate) => ({ ...c, baseline: { ...c.baseline, sha256: '' }, current: { ...c.current, sha256: '' } });

describe('scanning the Paris-Bercy pair over http', () => {
  const t1 = readFileSync(pairFile('oscd-bercy', 't1.tif'));
  const t2 = readFileSync(pairFile('oscd-bercy', 't2.tif'));
  const objectBytes = t1.byteLength + t2.byteLength;
  let server: RangeServer;
  let segments: BorderSegment[];
  let fromFiles: ScanResult;

  beforeAll(async () => {
    server = await startRangeServer({ '/bercy/t1.tif': t1, '/bercy/t2.tif': t2 });
    segments = await loadSegments(pairFile('oscd-bercy', 'segments.geojson'));
    fromFiles = await scanPair({ baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: pairFile('oscd-bercy', 't2.tif'), segments });
  });
  afterAll(() => server.close());

  async function scanOverHttp(segs: BorderSegment[]): Promise<{ result: ScanResult; bytes: number; starts: number[] }> {
    const before = server.bytesServed;
    const firstRequest = server.requests.length;
    const result = await scanPair({ baselinePath: server.url('/bercy/t1.tif'), currentPath: server.url('/bercy/t2.tif'), segments: segs });
    const starts = server.requests.slice(firstRequest).map((r) => Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1]));
    return { result, bytes: server.bytesServed - before, starts };
  }

  it('gives the same candidates and coverage as scanning the files', async () => {
    const { result, bytes } = await scanOverHttp(segments);
    console.info(`bercy over http, all segments: ${bytes} of ${objectBytes} bytes served (${((100 * bytes) / objectBytes).toFixed(1)} %)`);
    expect(fromFiles.candidates.length).toBeGreaterThan(0);
    expect(result.candidates.map(comparable)).toEqual(fromFiles.candidates.map(comparable));
    expect(result.report.watchedPixels).toBe(fromFiles.report.watchedPixels);
    expect(result.report.observedPixels).toBe(fromFiles.report.observedPixels);
    expect(result.report.decodedBlocks).toBe(fromFiles.report.decodedBlocks);
    // The corridors touch 3 of the 4 blocks: the fourth never travels.
    expect(result.report.decodedBlocks).toBeLessThan(result.report.totalBlocks);
    expect(bytes).toBeLessThan(objectBytes);
  });

  it('moves only the one block per date that a one-block corridor touches', async () => {
    const one = segments.filter((s) => s.id === 'KAZ-643-placed/p000/s0004');
    expect(one).toHaveLength(1);
    const { result, bytes, starts } = await scanOverHttp(one);
    console.info(`bercy over http, one-block segment: ${bytes} of ${objectBytes} bytes served (${((100 * bytes) / objectBytes).toFixed(1)} %)`);
    expect(result.report.decodedBlocks).toBe(1);
    const fileScan = await scanPair({ baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: pairFile('oscd-bercy', 't2.tif'), segments: one });
    expect(result.candidates.map(comparable)).toEqual(fileScan.candidates.map(comparable));

    const layouts = await Promise.all([pairFile('oscd-bercy', 't1.tif'), pairFile('oscd-bercy', 't2.tif')].map(async (p) => {
      const t = await openTile(p);
      await t.close();
      return t.layout;
    }));
    const blockReads = layouts.map((l) => l.blockOffsets.filter((o) => starts.includes(o)));
    expect(blockReads.map((r) => r.length)).toEqual([1, 1]);
    // What travelled: the two decoded blocks plus at most two 16 KiB header/IFD pages per date.
    const blockBytes = layouts.reduce((sum, l, k) => sum + (l.blockByteCounts[l.blockOffsets.indexOf(blockReads[k]![0]!)] as number), 0);
    expect(bytes).toBeLessThanOrEqual(blockBytes + 4 * 16 * 1024);
    expect(bytes).toBeLessThan(objectBytes / 2);
  });

  it('rejects a scan of a missing object with FILE_NOT_FOUND', async () => {
    await expect(scanPair({ baselinePath: server.url('/bercy/t1.tif'), currentPath: server.url('/bercy/missing.tif'), segments }))
      .rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
