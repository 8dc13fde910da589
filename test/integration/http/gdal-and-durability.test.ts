// Outside clients and crashes: GDAL's OAPIF driver lists the alerts collection with the store's
// count (paging through next links), gdalinfo reads the change-magnitude export, and a review
// action answered with 200 is on disk even when the server is killed right after.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/io/store/alert-store.js';
import { call, listen } from './harness.js';
import { sampleStore, type SampleStore } from './sample-store.js';

const run = promisify(execFile);
let dir: string;
let fx: SampleStore;
let api: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-gdal-'));
  fx = await sampleStore(join(dir, 'store.db'));
  api = await listen(fx.store);
});

afterAll(async () => {
  await api?.close();
  fx?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const gdal = (tool: string, args: string[]) =>
  run(tool, ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${fx.tokens.operator}`, ...args], { timeout: 60_000 });

describe('GDAL clients', () => {
  it('ogrinfo opens /ogc and counts every alert and segment', async () => {
    const { stdout } = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:http://127.0.0.1:${api.port}/ogc`, 'alerts']);
    expect(stdout).toContain(`Feature Count: ${fx.store.listAlerts({ limit: 1 }).total}`);
    const segments = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:http://127.0.0.1:${api.port}/ogc`, 'segments']);
    expect(segments.stdout).toMatch(/Feature Count: [1-9]\d*/);
  });

  it('ogr2ogr pages through the items with next links and gets each alert exactly once', async () => {
    const out = join(dir, 'alerts.geojson');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:http://127.0.0.1:${api.port}/ogc`, 'alerts', '--config', 'OAPIF_PAGE_SIZE', '17']);
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', out]);
    expect(stdout).toContain(`Feature Count: ${fx.store.listAlerts({ limit: 1 }).total}`);
  });

  it('ogrinfo with a spatial filter gets only the alerts in that box', async () => {
    const box: [number, number, number, number] = [119.85, 32.40, 119.95, 32.50];
    const { stdout } = await gdal('ogrinfo', ['-ro', '-so', '-spat', ...box.map(String), `OAPIF:http://127.0.0.1:${api.port}/ogc`, 'alerts']);
    const inBox = fx.store.listAlerts({ bbox: box, limit: 1 }).total;
    expect(inBox).toBeGreaterThan(0);
    expect(stdout).toContain(`Feature Count: ${inBox}`);
  });

  it('gdalinfo reads the change-magnitude GeoTIFF with its CRS and NaN nodata', async () => {
    // An alert on the Landsat pair, whose tiles are in UTM 51N.
    const fp = fx.store.listAlerts({ limit: 1000 }).items.find((a) => a.segmentId.startsWith('KAZ-156'))!.fingerprint;
    const res = await call(api.port, 'GET', `/api/alerts/${fp}/change.tif`, { token: fx.tokens.analyst });
    expect(res.status).toBe(200);
    const path = join(dir, 'change.tif');
    writeFileSync(path, res.body);
    const info = JSON.parse((await run('gdalinfo', ['-json', '-stats', path])).stdout);
    expect(info.bands).toHaveLength(1);
    expect(info.bands[0].type).toBe('Float32');
    expect(info.coordinateSystem.wkt).toContain('UTM');
    expect(info.bands[0].maximum).toBeGreaterThan(info.bands[0].minimum);
  });
});

describe('durability', () => {
  it('keeps a dismissal answered with 200 when the server is killed right after the reply', async () => {
    const path = join(dir, 'store.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child-server.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const fp = fx.store.listAlerts({ states: ['new'], order: 'recent', limit: 1 }).items[0]!.fingerprint;
    const res = await call(port, 'POST', `/api/alerts/${fp}/actions`, { token: fx.tokens.analyst, body: { type: 'dismiss', reason: 'misregistration', note: 'shifted by a pixel' } });
    child.kill('SIGKILL');
    expect(res.status).toBe(200);
    await new Promise((resolve) => child.once('exit', resolve));
    const reopened = AlertStore.open(path);
    const detail = reopened.getAlert(fp)!;
    reopened.close();
    expect(detail.alert.state).toBe('dismissed');
    expect(detail.events.at(-1)).toMatchObject({ type: 'dismissed', reason: 'misregistration', actor: 'ana' });
  });
});
