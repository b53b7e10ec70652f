// Figures the page may show: a preset without a measured throughput never gets one (from a link
// or from the preset picker), its derived cells read a dash with the reason beside them, and a
// target interactivity flags what it cannot reach.
import { test, expect } from '@playwright/test';
import { allCells, pageText, ready, watch } from './helpers';

const DASH = '\u2014';
const REASON = 'no measurement of this workload: enter a throughput';

test('?preset2=b200 shows no placeholder throughput anywhere', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?preset2=b200');
  await ready(page);
  for (const metric of ['tps', 'tok_per_mw', 'cost_per_mtok']) {
    await expect(page.getByTestId(`out-${metric}-1`)).toHaveText(DASH);
    await expect(page.getByTestId(`flag-${metric}-1`)).toHaveText(REASON);
  }
  await expect(page.getByTestId('out-usd_hr-1')).toHaveText('1.95');
  await expect(page.getByTestId('no-tps-1')).toHaveText(REASON);
  await expect(page.getByTestId('num-tps-1')).toHaveValue('');
  await expect(page.getByTestId('headline')).toContainText('has no throughput');
  const cells = await allCells(page);
  for (const [id, text] of Object.entries(cells)) {
    expect(text, id).not.toMatch(/^100(\.0)?$/);
  }
  const body = await pageText(page);
  expect(body).not.toMatch(/\bNaN\b|\binf\b|undefined|n\/a/i);
  await w.assertClean();
});

test('beside a measured platform, one without a throughput is left out of the headline', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?preset1=h200&preset2=mi355x');
  await ready(page);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText(DASH);
  await expect(page.getByTestId('x-cost_per_mtok-2')).toHaveText(DASH);
  await expect(page.getByTestId('headline')).toContainText(
    'Left out: AMD Instinct MI355X has no measurement of this workload',
  );
  await w.assertClean();
});

test('the preset picker never keeps the previous card\'s throughput', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('out-tps-2')).toHaveText('6.00K');
  await page.getByTestId('preset-2').selectOption('mi355x');
  await expect(page.getByTestId('out-tps-2')).toHaveText(DASH);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('');
  await expect(page.getByTestId('flag-tps-2')).toHaveText(REASON);
  await w.assertClean();
});

test('with a target, a platform held at its measured end says so in its cells', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?target=500');
  await ready(page);
  await expect(page.getByTestId('flag-cost_per_mtok-1')).toHaveText('held at the measured end');
  // H200's last measured point, 20.95 tokens/s per GPU, rounded half up.
  await expect(page.getByTestId('out-tps-1')).toHaveText('21.0');
  await expect(page.getByTestId('headline')).toContainText('Held at the measured end');
  await w.assertClean();
});
