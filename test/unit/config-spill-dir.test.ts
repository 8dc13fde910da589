// BW_SPILL_DIR is checked at start like every BW_ setting: a folder that cannot take the spill
// would otherwise only show, minutes into a whole-tile scan, as terms recomputed on every pass.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanEngine } from '../../src/cli/commands/scan.js';
import { loadConfig } from '../../src/config.js';
import { isInputError } from '../../src/core/errors.js';
import { runCli, tempDir } from '../helpers/samples.js';

/** The InputError loadConfig throws for `env`, or null when it accepts it. */
function rejection(env: Record<string, string>): { code: string; message: string } | null {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    if (!isInputError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('BW_SPILL_DIR', () => {
  it('refuses a folder that does not exist, naming the setting, the path and what it is for', () => {
    const missing = join(tempDir('bw-spill-'), 'not-there');
    const r = rejection({ BW_SPILL_DIR: missing });
    expect(r?.code).toBe('CONFIG_INVALID');
    expect(r?.message).toContain('BW_SPILL_DIR');
    expect(r?.message).toContain(missing);
    expect(r?.message).toMatch(/does not exist/);
    expect(r?.message).toMatch(/spills window terms there/);
  });

  it('refuses a file where a folder is needed', () => {
    const file = join(tempDir('bw-spill-'), 'a-file');
    writeFileSync(file, 'not a folder');
    const r = rejection({ BW_SPILL_DIR: file });
    expect(r?.code).toBe('CONFIG_INVALID');
    expect(r?.message).toContain(file);
    expect(r?.message).toMatch(/is not a folder/);
  });

  it('gives a command-line scan the folder it names, so the pipeline need not read the environment', () => {
    const dir = tempDir('bw-spill-');
    expect(scanEngine({ BW_SPILL_DIR: dir, BW_WORKERS: '2', BW_MAX_MEMORY_MB: '300' })).toEqual({ threads: 2, maxMemoryMb: 300, spillDir: dir });
  });

  it('keeps /var/tmp (a disk by convention, not a tmpfs) when unset or blank', () => {
    if (!existsSync('/var/tmp')) return; // the OS temp dir then; nothing machine-independent to check
    expect(scanEngine({}).spillDir).toBe('/var/tmp');
    expect(scanEngine({ BW_SPILL_DIR: '  ' }).spillDir).toBe('/var/tmp');
  });

  it('stops `borderwatch scan` before it reads any input (exit 78, not a missing-file error)', async () => {
    const missing = join(tempDir('bw-spill-'), 'not-there');
    vi.stubEnv('BW_SPILL_DIR', missing);
    const nowhere = join(tempDir('bw-spill-'), 'absent');
    const r = await runCli(['scan', '--baseline', join(nowhere, 'b.tif'), '--current', join(nowhere, 'c.tif'), '--segments', join(nowhere, 's.geojson'), '--out', join(nowhere, 'o.geojson')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('[CONFIG_INVALID]');
    expect(r.stderr).toContain(missing);
  });
});
