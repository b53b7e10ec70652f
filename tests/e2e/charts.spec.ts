// Issue 3: the charts. Four canvases (keys from src/charts/mod.rs ChartKind::key: iceberg,
// throughput, by-platform, factory) drawn with plotters, redrawn once per animation frame on a
// backing store of CSS size x devicePixelRatio, with a text summary and SVG / PNG downloads.
import { test, expect, Page, Download } from '@playwright/test';
import fs from 'node:fs';
import { ready, watch } from './helpers';

const KEYS = ['iceberg', 'throughput', 'by-platform', 'factory'] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Wait for two animation frames, so a redraw scheduled by the last change has run. */
async function nextFrames(page: Page) {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/** A short fingerprint of a canvas's pixels (FNV-1a over getImageData). */
async function canvasHash(page: Page, key: string): Promise<string> {
  return page.getByTestId(`canvas-${key}`).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) {
      h ^= data[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return `${canvas.width}x${canvas.height}:${h.toString(16)}`;
  });
}

/** Count of distinct colours among a sample of the canvas's pixels: a blank canvas has 1. */
async function distinctColours(page: Page, key: string): Promise<number> {
  return page.getByTestId(`canvas-${key}`).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) {
      seen.add((data[i] << 24) ^ (data[i + 1] << 16) ^ (data[i + 2] << 8) ^ data[i + 3]);
      if (seen.size > 50) break;
    }
    return seen.size;
  });
}

/** Wait until every chart has a backing store and something drawn on it. */
async function chartsDrawn(page: Page) {
  for (const key of KEYS) {
    await expect
      .poll(() => distinctColours(page, key), { message: `canvas-${key} is drawn` })
      .toBeGreaterThan(3);
  }
}

async function downloadedBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  expect(file, 'the download completed').toBeTruthy();
  return fs.readFileSync(file!);
}

test('the four charts render with a drawn canvas, a title and a summary', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  // The four charts drawn from every platform (the curves chart may follow them).
  const keys = await page
    .locator('canvas[data-testid^="canvas-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('canvas-'.length)));
  expect(keys.slice(0, 4)).toEqual([...KEYS]);
  for (const key of KEYS) {
    const canvas = page.getByTestId(`canvas-${key}`);
    await expect(canvas).toBeVisible();
    await expect(canvas).toHaveAttribute('role', 'img');
    await expect(page.getByTestId(`chart-${key}`).locator('h3')).not.toBeEmpty();
    const box = await canvas.boundingBox();
    expect(box!.width, `canvas-${key} width`).toBeGreaterThan(100);
    expect(box!.height, `canvas-${key} height`).toBeGreaterThanOrEqual(160);
  }
  await chartsDrawn(page);
  // The canvas's accessible name is its summary.
  for (const key of KEYS) {
    const summary = (await page.getByTestId(`summary-${key}`).textContent())!.trim();
    expect(summary.length, `summary-${key}`).toBeGreaterThan(20);
    await expect(page.getByTestId(`canvas-${key}`)).toHaveAttribute('aria-label', summary);
  }
  await w.assertClean();
});

test('moving a slider redraws every chart', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await chartsDrawn(page);
  await nextFrames(page);
  const before: Record<string, string> = {};
  for (const key of KEYS) before[key] = await canvasHash(page, key);
  // Nothing changes between frames when nothing changed.
  await nextFrames(page);
  for (const key of KEYS) expect(await canvasHash(page, key), `${key} is stable`).toBe(before[key]);

  const slider = page.getByTestId('in-tps-2');
  await slider.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('out-tps-2')).not.toHaveText('6.00K');
  await nextFrames(page);
  for (const key of KEYS) {
    await expect
      .poll(() => canvasHash(page, key), { message: `canvas-${key} changed` })
      .not.toBe(before[key]);
  }
  await w.assertClean();
});

