// The foundation: the default view reproduces the seed table, sliders work by keyboard, platforms
// can be added, removed and made the baseline, and nothing leaves the page's origin.
import { test, expect } from '@playwright/test';
import { allCells, fullPageShot, pageText, ready, watch } from './helpers';

// What the default view must show: the seed table, cell for cell.
const DEFAULT_CELLS: Record<string, string> = {
  'out-usd_hr-1': '1.41', 'out-usd_hr-2': '2.65', 'x-usd_hr-1': 'baseline', 'x-usd_hr-2': '1.88x',
  'out-flops_per_usd-1': '2.81', 'out-flops_per_usd-2': '5.66',
  'x-flops_per_usd-1': 'baseline', 'x-flops_per_usd-2': '2.02x',
  'out-tps-1': '90.0', 'out-tps-2': '6.00K', 'x-tps-1': 'baseline', 'x-tps-2': '66.7x',
  'out-tok_per_mw-1': '52.0K', 'out-tok_per_mw-2': '2.86M',
  'x-tok_per_mw-1': 'baseline', 'x-tok_per_mw-2': '54.9x',
  'out-cost_per_mtok-1': '4.35', 'out-cost_per_mtok-2': '0.123',
  'x-cost_per_mtok-1': 'baseline', 'x-cost_per_mtok-2': '35.5x lower',
};

test('the default view is the seed table, computed', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const cells = await allCells(page);
  for (const [id, expected] of Object.entries(DEFAULT_CELLS)) {
    expect(cells[id], id).toBe(expected);
  }
  await expect(page.getByTestId('headline')).toHaveText(
    'NVIDIA GB300 NVL72 produces tokens at 35.5x lower cost than NVIDIA HGX H200, though it costs 1.88x more per hour.',
  );
  await expect(page.getByTestId('notice')).toHaveCount(0);
  const body = await pageText(page);
  expect(body).not.toMatch(/\bNaN\b|\binf\b|undefined/i);
  await fullPageShot(page, 'test-results/default-1280.png');
  await w.assertClean();
});

test('a slider moves with the keyboard and every output follows', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const slider = page.getByTestId('in-tps-2');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  // One step on the log scale from 6,000 is 6,100 (rounded to 3 significant digits).
  await expect(page.getByTestId('num-tps-2')).toHaveValue('6100');
  await expect(page.getByTestId('out-tps-2')).toHaveText('6.10K');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.121');
  await expect(page.getByTestId('x-tps-2')).toHaveText('67.8x');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5430');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.136');
  await expect(page.getByTestId('x-cost_per_mtok-2')).toHaveText('32.1x lower');
  // The address bar follows (debounced), so a reload keeps the state.
  await expect.poll(() => page.url()).toContain('tps2=5430');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5430');
  await w.assertClean();
});

test('add, remove, undo and switch the baseline', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('add-platform').click();
  await expect(page.getByTestId('out-cost_per_mtok-3')).toHaveText('0.123');
  await expect(page.getByTestId('x-cost_per_mtok-3')).toHaveText('35.5x lower');
  await page.getByTestId('base-2').check();
  await expect(page.getByTestId('x-cost_per_mtok-2')).toHaveText('baseline');
  await expect(page.getByTestId('x-cost_per_mtok-1')).toHaveText('35.5x higher');
  await expect(page.getByTestId('x-usd_hr-1')).toHaveText('0.532x');
  await expect(page.getByTestId('x-cost_per_mtok-3')).toHaveText('same');
  await expect(page.getByTestId('headline')).toContainText('NVIDIA GB300 NVL72 (the baseline)');
  await page.getByTestId('remove-2').click();
  await expect(page.getByTestId('out-tps-3')).toHaveCount(0);
  await expect(page.getByTestId('x-tps-1')).toHaveText('baseline');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('x-tps-2')).toHaveText('baseline');
  // Never the last one: remove down to one platform, and its remove button is disabled.
  await page.getByTestId('remove-3').click();
  await page.getByTestId('remove-2').click();
  await expect(page.getByTestId('remove-1')).toBeDisabled();
  for (let i = 0; i < 11; i++) await page.getByTestId('add-platform').click();
  await expect(page.getByTestId('out-tps-12')).toHaveText('90.0');
  await expect(page.getByTestId('add-platform')).toBeDisabled();
  await w.assertClean();
});

test('bad input gets a message at the field and the last valid value stays', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const box = page.getByTestId('num-usd_hr-1');
  await box.fill('abc');
  await expect(page.getByTestId('err-usd_hr-1')).toContainText('not a number');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
  await box.fill('0');
  await expect(page.getByTestId('err-usd_hr-1')).toContainText('0.001 to 1,000');
  await box.fill('2.82');
  await expect(page.getByTestId('err-usd_hr-1')).toHaveCount(0);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('8.70');
  await expect(page.getByTestId('x-usd_hr-2')).toHaveText('0.940x');
  await w.assertClean();
});

test('an entry typed key by key that ends unusable puts back the value from before it', async ({ page }) => {
  // Was a bug, fixed: each usable prefix was applied as it was typed, so "5000" (beyond the
  // $1,000 limit) left $500/h in force, "1e999" left $1/h, and leaving the box showed that.
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const box = page.getByTestId('num-usd_hr-2');
  const cost = page.getByTestId('out-cost_per_mtok-2');
  for (const typed of ['5000', '1e999']) {
    await box.click();
    await box.press('ControlOrMeta+a');
    await box.pressSequentially(typed);
    await expect(page.getByTestId('err-usd_hr-2')).toBeVisible();
    await expect(box, 'the box keeps what was typed').toHaveValue(typed);
    await expect(cost, 'the cost from before the entry').toHaveText('0.123');
    await expect(page.getByTestId('x-usd_hr-2')).toHaveText('1.88x');
    await box.press('Tab');
    await expect(box).toHaveValue('2.65');
    await expect(page.getByTestId('err-usd_hr-2')).toHaveCount(0);
  }
  // A usable entry typed key by key is applied as it is typed, as before.
  await box.click();
  await box.press('ControlOrMeta+a');
  await box.pressSequentially('5.3');
  await expect(cost).toHaveText('0.245');
  await box.press('Tab');
  await expect(box).toHaveValue('5.3');
  // A page setting too: the electricity price, with an owned GPU so that it shows in the cost.
  await page.getByTestId('mode-1').selectOption('own');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('5.93');
  const price = page.getByTestId('num-usd_kwh');
  await price.click();
  await price.press('ControlOrMeta+a');
  await price.pressSequentially('0.2x');
  await expect(page.getByTestId('err-usd_kwh')).toBeVisible();
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('5.93');
  await price.press('Tab');
  await expect(price).toHaveValue('0.08');
  await w.assertClean();
});

test('the source panel shows published beside computed figures', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByText('The source: published figures beside computed ones').click();
  const panel = page.getByTestId('source-panel');
  await expect(panel).toContainText('$4.20');
  await expect(panel).toContainText('about 93 tokens/s');
  await expect(panel).toContainText('906,000');
});
