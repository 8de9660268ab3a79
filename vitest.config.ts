import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// CI (.ci/run) sets TWOWAY_TEST_REPORT_DIR to collect a JSON report beside the usual output
const reportDir = process.env.TWOWAY_TEST_REPORT_DIR;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'fuzz/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['./vitest.global-setup.ts'],
    ...(reportDir
      ? { reporters: ['default', 'json'], outputFile: { json: join(reportDir, 'vitest-results.json') } }
      : {}),
  },
});
