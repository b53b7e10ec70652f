// Beyond the dashboards: ranges and sensitivity, carbon, the market price and your own logs.
// A range entered on the page shows as a band (low and high cells) in the ranges table and in
// the sensitivity chart; the link carries every new key and reads back; bad ranges are named.
import { test, expect, Page } from '@playwright/test';
import { ready, watch } from './helpers';

async function addressHas(page: Page, fragment: string) {
  await expect.poll(() => decodeURIComponent(page.url()), { message: `address has ${fragment}` }).toContain(fragment);
}

test('a range typed on the page shows as a band in the table and the chart', async ({ page, context }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  // Without ranges a low and a high are the value itself, and the chart says how to get one.
  await expect(page.getByTestId('lo-cost_per_mtok-1')).toHaveText('4.35');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('4.35');
  await expect(page.getByTestId('summary-tornado')).toContainText('Give a price, throughput');
  // Drawn in the chart, the words are not repeated under it; its name keeps them.
  await expect(page.getByTestId('summary-tornado')).toBeHidden();
  await expect(page.getByTestId('canvas-tornado')).toHaveAttribute('aria-label', /^Give a price, throughput/);

  // $1.20-1.70 and 80-100 tokens/s on the H200: $3.33 (1.20 at 100) to $5.90 (1.70 at 80).
  await page.getByTestId('num-usd_hr_lo-1').fill('1.2');
  await page.getByTestId('num-usd_hr_hi-1').fill('1.7');
  await page.getByTestId('num-tps_lo-1').fill('80');
  await page.getByTestId('num-tps_hi-1').fill('100');
  await expect(page.getByTestId('lo-cost_per_mtok-1')).toHaveText('3.33');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('5.90');
  await expect(page.getByTestId('lo-tps-1')).toHaveText('80.0');
  await expect(page.getByTestId('hi-tps-1')).toHaveText('100');
  // The value stays where it was.
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
  // The headline gives the multiple's range: 3.333 / 0.1227 = 27.2 to 5.903 / 0.1227 = 48.1.
  await expect(page.getByTestId('headline')).toContainText('35.5x lower cost than NVIDIA HGX H200, 27.2-48.1x across the ranges');
  // The chart: its bars, widest first, and every range at once.
  const tornado = page.getByTestId('chart-tornado');
  await tornado.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('summary-tornado')).toHaveText(
    'What moves the cost per million tokens of NVIDIA HGX H200 ($4.35), widest first: ' +
      'Price $1.20-1.70, $3.70 to $5.25; Throughput 80-100 tokens/s, $4.90 to $3.92; every range at once, $3.33 to $5.90.',
  );
  await expect(page.getByTestId('canvas-tornado')).toBeVisible();
  await expect(page.getByTestId('summary-tornado')).toBeVisible();
  const box = await page.getByTestId('canvas-tornado').boundingBox();
  expect(box && box.height).toBeGreaterThan(150);

  // A range that does not hold the value is refused where it was typed; the one in force stays.
  await page.getByTestId('num-tps_lo-1').fill('95');
  await expect(page.getByTestId('err-tps_lo-1')).toContainText('must hold the value (90)');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('5.90');

  // The link carries the ranges and reads back to the same band.
  await addressHas(page, 'tps_lo1=80&tps_hi1=100');
  const again = await context.newPage();
  await again.goto(page.url());
  await ready(again);
  await expect(again.getByTestId('notice')).toHaveCount(0);
  await expect(again.getByTestId('lo-cost_per_mtok-1')).toHaveText('3.33');
  await expect(again.getByTestId('hi-cost_per_mtok-1')).toHaveText('5.90');
  await w.assertClean();
});

