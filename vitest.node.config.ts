// Node-side tests: the benchmark and eval metric functions, the deploy script against fakes, the API contract, and the eval gate (which starts its own dev server).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['scripts/**/*.test.ts', 'evals/**/*.test.ts', 'test/gate/**/*.test.ts', 'test/contract/**/*.test.ts'], testTimeout: 660_000 },
});
