// Issue 13: measured workloads and dated prices on the page. Expected figures come from the
// CSVs themselves (data/measurements.csv, data/prices.csv), read here with Node.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { ready, shownText, watch } from './helpers';

const DASH = '\u2014';
const PRESETS = ['h100', 'h200', 'b200', 'b300', 'gb200', 'gb300', 'mi300x', 'mi325x', 'mi355x'];

type Point = { x: number; output: number; total: number; framework: string; runDate: string };

/** platform|workload|precision -> points, interactivity ascending. */
function groups(): Map<string, Point[]> {
  const text = fs.readFileSync(path.resolve('data', 'measurements.csv'), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  const out = new Map<string, Point[]>();
  for (const line of lines) {
    const c = line.split(',');
    const wl = `${c[at('model')]}-${Number(c[at('isl')]) / 1024}k${Number(c[at('osl')]) / 1024}k`;
    const key = `${c[at('platform')]}|${wl}|${c[at('precision')]}`;
    const list = out.get(key) ?? [];
    list.push({
      x: Number(c[at('interactivity_tok_s_user')]),
      output: Number(c[at('output_tok_s_gpu')]),
      total: Number(c[at('total_tok_s_gpu')]),
      framework: c[at('framework')],
      runDate: c[at('run_date')],
    });
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.x - b.x);
  return out;
}

/** The frontier a platform reads by default: FP4 where measured, else FP8. */
function frontier(all: Map<string, Point[]>, platform: string, wl: string): Point[] | undefined {
  return all.get(`${platform}|${wl}|fp4`) ?? all.get(`${platform}|${wl}|fp8`);
}

const nearest = (points: Point[], x: number) =>
  points.reduce((best, p) => (Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best));

/** A cell's number ("6.00K", "90.0") as a value. */
function value(text: string): number {
  const m = text.match(/^(-?[\d.]+)([KMBT]?)$/);
  if (!m) throw new Error(`not a number: ${text}`);
  return Number(m[1]) * ({ '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as Record<string, number>)[m[2]];
}

async function expectNear(page: Page, id: string, expected: number) {
  const text = (await shownText(page.getByTestId(id))).trim();
  const got = value(text);
  // Three significant digits: within half a unit of the third digit.
  expect(Math.abs(got - expected) / expected, `${id}: ${text} vs ${expected}`).toBeLessThan(0.005);
}

const all = groups();

for (const wl of ['deepseek-r1-1k1k', 'deepseek-r1-8k1k', 'deepseek-r1-1k8k']) {
  test(`every catalogue platform reads its measured frontier on ${wl}, or shows a dash`, async ({ page }) => {
    const w = watch(page);
    const query = PRESETS.map((p, i) => `preset${i + 1}=${p}`).join('&');
    await page.goto(`./?${query}&wl=${wl}`);
    await ready(page);
    await expect(page.getByTestId('wl')).toHaveValue(wl);
    for (const [i, platform] of PRESETS.entries()) {
      const n = i + 1;
      const points = frontier(all, platform, wl);
      if (!points) {
        await expect(page.getByTestId(`out-tps-${n}`)).toHaveText(DASH);
        await expect(page.getByTestId(`no-tps-${n}`)).toBeVisible();
        continue;
      }
      // No target: the measured point nearest 50 tokens/s per user.
      const point = nearest(points, 50);
      await expectNear(page, `out-tps-${n}`, point.output);
      const note = page.getByTestId(`measured-${n}`);
      await expect(note).toContainText(point.framework);
      await expect(note).toContainText(point.runDate);
      await expect(note).toContainText('SemiAnalysis InferenceX');
      await expect(note).toContainText('total, input + output');
    }
    await w.assertClean();
  });
}

test('picking a workload moves the seed view onto the measurements; a typed figure wins', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('wl')).toHaveValue('seed');
  await expect(page.getByTestId('out-tps-1')).toHaveText('90.0');
  await expect(page.getByTestId('seed-points')).toContainText("the seed table's 90 tokens/s");
  await page.getByTestId('wl').selectOption('deepseek-r1-1k1k');
  const h200 = nearest(frontier(all, 'h200', 'deepseek-r1-1k1k')!, 50);
  const gb300 = nearest(frontier(all, 'gb300', 'deepseek-r1-1k1k')!, 50);
  await expectNear(page, 'out-tps-1', h200.output);
  await expectNear(page, 'out-tps-2', gb300.output);
  // The number box shows the figure in force.
  expect(value(await page.getByTestId('num-tps-1').inputValue())).toBeCloseTo(h200.output, 0);
  // The link names the workload, not the measured numbers.
  await expect.poll(() => page.url()).toContain('wl=deepseek-r1-1k1k');
  expect(page.url()).not.toContain('tps1=');
  // A typed figure is the user's own, and the measurement is one press away.
  await page.getByTestId('num-tps-1').fill('120');
  await expect(page.getByTestId('out-tps-1')).toHaveText('120');
  await page.getByTestId('use-measured-1').click();
  await expectNear(page, 'out-tps-1', h200.output);
  // Back to as published: the seed table again.
  await page.getByTestId('wl').selectOption('seed');
  await expect(page.getByTestId('out-tps-1')).toHaveText('90.0');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.123');
  await w.assertClean();
});

test('one click compares the seed platforms at one measured interactivity', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('iso-compare').click();
  await expect(page.getByTestId('wl')).toHaveValue('deepseek-r1-1k1k');
  await expect(page.getByTestId('num-target')).toHaveValue('70.4');
  // GB300's seed figure is its measured point at 70.4 tokens/s per user.
  await expectNear(page, 'out-tps-2', 6001);
  await expect(page.getByTestId('measured-2')).toContainText('at the target 70.4 tokens/s per user');
  await w.assertClean();
});

