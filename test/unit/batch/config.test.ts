// Configuration from BW_ variables, validated once.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isInputError } from '../../../src/core/errors.js';

const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (err) {
    return isInputError(err) ? err.code : 'not an input error';
  }
};

describe('loadConfig', () => {
  it('defaults to embedded mode with the store in ./borderwatch.db and a stall allowance of at least 2', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dbPath: './borderwatch.db', redisUrl: null, queuePrefix: 'bw' });
    expect(c.maxStalledCount).toBeGreaterThanOrEqual(2);
    expect(c.workers).toBeGreaterThanOrEqual(1);
  });

  it('gives a scan a 512 MiB memory budget unless BW_MAX_MEMORY_MB says otherwise, never under 64', () => {
    expect(loadConfig({}).maxMemoryMb).toBe(512);
    expect(loadConfig({ BW_MAX_MEMORY_MB: '256' }).maxMemoryMb).toBe(256);
    expect(codeOf(() => loadConfig({ BW_MAX_MEMORY_MB: '32' }))).toBe('CONFIG_INVALID');
  });

  it('refuses a stall allowance below 2 (BullMQ’s default of 1 loses tiles)', () => {
    expect(codeOf(() => loadConfig({ BW_MAX_STALLED: '1' }))).toBe('CONFIG_INVALID');
  });

  it('refuses a malformed Redis URL or worker count with CONFIG_INVALID', () => {
    expect(codeOf(() => loadConfig({ BW_REDIS_URL: 'localhost:6379' }))).toBe('CONFIG_INVALID');
    expect(codeOf(() => loadConfig({ BW_REDIS_URL: 'http://localhost:6379' }))).toBe('CONFIG_INVALID');
    expect(codeOf(() => loadConfig({ BW_WORKERS: '0' }))).toBe('CONFIG_INVALID');
    expect(codeOf(() => loadConfig({ BW_WORKERS: 'two' }))).toBe('CONFIG_INVALID');
    expect(loadConfig({ BW_REDIS_URL: 'redis://127.0.0.1:6379/2', BW_WORKERS: '3' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379/2', workers: 3 });
  });
});
