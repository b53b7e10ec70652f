// End-to-end tests: Playwright drives Debian's Chromium (never a downloaded browser) against
// dist/ (built by scripts/build) served by scripts/static-server.mjs.
//   http://127.0.0.1:4173/            dist/ at the root (baseURL)
//   http://127.0.0.1:4174/embed/calc/ the same dist/ under a sub-path (SUBPATH_URL), for tests
//                                     that check the relative asset paths (trap 7)
// In a spec: `await page.goto('./')` (or './?v=1&tps1=...') resolves against baseURL; for the
// sub-path: `test.use({ baseURL: SUBPATH_URL })` with `import { SUBPATH_URL } from '../../playwright.config'`.
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The directory served: dist/ unless E2E_DIST names another (e.g. to test a copy of a build).
const DIST = process.env.E2E_DIST ?? 'dist';
export const BASE_URL = 'http://127.0.0.1:4173/';
export const SUBPATH_URL = 'http://127.0.0.1:4174/embed/calc/';

// Headless Chromium as root on a machine with no outside network (TOOLCHAIN.md trap 6);
// headless itself comes from `headless: true`.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    serviceWorkers: 'allow',
  },
  webServer: [
    {
      command: `node scripts/static-server.mjs ${DIST} 4173 /`,
      url: BASE_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node scripts/static-server.mjs ${DIST} 4174 /embed/calc/`,
      url: SUBPATH_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
