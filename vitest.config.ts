import { defineConfig } from 'vitest/config';

// One run over every workspace's tests (`npm test`); e2e specs run separately (`npm run test:e2e`)
// because they need a built web app and a browser.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'contracts',
          root: 'packages/contracts',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'db',
          root: 'packages/db',
          include: ['src/**/*.test.ts'],
          globalSetup: ['src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api',
          root: 'apps/api',
          include: ['src/**/*.test.ts', '../../scripts/**/*.test.ts'],
          globalSetup: ['../../packages/db/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          root: 'infra',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          // Synthesizing a stack in beforeAll takes seconds, more on a busy machine.
          hookTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['apps/api/src/**/*.ts', 'packages/*/src/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        '**/test/**',
        '**/testing/**',
        'apps/api/src/server.ts',
        'apps/api/src/migrate.ts',
        'apps/api/src/super-admin.ts',
        'apps/api/src/audit-verify.ts',
        'apps/api/src/keys-rotate.ts',
      ],
      thresholds: { lines: 80 },
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
});
