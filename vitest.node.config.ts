// Node-side tests: the benchmark metric functions, the eval gate (which starts its own dev server), the API contract.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['scripts/**/*.test.ts', 'test/gate/**/*.test.ts', 'test/contract/**/*.test.ts'], testTimeout: 660_000 },
});