test('carbon, the API margin and logs from a link, worked by hand', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?v=1&preset1=h200&preset2=gb300&grid_g_kwh=400&api_in=0.55&api_out=2.19' +
    '&log_gpu_h2=5760&log_tokens2=1.5e9&log_usd2=9000');
  await ready(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // 1.73 kW / (90 x 3600) x 1e6 = 5.34 kWh per million tokens x 400 g = 2,136 g.
  await expect(page.getByTestId('out-co2_per_mtok-1')).toHaveText('2.14K');
  // Revenue 0.55 x 1000/1e6 + 2.19 x 1000/1e6 = $0.00274; H200 cost $0.004352: -58.8%.
  await expect(page.getByTestId('out-api_margin-1')).toHaveText('-58.8');
  await expect(page.getByTestId('api-break-even-1')).toContainText('it would need 159%');
  // Logs: 1.5e9 / (5,760 x 3,600) = 72.3 tokens/s; $9,000 / 5,760 = $1.56 per GPU-hour.
  await expect(page.getByTestId('out-log_tps-2')).toHaveText('72.3');
  await expect(page.getByTestId('out-log_usd_hr-2')).toHaveText('1.56');
  await expect(page.getByTestId('out-tps-2')).toHaveText('72.3');
  await expect(page.getByTestId('logs-comparison-2')).toContainText('1.21% of the 6,000 tokens/s measured');
  // The card says the logs set its figures, so its own slider moving nothing is explained.
  await expect(page.getByTestId('logs-tps-note-2')).toContainText("Your logs set this platform's throughput: 72.3 tokens/s per GPU");
  await expect(page.getByTestId('logs-price-note-2')).toContainText("Your logs set this platform's price: $1.56 per GPU-hour");
  await expect(page.getByTestId('logs-tps-note-1')).toHaveCount(0);
  await expect(page.getByTestId('logs-price-note-1')).toHaveCount(0);
  await page.getByTestId('in-tps-2').fill('300');
  await expect(page.getByTestId('num-tps-2')).not.toHaveValue('6000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('72.3');
  // Half the logs give no throughput: the note goes and the card's figure is in force again.
  await page.getByTestId('num-log_tokens-2').fill('');
  await expect(page.getByTestId('logs-tps-note-2')).toHaveCount(0);
  await expect(page.getByTestId('logs-price-note-2')).toHaveCount(1);
  const typed = await page.getByTestId('num-tps-2').inputValue();
  await expect(page.getByTestId('out-tps-2')).not.toHaveText('72.3');
  expect(Number(typed)).not.toBe(6000);
  await page.getByTestId('num-log_tokens-2').fill('1.5e9');
  await expect(page.getByTestId('out-tps-2')).toHaveText('72.3');
  // Show the working carries them.
  await page.getByTestId('working').locator('summary').click();
  await expect(page.getByTestId('working')).toContainText('x 400 g CO2e per kWh = 2.14K g CO2e');
  await expect(page.getByTestId('working')).toContainText('= 72.3 tokens/s per GPU');
  // The dated list price is one press away, with its source.
  // Without a price the margin row is hidden and its cells say "none" (like the factory's
  // revenue rows without a price).
  await page.getByTestId('num-api_in').fill('');
  await expect(page.getByTestId('out-api_margin-1')).toHaveText('none');
  await expect(page.getByTestId('out-api_margin-1')).toBeHidden();
  await page.getByTestId('api-deepseek').click();
  await expect(page.getByTestId('out-api_margin-1')).toHaveText('-58.8');
  await w.assertClean();
});

test('logs outside the valid range are held at its edge, and the page says so', async ({ page }) => {
  const w = watch(page);
  // 5 tokens over a million GPU-hours is 1.39e-9 tokens/s: the page uses the lowest valid 0.001.
  await page.goto('./?v=1&log_gpu_h1=1e6&log_tokens1=5');
  await ready(page);
  await expect(page.getByTestId('out-tps-1')).toHaveText('0.00100');
  await expect(page.getByTestId('logs-tps-note-1')).toContainText('0.00100 tokens/s per GPU');
  await expect(page.getByTestId('logs-tps-note-1')).toContainText('held at the lowest valid figure');
  await expect(page.getByTestId('log-held-1')).toContainText('held at the lowest valid figure');
  // Logs in range say nothing of the kind.
  await page.getByTestId('num-log_tokens-1').fill('1e15');
  await expect(page.getByTestId('logs-tps-note-1')).not.toContainText('held');
  await expect(page.getByTestId('log-held-1')).toHaveCount(0);
  await w.assertClean();
});

test('bad ranges in a link are named and dropped; the embed shows the new parts', async ({ page }) => {
  await page.goto('./?v=1&tps1=90&tps_lo1=95&tps_hi1=100&kw_lo1=1');
  await ready(page);
  const lines = (await page.getByTestId('notice').locator('li').allTextContents()).map((l) => l.trim());
  expect(lines.some((l) => l.startsWith('tps_lo1: the low (95)'))).toBe(true);
  expect(lines.some((l) => l.startsWith('kw_lo1: needs kw_hi1'))).toBe(true);
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('4.35');

  await page.goto('./?v=1&usd_hr_lo1=1.2&usd_hr_hi1=1.7&embed=1&view=ranges,tornado,market');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('5.25');
  await expect(page.getByTestId('canvas-tornado')).toBeVisible();
  await expect(page.getByTestId('out-co2_per_mtok-1')).toBeVisible();
  await expect(page.getByTestId('results-table')).toHaveCount(0);
});
