// The README's main job: `borderwatch demo` on the bundled samples, no services.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertStore } from '../../src/io/store/alert-store.js';
import { runCli, tempDir } from '../helpers/samples.js';

describe('borderwatch demo', () => {
  it('scans every sample pair into GeoJSON and the store, prints a summary table, and a second run adds nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'bw.db');
    const first = await runCli(['demo', '--out', join(dir, 'out'), '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/segment\s+kind\s+side\s+dist m\s+crosses\s+area m²\s+score\s+confidence/);
    expect(first.stdout).toContain('not Kazakhstan');
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual(['landsat-taizhou.alerts.geojson', 'oscd-bercy.alerts.geojson', 'oscd-hongkong-crop.alerts.geojson']);
    const written = files.reduce((n, f) => n + (JSON.parse(readFileSync(join(dir, 'out', f), 'utf8')) as { features: unknown[] }).features.length, 0);

    const store = AlertStore.open(db);
    const stored = store.listAlerts({ limit: 1 }).total;
    // Every written feature is one alert in the store (none lost, none duplicated).
    expect(stored).toBe(written);
    // Tiles are catalogued so evidence can be rendered, under ids unique across sample folders.
    expect(store.getTile('oscd-bercy/t1')).toMatchObject({ footprint: 'oscd-bercy' });
    store.close();

    const second = await runCli(['demo', '--out', join(dir, 'out'), '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new, 0 updated, 0 reopened, 0 suppressed, \d+ unchanged/);
    const again = AlertStore.open(db);
    expect(again.listAlerts({ limit: 1 }).total).toBe(stored);
    again.close();
  });
});
