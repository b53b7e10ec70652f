// The set-up the diagnostics share (profile.mjs, trace-check.mjs, breakdown.mjs): Chromium with
// run.mjs's page hook, the app opened with a link for n platforms, 20 warm-up moves, and a
// function that runs the measured moves of platform 1's throughput slider (run.mjs's moveLoop).
import { chromium } from 'playwright-core';
import { moveLoop, pageHook, link } from './run.mjs';

const MOVE = {
  selector: '[data-testid="in-tps-1"]', positions: [400, 600, 450, 650, 500, 700], hops: 32,
  chartSelector: '.chart canvas', cellSelector: '[data-testid="out-cost_per_mtok-1"]', dry: false, validate: false,
};

/**
 * Opens `url` with `platforms` platforms. `isolate`: cross-origin isolated as in run.mjs (5 us
 * timer steps); `chartsInView`: the first chart scrolled to the middle of the screen first.
 * Returns { browser, context, page, moves(count) }; close the browser when done.
 */
export async function openMovePage(url, platforms, { isolate = false, chartsInView = false } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(pageHook);
  if (isolate) {
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      });
    });
  }
  const page = await context.newPage();
  await page.goto(new URL(link(Number(platforms)), url).href);
  await page.waitForSelector(MOVE.selector);
  await page.waitForTimeout(800);
  if (chartsInView) {
    await page.evaluate(() => document.querySelector('.chart canvas')?.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
  }
  const moves = (count) => page.evaluate(moveLoop, { ...MOVE, count: Number(count) });
  await moves(20); // warm-up
  return { browser, context, page, moves };
}
