// The command users run is the bundle (bin/borderwatch.js → dist/bundle/, built by `npm run build`,
// which the test script runs first), not the sources the other specs import. These run it as a user
// would, in a child process, on a generated tiled pair, and hold its answers to the sources' own:
// a bundle that cannot start its decode or scan threads, or finds its files elsewhere, fails here.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePair, type GeneratedPair } from '../../src/bench/generate.js';
import { loadSegments } from '../../src/cli/commands/scan.js';
import { PROJECT_ROOT } from '../../src/io/project-root.js';
import { AlertStore } from '../../src/io/store/alert-store.js';
import { scanPair } from '../../src/pipeline/scan.js';
import { tempDir } from '../helpers/samples.js';

const LAUNCHER = join(PROJECT_ROOT, 'bin', 'borderwatch.js');
const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [LAUNCHER, ...args], { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 1 << 24 });

let pair: GeneratedPair;
let dir: string;
/** The sources' alerts, by fingerprint (identity follows segment, detector and position). */
let expectedFingerprints: string[];

beforeAll(async () => {
  expect(existsSync(join(PROJECT_ROOT, 'dist', 'bundle', 'main.js')), 'run `npm run build` first').toBe(true);
  dir = tempDir();
  pair = generatePair(dir, 1024, 3);
  // The sources' answer, decoded on the calling thread: the reference for the bundle's threads.
  const result = await scanPair({ baselinePath: pair.baseline, currentPath: pair.current, segments: await loadSegments(pair.segments), engine: { threads: 0 } });
  expectedFingerprints = result.candidates.map((c) => c.fingerprint).sort();
  expect(expectedFingerprints.length).toBeGreaterThan(0);
}, 120_000);

describe('the installed borderwatch command (the bundle)', () => {
  it('scans a tiled pair on two decode threads and writes the alerts the sources find', async () => {
    const out = join(dir, 'alerts.geojson');
    await cli(['scan', '--baseline', pair.baseline, '--current', pair.current, '--segments', pair.segments, '--out', out, '--quiet'], { BW_WORKERS: '2' });
    const written = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
    expect(written.features.map((f) => String(f.properties!['fingerprint'])).sort()).toEqual(expectedFingerprints);
  }, 120_000);

  it('runs a batch on its scan threads and stores every alert', async () => {
    const tiles = join(dir, 'tiles', 'synthetic');
    mkdirSync(tiles, { recursive: true });
    copyFileSync(pair.baseline, join(tiles, '2024-05-01.tif'));
    copyFileSync(pair.current, join(tiles, '2024-06-01.tif'));
    const db = join(dir, 'batch.db');
    const { stdout } = await cli(['batch', join(dir, 'tiles'), '--segments', pair.segments, '--workers', '2', '--json'], { BW_DB: db, BW_BASELINE_CACHE: join(dir, 'cache') });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ scanned: 1, done: 2, rejected: 0 });
    const store = AlertStore.open(db);
    try {
      expect(store.listAlerts({ limit: 500 }).items.map((a) => a.fingerprint).sort()).toEqual(expectedFingerprints);
    } finally {
      store.close();
    }
  }, 120_000);

  it('serves the dashboard page from the web folder of the package', async () => {
    const child = spawn(process.execPath, [LAUNCHER, 'serve', '--port', '0'], { env: { ...process.env, BW_DB: join(dir, 'serve.db') }, cwd: dir });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /http:\/\/[^ ]+\//.exec(err);
          if (m) resolve(m[0]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const res = await fetch(address);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toBe(readFileSync(join(PROJECT_ROOT, 'web', 'index.html'), 'utf8'));
    } finally {
      child.kill();
    }
  }, 60_000);
});
