// Each platform's parts on the page are keyed by the platform, not by its position: removing an
// earlier platform leaves a later card's DOM (its open panels, focus, half-typed text) with its
// own platform, renumbered, and "Undo" puts the removed one back in front of it.
import { test, expect, Page } from '@playwright/test';
import { ready, watch } from './helpers';

const THREE =
  './?v=1&preset1=h200&name1=Alpha&preset2=gb300&name2=Beta&preset3=b200&name3=Gamma&tps3=5000';

/** The values of every out-* and x-* cell of platform `i`, keyed by the test id without `-i`. */
async function cellsOf(page: Page, i: number): Promise<Record<string, string>> {
  return page.evaluate((i) => {
    const out: Record<string, string> = {};
    document.querySelectorAll('[data-testid^="out-"], [data-testid^="x-"]').forEach((el) => {
      const id = el.getAttribute('data-testid')!;
      const m = id.match(/^(.*)-(\d+)$/);
      if (m && Number(m[2]) === i) out[m[1]] = (el.textContent ?? '').trim();
    });
    return out;
  }, i);
}

test('a card follows its platform when an earlier one is removed, and undo puts that one back', async ({ page }) => {
  const w = watch(page);
  await page.goto(THREE);
  await ready(page);
  await expect(page.getByTestId('name-3')).toHaveValue('Gamma');

  // Card 3 (Gamma): mark its DOM node, open its sources, leave a half-typed number in a box.
  await page.getByTestId('name-3').evaluate((el) => {
    (el.closest('article') as HTMLElement).dataset.probe = 'gamma';
  });
  const gamma = page.locator('article[data-probe="gamma"]');
  await gamma.locator('details.sources > summary').click();
  await expect(gamma.locator('details.sources')).toHaveAttribute('open', '');
  const gammaKw = await page.getByTestId('num-kw-3').inputValue();
  await page.getByTestId('num-kw-3').fill('2.5k');
  await expect(page.getByTestId('err-kw-3')).toBeVisible();
  await expect(page.getByTestId('num-kw-3')).toBeFocused();
  const gammaCells = await cellsOf(page, 3);
  expect(Object.keys(gammaCells).length).toBeGreaterThan(10);
  const alphaCells = await cellsOf(page, 1);

  // Remove card 2 without moving the focus (a click from script).
  await page.getByTestId('remove-2').evaluate((b) => (b as HTMLButtonElement).click());
  await expect(page.getByTestId('name-3')).toHaveCount(0);
  // The same DOM node, now number 2, with what the user left in it.
  await expect(gamma.getByTestId('name-2')).toHaveValue('Gamma');
  await expect(gamma).toHaveAttribute('aria-label', 'Platform 2: Gamma');
  await expect(gamma.locator('details.sources')).toHaveAttribute('open', '');
  await expect(gamma.getByTestId('num-kw-2')).toHaveValue('2.5k');
  await expect(gamma.getByTestId('num-kw-2')).toBeFocused();
  await expect(gamma.getByTestId('err-kw-2')).toBeVisible();
  await expect(gamma.getByTestId('num-usd_hr-2')).toHaveAttribute('aria-label', /of Gamma,/);
  await expect(page.getByTestId('name-1')).toHaveValue('Alpha');
  // Every test id is renumbered: number 2 holds Gamma's figures, number 1 Alpha's still.
  await expect(page.getByTestId('live-item-2')).toContainText('Gamma');
  await expect.poll(() => cellsOf(page, 2)).toEqual(gammaCells);
  expect(await cellsOf(page, 1)).toEqual(alphaCells);
  expect(await cellsOf(page, 3)).toEqual({});

  // Its handlers follow it too: a price typed on card 2 is Gamma's.
  await gamma.getByTestId('num-usd_hr-2').fill('3');
  await expect(page.getByTestId('out-usd_hr-2')).toHaveText('3.00');
  await expect(page.getByTestId('out-usd_hr-1')).toHaveText(alphaCells['out-usd_hr']);
  await expect.poll(() => page.url()).toContain('name2=Gamma');
  await expect.poll(() => page.url()).toContain('usd_hr2=3');

  // Leaving the box put the value in force back; half-type again, then undo (from script, so
  // the focus stays). Beta is back at 2 (a new card), Gamma's card is number 3 again, as it was.
  await expect(gamma.getByTestId('num-kw-2')).toHaveValue(gammaKw);
  await gamma.getByTestId('num-kw-2').fill('2.5k');
  await expect(gamma.getByTestId('err-kw-2')).toBeVisible();
  await page.getByTestId('undo').evaluate((b) => (b as HTMLButtonElement).click());
  await expect(page.getByTestId('name-2')).toHaveValue('Beta');
  await expect(gamma.getByTestId('name-3')).toHaveValue('Gamma');
  await expect(gamma).toHaveAttribute('aria-label', 'Platform 3: Gamma');
  await expect(gamma.locator('details.sources')).toHaveAttribute('open', '');
  await expect(gamma.getByTestId('num-kw-3')).toHaveValue('2.5k');
  await expect(gamma.getByTestId('num-kw-3')).toBeFocused();
  await expect(gamma.getByTestId('err-kw-3')).toBeVisible();
  await expect(page.locator('article[data-probe]')).toHaveCount(1);
  await expect(page.getByTestId('out-usd_hr-3')).toHaveText('3.00');
  await expect(page.getByTestId('live-item-3')).toContainText('Gamma');
  await expect(page.getByTestId('live-item-2')).toContainText('Beta');
  expect(await cellsOf(page, 1)).toEqual(alphaCells);
  await w.assertClean();
});

