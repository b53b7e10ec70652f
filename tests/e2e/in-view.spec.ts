// Results in view: for every price, throughput and power slider of every platform, scrolled into
// view as a user would and moved, the platform's result (cost per million tokens; tokens per MW
// for power), in the results table (`out-`) or the live summary (`live-`), shows the new value by
// the next frame, inside the viewport and not covered by anything. At 1280x800 and 375x740, with
// 2 and 4 platforms, and in the compact embed. Also: the first screen, a table of 12 platforms
// that fits, and `theme=`.
import { test, expect, Page } from '@playwright/test';
import { ready, watch } from './helpers';

/** Each slider and the result it must move. */
const SLIDERS = [
  ['usd_hr', 'cost_per_mtok'],
  ['tps', 'cost_per_mtok'],
  ['kw', 'tok_per_mw'],
] as const;

const TWO = './';
const FOUR = './?v=1&preset1=h200&tps1=90&preset2=gb300&tps2=6000&preset3=mi355x&tps3=2500&preset4=b200&tps4=3000';
const EMBED = './?v=1&embed=1&view=headline,sliders,table';
const EMBED_FOUR = `${FOUR}&embed=1&view=headline,sliders,table`;
const TWELVE =
  './?v=1' +
  Array.from({ length: 12 }, (_, n) => `&preset${n + 1}=${['h100', 'h200', 'b200', 'gb300'][n % 4]}&tps${n + 1}=${1000 + 500 * n}`).join('');

type Seen = { id: string; present: boolean; before?: string | null; after?: string | null; inside?: boolean; uncovered?: boolean; hit?: string };

/** Scroll a slider into view, arm a check for the frame after its next `input` event, move it
 * one keyboard step and return what the check saw of the platform's result elements. */
async function moveAndLook(page: Page, key: string, metric: string, i: number): Promise<Seen[]> {
  const slider = page.getByTestId(`in-${key}-${i}`);
  await slider.scrollIntoViewIfNeeded();
  const atMax = await slider.evaluate((s) => (s as HTMLInputElement).value === (s as HTMLInputElement).max);
  await page.evaluate(
    ({ key, metric, i }) => {
      const slider = document.querySelector(`[data-testid="in-${key}-${i}"]`)!;
      const ids = [`out-${metric}-${i}`, `live-${metric}-${i}`];
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      const before = Object.fromEntries(ids.map((id) => [id, text(id)]));
      (window as unknown as { __seen: Promise<Seen[]> }).__seen = new Promise((resolve) => {
        slider.addEventListener(
          'input',
          () =>
            requestAnimationFrame(() =>
              resolve(
                ids.map((id) => {
                  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
                  if (!el) return { id, present: false };
                  const r = el.getBoundingClientRect();
                  const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
                  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                  const uncovered = !!hit && (hit === el || el.contains(hit));
                  const hitName = hit ? `${hit.tagName.toLowerCase()}.${hit.className}[${hit.getAttribute('data-testid') ?? ''}]` : 'nothing';
                  return { id, present: true, before: before[id], after: el.textContent, inside, uncovered, hit: hitName };
                }),
              ),
            ),
          { once: true },
        );
      });
    },
    { key, metric, i },
  );
  await slider.press(atMax ? 'ArrowLeft' : 'ArrowRight');
  return page.evaluate(() => (window as unknown as { __seen: Promise<Seen[]> }).__seen);
}

async function everySliderHasItsResultInView(page: Page, platforms: number) {
  const failures: string[] = [];
  let checked = 0;
  for (let i = 1; i <= platforms; i++) {
    for (const [key, metric] of SLIDERS) {
      // One step may move a value by less than its third significant figure (2.65 to 2.66 $/h
      // keeps 0.123 $ per M tokens): step again, up to a few times, until the result changes.
      // At every step the result must be in view; at the step that changes it, changed too.
      let changed = false;
      for (let step = 0; step < 6 && !changed; step++) {
        const seen = await moveAndLook(page, key, metric, i);
        const inView = seen.filter((s) => s.present && s.inside && s.uncovered);
        if (inView.length === 0) {
          failures.push(`in-${key}-${i}, step ${step + 1}: no result in view: ${JSON.stringify(seen)}`);
          break;
        }
        changed = inView.some((s) => s.after !== s.before);
      }
      checked++;
      if (!changed) failures.push(`in-${key}-${i}: the result in view did not change in 6 steps`);
    }
  }
  expect(checked).toBe(platforms * SLIDERS.length);
  expect(failures, 'sliders whose result was not in view and changed by the next frame').toEqual([]);
}

