import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/segments.js';
import { segmentsFromGeoJSON } from '../../../src/core/geo/segments-geojson.js';

const samples = fileURLToPath(new URL('../../../data/samples/borders/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bw-segments-'));

afterEach(() => vi.restoreAllMocks());

describe('borderwatch segments build', () => {
  it('writes a segment file scan can read and prints a one-line summary', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = join(dir, 'kaz.geojson');
    const code = await run(['build', '--border', join(samples, 'kazakhstan_boundary_segments_10m.geojson'), '--length', '5000', '--corridor', '1500', '--country', join(samples, 'kazakhstan_10m.geojson'), '--out', out]);
    expect(code).toBe(0);
    const segments = segmentsFromGeoJSON(JSON.parse(readFileSync(out, 'utf8')));
    expect(segments.length).toBeGreaterThan(2800);
    expect(segments.find((s) => s.id === 'KAZ-643/p000/s0000')!.sideNames).toMatchObject({ right: 'Kazakhstan', left: 'Russia' });
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toMatch(/^\d+ segments from 7 border lines, \d+\.\d km, corridor ±1500 m, built in \d+\.\d+ s/);
  });

  it('rejects missing or bad options with ARGS_INVALID', async () => {
    const border = join(samples, 'kazakhstan_boundary_segments_10m.geojson');
    await expect(run(['build', '--border', border, '--corridor', '1500', '--out', join(dir, 'x.geojson')])).rejects.toMatchObject({ code: 'ARGS_INVALID', message: expect.stringMatching(/--length/) });
    await expect(run(['build', '--border', border, '--length', '1000', '--corridor', '-5', '--out', join(dir, 'x.geojson')])).rejects.toMatchObject({ code: 'ARGS_INVALID' });
    await expect(run(['cut', '--border', border])).rejects.toMatchObject({ code: 'ARGS_INVALID', message: expect.stringMatching(/unknown subcommand 'cut'/) });
  });

  it('rejects a border file that is not line GeoJSON with BORDER_INVALID naming the file', async () => {
    const bad = join(dir, 'points.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [70, 45] } }] }));
    await expect(run(['build', '--border', bad, '--length', '1000', '--corridor', '1500', '--out', join(dir, 'y.geojson')])).rejects.toMatchObject({
      code: 'BORDER_INVALID',
      message: expect.stringMatching(/points\.geojson: feature 0: geometry must be LineString/),
    });
    const notJson = join(dir, 'broken.geojson');
    writeFileSync(notJson, '{"type": "FeatureCollection", ');
    await expect(run(['build', '--border', notJson, '--length', '1000', '--corridor', '1500', '--out', join(dir, 'z.geojson')])).rejects.toMatchObject({ code: 'BORDER_INVALID' });
  });
});
