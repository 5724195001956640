import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

/**
 * Runs against a production build (`nice npx next build` first) served by scripts/e2e-server.ts,
 * in Debian's Chromium (a Playwright browser download cannot work on these machines).
 */
export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  // Two cores shared by the server, the database and Chromium: a test that takes 22 s on a quiet run
  // once took over 60 s in CI (staff.spec.ts, 2026-12-02). The limit catches hangs, not slowness.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: {
    command: 'npm run e2e:server',
    // A route that opens the database, so PGlite's start-up happens before the first test.
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(port), LOOKOUT_E2E_ENGINE: process.env.LOOKOUT_E2E_ENGINE ?? 'pglite' },
    // The server wipes and seeds its database at start: always a fresh one per run.
    reuseExistingServer: false,
    // Seeding plus start-up took over two minutes with eight agents sharing two cores.
    timeout: 300_000,
  },
});
