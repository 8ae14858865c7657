import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // A hang's limit, not a speed check: the heaviest (export-import's streamed share, 3.5 s
          // at load 7 on 2 cores) failed vitest's default 5 s on a loaded machine.
          testTimeout: 30_000,
          // Unit tests first: they fail in seconds, before any browser starts.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // Two Chromiums at once is what 2 cores carry well.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
          // A real browser on a loaded 2-core machine: one retry, reported as flaky, not hidden.
          retry: 1,
        },
      },
    ],
  },
});
