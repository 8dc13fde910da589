// Builds a real alert store from the bundled sample pairs: scans each pair that has segments,
// loads its segments, registers both tiles in the catalog and applies the candidates — the same
// path a batch takes, so API and browser tests review real alerts with real evidence.
import { existsSync } from 'node:fs';
import { listSamplePairs, type SamplePair } from '../../../src/cli/commands/demo.js';
import { loadSegments, loadZones } from '../../../src/cli/commands/scan.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { createToken, type Role } from '../../../src/io/store/token-repo.js';
import { scanPair } from '../../../src/pipeline/scan.js';
import { recordScan } from '../../../src/pipeline/record-scan.js';

export const FIXED_NOW = '2024-05-01T09:00:00.000Z';

export interface SampleStore {
  readonly store: AlertStore;
  readonly pairs: readonly SamplePair[];
  readonly tokens: Readonly<Record<Role, string>>;
  readonly created: number;
}

/** Sample pairs whose segment file exists (the folder list grows as pairs are added). */
export async function scannablePairs(names?: readonly string[]): Promise<SamplePair[]> {
  return (await listSamplePairs()).filter((p) => existsSync(p.segments) && (!names || names.includes(p.name)));
}

export async function sampleStore(path: string, names?: readonly string[]): Promise<SampleStore> {
  const store = AlertStore.open(path);
  const pairs = await scannablePairs(names);
  let created = 0;
  for (const pair of pairs) {
    const segments = await loadSegments(pair.segments);
    const zones = pair.authorised && existsSync(pair.authorised) ? await loadZones(pair.authorised) : [];
    const result = await scanPair({
      baselinePath: pair.baseline, currentPath: pair.current, segments, zones,
      baselineAcquiredAt: pair.baselineDate, currentAcquiredAt: pair.currentDate,
    });
    created += recordScan(store, { footprint: pair.name, segments, result, baselinePath: pair.baseline, currentPath: pair.current, now: FIXED_NOW, actor: `scan:${pair.name}` }).created;
  }
  const tokens = {
    analyst: createToken(store.db, 'analyst', 'ana', FIXED_NOW).token,
    operator: createToken(store.db, 'operator', 'ops', FIXED_NOW).token,
    admin: createToken(store.db, 'admin', 'root', FIXED_NOW).token,
  };
  return { store, pairs, tokens, created };
}
