import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one server at a time on a 2-core machine.
    fileParallelism: false,
  },
});
