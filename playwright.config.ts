import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { HEADLESS_CHROMIUM_FLAGS } from './src/server/chromium-flags.js';

/**
 * Browser tests: Debian's Chromium (/usr/bin/chromium, never a downloaded browser) against `twoway serve` on a
 * new SQLite database, with the web pages built by `npm run build:web`. Screenshots go to e2e/artifacts.
 */
/** A port nobody listens on now: the operating system's choice for a socket bound to port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// the port is chosen once, in the runner, and handed to the workers (which load this file again) by the
// environment; TWOWAY_E2E_PORT chooses it instead
process.env.TWOWAY_E2E_PORT ??= String(await freePort());
const PORT = Number(process.env.TWOWAY_E2E_PORT);
const reportDir = process.env.TWOWAY_TEST_REPORT_DIR;
const db = join(mkdtempSync(join(tmpdir(), 'twoway-e2e-')), 'e2e.db');

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  // files run one after another in name order against one database: review.e2e.ts signs the first account up
  // on the first-run page, so every other file is named to come after it (screening-…, synthesis, wrong-…)
  outputDir: 'e2e/artifacts/results',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: reportDir
    ? [['list'], ['json', { outputFile: join(reportDir, 'e2e-results.json') }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // and, for the browser tests, QUIC off
      args: [...HEADLESS_CHROMIUM_FLAGS, '--disable-quic'],
    },
  },
  webServer: {
    command: `node --import tsx src/cli/main.ts serve --db ${db} --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/v1/setup`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
