import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['evals/**/*.eval.ts'],
    globalSetup: ['evals/server.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
