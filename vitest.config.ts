import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tile identities remembered by the suite go to a scratch folder, not the user's ~/.cache.
    env: { BW_IDENTITY_CACHE: join(tmpdir(), 'borderwatch-test-identity-cache') },
  },
});