test('price tiers set the price, name their survey and survive a reload', async ({ page }) => {
  const w = watch(page);
  const prices = fs.readFileSync(path.resolve('data', 'prices.csv'), 'utf8');
  const price = (platform: string, tier: string) =>
    Number(prices.split('\n').find((l) => l.startsWith(`${platform},${tier.replace(/-(\d{4}-\d{2})$/, ',$1')},`))!.split(',')[3]);
  await page.goto('./?preset1=h200&preset2=b200');
  await ready(page);
  await expect(page.getByTestId('tier-1')).toHaveValue('seed');
  await expect(page.getByTestId('tier-2')).toHaveValue('own-hyperscaler-2025-08');
  await page.getByTestId('tier-2').selectOption('rent-3yr-2026-07');
  await expectNear(page, 'out-usd_hr-2', price('b200', 'rent-3yr-2026-07'));
  await expect(page.getByTestId('tier-note-2')).toContainText('July 2026');
  await expect(page.getByTestId('tier-note-2')).toContainText('than in the August 2025 survey');
  await expect.poll(() => page.url()).toContain('tier2=rent-3yr-2026-07');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('tier-2')).toHaveValue('rent-3yr-2026-07');
  await expectNear(page, 'out-usd_hr-2', price('b200', 'rent-3yr-2026-07'));
  // Typing a price makes it the user's own.
  await page.getByTestId('num-usd_hr-2').fill('3');
  await expect(page.getByTestId('tier-2')).toHaveValue('custom');
  // GB300's August 2025 price is a placeholder in the source, and the page says so.
  await page.goto('./?preset1=gb300&tier1=own-hyperscaler-2025-08');
  await ready(page);
  await expect(page.getByTestId('tier-note-1')).toContainText('placeholder');
  // A bad tier is named and the price falls back alone.
  await page.goto('./?preset1=b200&tier1=own-lunar-2031');
  await ready(page);
  await expect(page.getByTestId('notice')).toContainText('tier1:');
  await expect(page.getByTestId('out-usd_hr-1')).toHaveText('1.95');
  await w.assertClean();
});

test('a cost cap gives each platform its highest interactivity under it', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?wl=deepseek-r1-1k1k&cap=1&target=60');
  await ready(page);
  for (const n of [1, 2]) {
    const text = (await shownText(page.getByTestId(`out-max_interactivity-${n}`))).trim();
    expect(text, `out-max_interactivity-${n}`).toMatch(/^\d+(\.\d+)?[KMBT]?$/);
    const users = (await shownText(page.getByTestId(`out-users_per_mw-${n}`))).trim();
    expect(users).toMatch(/^\d+(\.\d+)?[KMBT]?$/);
  }
  await expect(page.getByTestId('cap-2')).toContainText('per million output tokens up to');
  await w.assertClean();
});
