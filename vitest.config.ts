import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        remoteBindings: false,
        miniflare: { bindings: { ENVIRONMENT: 'test', TEST_MIGRATIONS: migrations } },
      }),
    ],
    test: {
      include: ['src/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'],
      setupFiles: ['./test/setup/apply-migrations.ts', './test/setup/seed-system-of-record.ts'],
      testTimeout: 30_000,
      // Suites set up documents and tasks through the real Workflows; on a busy 2-core machine that takes a while.
      hookTimeout: 60_000,
    },
  };
});
