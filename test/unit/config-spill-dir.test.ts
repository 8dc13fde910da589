// BW_SPILL_DIR is checked at start like every BW_ setting: a folder that cannot take the spill
// would otherwise only show, minutes into a whole-tile scan, as terms recomputed on every pass.
import { existsSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanEngine } from '../../src/cli/commands/scan.js';
import { loadConfig } from '../../src/config.js';
import { isInputError } from '../../src/core/errors.js';
import { diskTempDir, runCli, tempDir } from '../helpers/samples.js';

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

// A folder on the project's own disk (the OS temp folder may be a tmpfs, which is refused).
const onDisk = diskTempDir();
const SHM = '/dev/shm';
const shmIsTmpfs = existsSync(SHM) && statfsSync(SHM).type === 0x01021994;

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
    expect(scanEngine({ BW_SPILL_DIR: onDisk, BW_WORKERS: '2', BW_MAX_MEMORY_MB: '300' })).toEqual({ threads: 2, maxMemoryMb: 300, spillDir: onDisk });
  });

  it.skipIf(!shmIsTmpfs)('refuses a memory filesystem (tmpfs), where spilled terms would be RAM the budget never sees', () => {
    const r = rejection({ BW_SPILL_DIR: SHM });
    expect(r?.code).toBe('CONFIG_INVALID');
    expect(r?.message).toMatch(/memory filesystem/);
  });

  it.skipIf(!existsSync('/var/tmp'))('keeps /var/tmp (a disk by convention, not a tmpfs) when unset or blank', () => {
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
