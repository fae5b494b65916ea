// Playwright drives Debian's Chromium (no browser download) against a release build of the
// portal that it starts with a fresh SQLite database and the demo data.
// scripts/test.sh sets PORTAL_BIN, PORTAL_E2E_PORT and PORTAL_E2E_DATA_DIR.
import { defineConfig } from '@playwright/test';
import { baseURL, bin, serverEnv, serverLog } from './support/portal';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // One retry in CI, for the rare page whose response comes without its own security headers
  // (see the README's "Known issues"); a retried test is reported as flaky by name in the summary.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'artifacts/results.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: serverLog
      ? `${bin} seed-demo && exec ${bin} serve 2>>${JSON.stringify(serverLog)}`
      : `${bin} seed-demo && exec ${bin} serve`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: serverEnv,
  },
});