test('the chart summaries name the platforms and follow the numbers', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  const h200 = 'NVIDIA HGX H200';
  const gb300 = 'NVIDIA GB300 NVL72';
  for (const key of KEYS) {
    await expect(page.getByTestId(`summary-${key}`), key).toContainText(gb300);
  }
  // The iceberg compares with the baseline and names it; the others list every platform.
  await expect(page.getByTestId('summary-iceberg')).toContainText(`the baseline, ${h200}`);
  await expect(page.getByTestId('summary-by-platform')).toHaveText(
    `Cost per million tokens (US$) by platform, on a log scale: ${h200} (baseline) $4.35; ` +
      `${gb300} $0.123, 35.5x lower than the baseline.`,
  );
  await expect(page.getByTestId('summary-throughput')).toContainText(
    `${h200}: $1.41 per GPU-hour, 90.0 tokens/s, $4.35 per million tokens.`,
  );
  await expect(page.getByTestId('summary-throughput')).toContainText(
    `${gb300}: $2.65 per GPU-hour, 6,000 tokens/s, $0.12 per million tokens.`,
  );
  await expect(page.getByTestId('summary-factory')).toContainText('a 100 MW site');
  await expect(page.getByTestId('summary-factory')).toContainText(h200);
  // A renamed platform is renamed in every summary.
  await page.getByTestId('name-2').fill('Rack B');
  for (const key of KEYS) {
    await expect(page.getByTestId(`summary-${key}`), key).toContainText('Rack B');
    await expect(page.getByTestId(`summary-${key}`), key).not.toContainText(gb300);
  }
  // So does the HTML legend beside the charts.
  await expect(page.locator('.chart-legend')).toContainText('Rack B');
});

for (const key of KEYS) {
  test(`download SVG and PNG of ${key}`, async ({ page }) => {
    const w = watch(page);
    await page.goto('./');
    await ready(page);
    await chartsDrawn(page);

    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`download-svg-${key}`).click(),
    ]);
    expect(svg.suggestedFilename()).toMatch(/^cost-per-token-.*\.svg$/);
    const svgText = (await downloadedBytes(svg)).toString('utf8');
    expect(svgText.length).toBeGreaterThan(500);
    expect(svgText.trimStart()).toMatch(/^(<svg|<\?xml)/);
    expect(svgText).toContain('</svg>');
    // A downloaded file stands on its own: it carries the chart's title.
    const title = (await page.getByTestId(`chart-${key}`).locator('h3').textContent())!.trim();
    expect(svgText).toContain(title.replace(/&/g, '&amp;').slice(0, 20));
    expect(svgText).not.toMatch(/NaN|undefined/);

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`download-png-${key}`).click(),
    ]);
    expect(png.suggestedFilename()).toMatch(/^cost-per-token-.*\.png$/);
    const pngBytes = await downloadedBytes(png);
    expect(pngBytes.length).toBeGreaterThan(1000);
    expect([...pngBytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // The PNG is the canvas's backing store: its IHDR width and height match it.
    const size = await page.getByTestId(`canvas-${key}`).evaluate((el) => {
      const c = el as HTMLCanvasElement;
      return [c.width, c.height];
    });
    expect([pngBytes.readUInt32BE(16), pngBytes.readUInt32BE(20)]).toEqual(size);
    await w.assertClean();
  });
}

test('the SVG download follows the current state', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByTestId('name-2').fill('Rack <B> & co');
  await expect(page.getByTestId('summary-by-platform')).toContainText('Rack <B> & co');
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-svg-by-platform').click(),
  ]);
  const text = (await downloadedBytes(svg)).toString('utf8');
  // The name is escaped as text in the SVG, never markup.
  expect(text).toContain('Rack &lt;B&gt; &amp; co');
  expect(text).not.toContain('<B>');
});

test.describe('at 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('no canvas is wider than the viewport', async ({ page }) => {
    const w = watch(page);
    await page.goto('./');
    await ready(page);
    await chartsDrawn(page);
    for (const key of KEYS) {
      const canvas = page.getByTestId(`canvas-${key}`);
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      expect(box.x, `canvas-${key} left`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `canvas-${key} right edge`).toBeLessThanOrEqual(375);
      const backing = await canvas.evaluate((el) => (el as HTMLCanvasElement).width);
      expect(backing, `canvas-${key} backing store`).toBeLessThanOrEqual(375);
    }
    // Nothing makes the page scroll sideways.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await w.assertClean();
  });
});

