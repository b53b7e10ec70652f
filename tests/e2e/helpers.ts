// Shared checks for the end-to-end specs.
import { expect, Locator, Page } from '@playwright/test';

/** Collect console errors, page errors and requests that leave the page's origin. */
export function watch(page: Page) {
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Name the URL of a failed load (the console message alone does not).
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.host !== '127.0.0.1:4173' && url.host !== '127.0.0.1:4174') foreign.push(r.url());
  });
  return {
    problems,
    foreign,
    async assertClean() {
      expect(problems, 'no console error').toEqual([]);
      expect(foreign, 'no request outside the origin').toEqual([]);
    },
  };
}

export const cell = (page: Page, id: string) => page.getByTestId(id);

/**
 * Wait for the app to show its first result and for the rest of the page, which is rendered
 * once the first screen has been painted (`data-deferred="pending"` until then).
 */
export async function ready(page: Page) {
  await expect(page.getByTestId('out-cost_per_mtok-1')).not.toBeEmpty();
  await expect(page.locator('[data-deferred="pending"]')).toHaveCount(0);
}

/** The text of every out-* and x-* cell, keyed by test id. */
export async function allCells(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll('[data-testid^="out-"], [data-testid^="x-"]').forEach((el) => {
      out[el.getAttribute('data-testid')!] = (el.textContent ?? '').trim();
    });
    return out;
  });
}

/**
 * In the page: render every section that `content-visibility: auto` skips, as if on screen, until
 * `unrenderSkipped` (innerText leaves out what is skipped, so a scan of the page's text would see
 * only the screen). Pass to `page.evaluate`.
 */
export function renderSkipped() {
  const skipped = Array.from(document.querySelectorAll<HTMLElement>('*')).filter(
    (el) => getComputedStyle(el).contentVisibility === 'auto',
  );
  skipped.forEach((el) => el.style.setProperty('content-visibility', 'visible'));
  (window as unknown as { __rendered?: HTMLElement[] }).__rendered = skipped;
}

/** In the page: undo `renderSkipped`. Pass to `page.evaluate`. */
export function unrenderSkipped() {
  const w = window as unknown as { __rendered?: HTMLElement[] };
  (w.__rendered ?? []).forEach((el) => el.style.removeProperty('content-visibility'));
  w.__rendered = [];
}

/** The page's text as it is rendered (`innerText`), off-screen sections included. */
export async function pageText(page: Page): Promise<string> {
  await page.evaluate(renderSkipped);
  try {
    return await page.evaluate(() => document.body.innerText);
  } finally {
    await page.evaluate(unrenderSkipped);
  }
}

/** An element's rendered text once it is scrolled into view, as a reader would see it. */
export async function shownText(locator: Locator): Promise<string> {
  await locator.scrollIntoViewIfNeeded();
  // A section that comes on screen is rendered a frame later, and a nested one a frame after it.
  await expect
    .poll(() => locator.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true } as CheckVisibilityOptions)))
    .toBe(true);
  return locator.innerText();
}

/**
 * A screenshot of the whole page as a window tall enough to show all of it would paint it.
 * Off-screen sections are not rendered (`content-visibility: auto`), and Playwright's fullPage
 * capture does not bring them on screen, so the viewport is made as tall as the page first.
 */
export async function fullPageShot(page: Page, file: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  let height = 0;
  // The sections' real heights replace their placeholders once rendered: grow until it settles.
  for (let i = 0; i < 5; i++) {
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    if (h === height) break;
    height = h;
    await page.setViewportSize({ width: size.width, height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(size);
}