test('a copy added is a card of its own, and removing the first renumbers the rest', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  // Card 2's panel is folded by the user; the copy of it (card 3) starts as a fresh card.
  await page.getByTestId('name-2').evaluate((el) => {
    (el.closest('article') as HTMLElement).dataset.probe = 'second';
  });
  const second = page.locator('article[data-probe="second"]');
  await second.locator('details.more-inputs > summary').click();
  await expect(second.locator('details.more-inputs')).not.toHaveAttribute('open', '');
  await page.getByTestId('add-platform').click();
  await expect(page.getByTestId('name-3')).toHaveValue('NVIDIA GB300 NVL72');
  await page.getByTestId('name-3').fill('Copy');
  await expect(page.getByTestId('name-2')).toHaveValue('NVIDIA GB300 NVL72');

  // Remove the first: every card moves up one number, in place.
  await page.getByTestId('remove-1').click();
  await expect(second.getByTestId('name-1')).toHaveValue('NVIDIA GB300 NVL72');
  await expect(second.locator('details.more-inputs')).not.toHaveAttribute('open', '');
  await expect(page.getByTestId('name-2')).toHaveValue('Copy');
  await expect(page.getByTestId('base-1')).toBeChecked();
  await expect(page.getByTestId('x-cost_per_mtok-1')).toHaveText('baseline');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('0.123');
  await expect(page.getByTestId('remove-3')).toHaveCount(0);
  await w.assertClean();
});

test('every section is laid out once after the first render, and again when a card is added', async ({ page }) => {
  // Off-screen sections are skipped (content-visibility: auto) with their last rendered height as
  // a placeholder; the page lays them all out once (`data-measure` on the root for a frame or
  // two), so the page does not change height while scrolling. A new card is a new element.
  await page.addInitScript(() => {
    (window as unknown as { measures: number }).measures = 0;
    new MutationObserver(() => {
      if (document.documentElement.hasAttribute('data-measure')) {
        (window as unknown as { measures: number }).measures += 1;
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-measure'] });
  });
  await page.goto('./');
  await ready(page);
  const measures = () => page.evaluate(() => (window as unknown as { measures: number }).measures);
  await expect.poll(measures).toBe(1);
  await expect(page.locator('html[data-measure]')).toHaveCount(0);
  await page.getByTestId('add-platform').click();
  await expect(page.getByTestId('name-3')).toBeVisible();
  await expect.poll(measures).toBe(2);
  await expect(page.locator('html[data-measure]')).toHaveCount(0);
});
