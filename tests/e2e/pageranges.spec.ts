// Page-wide ranges: electricity price, PUE, grid intensity and the API's prices carry a low and
// a high (`<key>_lo`, `<key>_hi` in the link, `num-<key>_lo` boxes on the page), and every
// output's low and high hold them together with the platforms' ranges.
import { test, expect, Page } from '@playwright/test';
import { ready, watch } from './helpers';

/** A cell's number: `2.33K` is 2330, `-58.8` is -58.8. */
async function figure(page: Page, id: string): Promise<number> {
  const text = ((await page.getByTestId(id).textContent()) ?? '').trim();
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  const last = text.slice(-1);
  return last in scale ? parseFloat(text.slice(0, -1)) * scale[last] : parseFloat(text);
}

test('a grid intensity range from a link brackets carbon per token', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?grid_g_kwh_lo=300&grid_g_kwh_hi=500');
  await ready(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // 1.73 kW / (90 x 3600) x 1e6 = 5.34 kWh per million tokens: x 436 g (the default) = 2.33K,
  // x 300 = 1.60K, x 500 = 2.67K.
  await expect(page.getByTestId('out-co2_per_mtok-1')).toHaveText('2.33K');
  await expect(page.getByTestId('lo-co2_per_mtok-1')).toHaveText('1.60K');
  await expect(page.getByTestId('hi-co2_per_mtok-1')).toHaveText('2.67K');
  const [lo, value, hi] = await Promise.all(
    ['lo-co2_per_mtok-1', 'out-co2_per_mtok-1', 'hi-co2_per_mtok-1'].map((id) => figure(page, id)),
  );
  expect(lo).toBeLessThan(value);
  expect(value).toBeLessThan(hi);
  // Cost does not move with the grid.
  await expect(page.getByTestId('lo-cost_per_mtok-1')).toHaveText('4.35');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('4.35');
  // The boxes show the range from the link.
  await expect(page.getByTestId('num-grid_g_kwh_lo')).toHaveValue('300');
  await expect(page.getByTestId('num-grid_g_kwh_hi')).toHaveValue('500');
  await w.assertClean();
});

test('an electricity range typed on the page moves an owned cost, and a bad one is named', async ({ page, context }) => {
  const w = watch(page);
  await page.goto('./?v=1&preset1=h200&preset2=gb300&mode1=own');
  await ready(page);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('5.93');
  // Own mode: $40,000 at 10% over 4 years + $3,000 a year + 1.73 kW x $/kWh per hour; at
  // $0.05 and $0.15 per kWh, / (90 x 3,600 / 1e6): $5.77 to $6.30 per million tokens.
  const lo = page.getByTestId('num-usd_kwh_lo');
  await lo.focus();
  await page.keyboard.type('0.05');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('num-usd_kwh_hi')).toBeFocused();
  await page.keyboard.type('0.15');
  await expect(page.getByTestId('lo-cost_per_mtok-1')).toHaveText('5.77');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('6.30');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('5.93');
  // The sensitivity chart has the electricity price's bar, labelled by its field.
  await expect(page.getByTestId('summary-tornado')).toContainText('Electricity price $0.05-0.15, $5.77 to $6.30');

  // A PUE outside its valid range is refused under the box; nothing else moves.
  await page.getByTestId('num-pue_lo').fill('0.5');
  await page.getByTestId('num-pue_hi').fill('1.5');
  await expect(page.getByTestId('err-pue_lo')).toContainText('out of range');
  await expect(page.getByTestId('hi-cost_per_mtok-1')).toHaveText('6.30');

  // The link carries the range and reads back to the same band.
  await expect
    .poll(() => decodeURIComponent(page.url()), { message: 'address has the range' })
    .toContain('usd_kwh_lo=0.05&usd_kwh_hi=0.15');
  const again = await context.newPage();
  await again.goto(page.url());
  await ready(again);
  await expect(again.getByTestId('notice')).toHaveCount(0);
  await expect(again.getByTestId('lo-cost_per_mtok-1')).toHaveText('5.77');
  await expect(again.getByTestId('hi-cost_per_mtok-1')).toHaveText('6.30');
  await w.assertClean();
});

test('a bad page range in a link is named and dropped', async ({ page }) => {
  await page.goto('./?grid_g_kwh_lo=450&grid_g_kwh_hi=500&api_out_lo=2');
  await ready(page);
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('grid_g_kwh_lo: the low (450) and high (500) must hold the value (436)');
  await expect(notice).toContainText('api_out_lo: needs api_out_hi too');
  await expect(page.getByTestId('lo-co2_per_mtok-1')).toHaveText('2.33K');
  await expect(page.getByTestId('hi-co2_per_mtok-1')).toHaveText('2.33K');
});