test.describe('on a HiDPI screen', () => {
  test.use({ deviceScaleFactor: 2 });

  // Was a bug, fixed: the backing store is sized from the width of `.chart-list` (ResizeObserver
  // on the container, src/ui/charts.rs), not from the canvas's own CSS width, which is smaller
  // by the figure's padding and border (0.75rem x 2 + 2px = 26px). At 1280x900, DPR 2:
  // canvas.width 1432 but clientWidth 690 (2 x 690 = 1380): every chart is drawn 716 CSS px wide
  // and squeezed into 690, so text and lines are scaled by 0.964 and blurred.
  test('the backing store is CSS size x devicePixelRatio', async ({ page }) => {
    const w = watch(page);
    await page.goto('./');
    await ready(page);
    expect(await page.evaluate(() => devicePixelRatio)).toBe(2);
    await chartsDrawn(page);
    for (const key of KEYS) {
      const dims = await page.getByTestId(`canvas-${key}`).evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const r = c.getBoundingClientRect();
        return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, rw: r.width, rh: r.height };
      });
      expect(dims.w, `canvas-${key} width`).toBe(2 * dims.cw);
      expect(dims.h, `canvas-${key} height`).toBe(2 * dims.ch);
      expect(Math.abs(dims.rw - dims.cw), `canvas-${key} css width`).toBeLessThanOrEqual(1);
    }
    await w.assertClean();
  });
});

test('the charts follow a resize of the window', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await chartsDrawn(page);
  const wide = await page.getByTestId('canvas-by-platform').evaluate((el) => (el as HTMLCanvasElement).width);
  await page.setViewportSize({ width: 600, height: 900 });
  await expect
    .poll(() => page.getByTestId('canvas-by-platform').evaluate((el) => (el as HTMLCanvasElement).width))
    .toBeLessThan(wide);
  // Still drawn on the whole width (the exact CSS-size check is the HiDPI test above).
  const dims = await page.getByTestId('canvas-by-platform').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    return { w: c.width, cw: c.clientWidth };
  });
  expect(dims.cw).toBeLessThan(600);
  expect(Math.abs(dims.w - dims.cw)).toBeLessThanOrEqual(30);
});

test('the curves chart downloads with its measured curves', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  test.skip((await page.getByTestId('download-svg-curves').count()) === 0, 'no curves chart in this build');
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-svg-curves').click(),
  ]);
  expect(svg.suggestedFilename()).toBe('cost-per-token-curves.svg');
  const text = (await downloadedBytes(svg)).toString('utf8');
  expect(text.trimStart()).toMatch(/^(<svg|<\?xml)/);
  // The default H200 carries a measured curve: the file draws it, not the "no curves" message.
  expect(text).not.toContain('No platform has a measured curve');
  expect(text).toContain('NVIDIA HGX H200');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-png-curves').click(),
  ]);
  expect(png.suggestedFilename()).toBe('cost-per-token-curves.png');
  expect([...(await downloadedBytes(png)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
});

test("each platform's swatch on the cards and in the live summary has its colour in the charts", async ({ page }) => {
  const w = watch(page);
  // Eight platforms: one of each colour of the palette.
  await page.goto(
    './?preset1=h200&preset2=gb300&preset3=b200&tps3=1000&preset4=gb200&tps4=2500&preset5=mi300x&tps5=150' +
      '&preset6=mi355x&tps6=1500&preset7=h100&tps7=80&preset8=mi325x&tps8=200',
  );
  await ready(page);
  const colours = await page.evaluate(() => {
    const bg = (sel: string) =>
      Array.from(document.querySelectorAll(sel)).map((el) => getComputedStyle(el).backgroundColor);
    return {
      charts: bg('.chart-legend .key'),
      cards: bg('.card-head .swatch'),
      live: bg('.live-table tbody th .swatch'),
    };
  });
  expect(colours.charts).toHaveLength(8);
  expect(new Set(colours.charts).size, 'eight distinct chart colours').toBe(8);
  expect(colours.cards, 'card swatches').toEqual(colours.charts);
  expect(colours.live, 'live summary swatches').toEqual(colours.charts);
  await w.assertClean();
});