for (const [width, height] of [
  [1280, 800],
  [375, 740],
] as const) {
  test.describe(`at ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });

    test('2 platforms: every slider has its result in view', async ({ page }) => {
      const w = watch(page);
      await page.goto(TWO);
      await ready(page);
      await everySliderHasItsResultInView(page, 2);
      await w.assertClean();
    });

    test('4 platforms: every slider has its result in view', async ({ page }) => {
      const w = watch(page);
      await page.goto(FOUR);
      await ready(page);
      await expect(page.getByTestId('in-kw-4')).toHaveCount(1);
      await everySliderHasItsResultInView(page, 4);
      await w.assertClean();
    });

    test('the compact embed: every slider has its result in view', async ({ page }) => {
      const w = watch(page);
      await page.goto(EMBED);
      await ready(page);
      await everySliderHasItsResultInView(page, 2);
      await w.assertClean();
    });

    test('a table of 12 platforms fits the screen', async ({ page }) => {
      await page.goto(TWELVE);
      await ready(page);
      await expect(page.getByTestId('out-cost_per_mtok-12')).not.toBeEmpty();
      const fit = await page.evaluate(() => {
        const wrap = document.querySelector<HTMLElement>('.table-wrap')!;
        const table = wrap.querySelector('table')!;
        return {
          page: document.documentElement.scrollWidth - innerWidth,
          table: wrap.scrollWidth - wrap.clientWidth,
          right: table.getBoundingClientRect().right - innerWidth,
        };
      });
      expect(fit.page, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      expect(fit.table, 'the table is cut at the right edge').toBeLessThanOrEqual(0);
      expect(fit.right).toBeLessThanOrEqual(0);
      // Every platform's cost is there, with its multiple.
      for (let i = 1; i <= 12; i++) {
        await expect(page.getByTestId(`out-cost_per_mtok-${i}`)).toHaveText(/^\d/);
        await expect(page.getByTestId(`x-cost_per_mtok-${i}`)).not.toBeEmpty();
      }
    });
  });
}

/** True when the element is wholly inside the viewport at the current scroll. */
async function onScreen(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  });
}

test.describe('the first screen', () => {
  test('at 1280x800: the headline, the seed table and both platforms\' core inputs', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(TWO);
    await ready(page);
    const missing: string[] = [];
    const ids = ['headline', 'results-table'];
    for (const i of [1, 2]) for (const key of ['usd_hr', 'tps', 'kw']) ids.push(`in-${key}-${i}`, `num-${key}-${i}`);
    for (const id of ids) if (!(await onScreen(page, id))) missing.push(id);
    expect(missing, 'not on the first screen').toEqual([]);
  });

  test('at 375x740: the headline and the cost results', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(TWO);
    await ready(page);
    const missing: string[] = [];
    for (const id of ['headline', 'live-cost_per_mtok-1', 'live-cost_per_mtok-2']) {
      if (!(await onScreen(page, id))) missing.push(id);
    }
    expect(missing, 'not on the first screen').toEqual([]);
    await expect(page.getByTestId('live-cost_per_mtok-1')).toHaveText('4.35');
    await expect(page.getByTestId('live-cost_per_mtok-2')).toHaveText('0.123');
  });
});

test.describe('the live summary on a phone', () => {
  // Was a gap, fixed: with copies of a platform the rows all read "NVIDIA GB300 NVL72", each on
  // three lines, and with four platforms the bar took 239 of 740 px.
  test('at 375x740 with four platforms each row has a short name of its own and the bar stays low', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(TWO);
    await ready(page);
    await page.getByTestId('add-platform').click();
    await page.getByTestId('add-platform').click();
    await expect(page.getByTestId('live-item-4')).toBeVisible();
    const rows = await page.locator('[data-testid^="live-item-"] .live-name').evaluateAll((names) =>
      names.map((n) => ({ text: n.textContent ?? '', title: n.getAttribute('title') })),
    );
    expect(rows.map((r) => r.text)).toEqual(['HGX H200', 'GB300 NVL72 #2', 'GB300 NVL72 #3', 'GB300 NVL72 #4']);
    expect(rows.map((r) => r.title)).toEqual(['NVIDIA HGX H200', 'NVIDIA GB300 NVL72 #2', 'NVIDIA GB300 NVL72 #3', 'NVIDIA GB300 NVL72 #4']);
    // The tables and the controls number a shared name too.
    await expect(page.getByTestId('in-usd_hr-3')).toHaveAttribute('aria-label', 'Cost per GPU-hour of NVIDIA GB300 NVL72 #3 (slider)');
    await expect(page.getByTestId('preset-4')).toHaveAttribute('aria-label', 'Preset, NVIDIA GB300 NVL72 #4');
    await expect(page.getByTestId('remove-3')).toHaveAttribute('aria-label', 'Remove NVIDIA GB300 NVL72 #3');
    await expect(page.getByTestId('base-2')).toHaveAttribute('aria-label', 'Make baseline, NVIDIA GB300 NVL72 #2');
    const bar = await page.getByTestId('live').boundingBox();
    expect(bar!.height, 'the bar leaves the phone\'s screen to the sliders').toBeLessThanOrEqual(200);
    // Nothing in the bar scrolls sideways.
    expect(await page.locator('.live-scroll').evaluate((s) => s.scrollWidth - s.clientWidth)).toBeLessThanOrEqual(0);
    // At 1280 the whole names show; a shared one still gets its number.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.getByTestId('live-item-1')).toContainText('NVIDIA HGX H200');
    await expect(page.getByTestId('live-item-3')).toContainText('NVIDIA GB300 NVL72 #3');
  });
});

test.describe('the compact embed', () => {
  test('view=sliders shows the three sliders of each platform and nothing else of the cards', async ({ page }) => {
    await page.goto(`${EMBED_FOUR}`);
    await ready(page);
    for (let i = 1; i <= 4; i++) {
      for (const key of ['usd_hr', 'tps', 'kw']) {
        await expect(page.getByTestId(`in-${key}-${i}`)).toHaveCount(1);
        await expect(page.getByTestId(`num-${key}-${i}`)).toHaveCount(1);
      }
    }
    for (const id of ['in-pflops-1', 'in-util-1', 'mode-1', 'prec-1', 'preset-1', 'name-1', 'add-platform']) {
      await expect(page.getByTestId(id), id).toHaveCount(0);
    }
    // Typing in a number box works as in the full view.
    await page.getByTestId('num-tps-2').fill('3000');
    await expect(page.getByTestId('out-tps-2')).toHaveText('3.00K');
    // With the cards as well, the sliders are shown once (test ids stay unique).
    await page.goto('./?v=1&embed=1&view=cards,sliders,table');
    await ready(page);
    await expect(page.getByTestId('in-tps-1')).toHaveCount(1);
  });

  test('headline, sliders and table at 600 px wide, 2 platforms: at most 800 px tall', async ({ page }) => {
    await page.setViewportSize({ width: 600, height: 900 });
    await page.goto(EMBED);
    await ready(page);
    // The content's height (the document is at least as tall as the window).
    const size = await page.evaluate(() => ({
      height: Math.ceil(document.querySelector('main.embed')!.getBoundingClientRect().bottom + scrollY),
      overflow: document.documentElement.scrollWidth - innerWidth,
    }));
    expect(size.height).toBeLessThanOrEqual(800);
    expect(size.overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 600, height: 800 });
    await everySliderHasItsResultInView(page, 2);
  });
});

test.describe('theme', () => {
  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test('theme=dark and theme=light override the system scheme; auto follows it', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('./?embed=1&theme=dark');
    await ready(page);
    expect(await background(page)).toBe('rgb(21, 23, 26)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('./?embed=1&theme=light');
    await ready(page);
    expect(await background(page)).toBe('rgb(247, 247, 245)');
    await page.goto('./?theme=auto');
    await ready(page);
    expect(await background(page)).toBe('rgb(21, 23, 26)');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    // The full page takes it too, and keeps it in the address bar.
    await page.goto('./?v=1&tps1=90&tps2=5000&theme=dark');
    await ready(page);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background(page)).toBe('rgb(21, 23, 26)');
    await page.getByTestId('num-tps-2').fill('5500');
    await expect.poll(() => page.url()).toContain('theme=dark');
  });

  test('a bad theme is named in the notice and the system scheme stays', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('./?theme=purple');
    await ready(page);
    await expect(page.getByTestId('notice')).toContainText('theme: "purple" is not light, dark or auto');
    expect(await background(page)).toBe('rgb(247, 247, 245)');
  });
});
