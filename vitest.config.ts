import { configDefaults, defineConfig } from 'vitest/config';
import { E2E_TEST_TIMEOUT_MS, UNIT_TEST_TIMEOUT_MS } from './test/support/time-limits.ts';

// Tests that spawn the real CLI (a Node process per run, several runs per test) are their own project with at most
// two workers (each runs up to five tests of a file at once), however many cores: on a loaded machine they queue
// rather than starve each other, and in-process tests run beside them.
const END_TO_END = [
  'test/cli/**/*.test.ts',
  'test/ui/tui-e2e*.test.ts',
  'test/bench/oracle-e2e.test.ts',
  'test/package/**/*.test.ts',
];

// isolated-vm is a native addon: forked processes keep its threads away from vitest's workers.
const shared = { pool: 'forks' as const, execArgv: ['--no-node-snapshot'] };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...END_TO_END],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
          hookTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: END_TO_END,
          maxWorkers: 2,
          testTimeout: E2E_TEST_TIMEOUT_MS,
          hookTimeout: E2E_TEST_TIMEOUT_MS,
        },
      },
    ],
  },
});
