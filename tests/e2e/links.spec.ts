// Issue 4: links. The address bar holds the state (link format v1, README "Links"); a link
// reproduces the view, a bad link says what it could not use and applies the rest, names are
// text, the embed mode (`embed=1`, `view=`) is compact, tells its host its height and links to
// the full view; "Copy link" copies the address; the page works from a sub-path.
import { test, expect, Page } from '@playwright/test';
import { SUBPATH_URL } from '../../playwright.config';
import { allCells, fullPageShot, pageText, ready, shownText, watch } from './helpers';

/** Every key of the README's table, with values whose outputs can be worked out by hand. */
const EVERY_KEY_LINK =
  './?v=1' +
  '&name1=Alpha&preset1=h200&usd_hr1=2&tps1=120&kw1=1.5&pflops1=4&prec1=fp8-dense&util1=80&curve1=' +
  '&name2=Beta&preset2=gb300&mode2=own&capex2=50000&years2=5&rate2=8&opex2=2500&power2=it' +
  '&hbm2=9&hbm_gb2=300&prefill2=20000&io_ratio2=5&curve2=10:9000;50:6000;200:900' +
  '&base=2&usd_kwh=0.12&pue=1.2&site_mw=250&price=0.5' +
  '&gpus2=4&batch2=32&ctx2=2000&mtp2=2&m_bytes2=0.5' +
  '&target=50&in_tok=2000&out_tok=500' +
  '&m_total=700&m_active=40&m_experts=128&m_k=4&m_kv=50000';

/** Wait until the debounced address bar has caught up with a change. */
async function addressHas(page: Page, fragment: string) {
  await expect.poll(() => decodeURIComponent(page.url()), { message: `address has ${fragment}` }).toContain(fragment);
}

test('a link with every key reproduces its values and outputs', async ({ page }) => {
  const w = watch(page);
  await page.goto(EVERY_KEY_LINK);
  await ready(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);

  // Platform 1: explicit figures over the H200 preset, its curve removed (curve1=).
  await expect(page.getByTestId('name-1')).toHaveValue('Alpha');
  await expect(page.getByTestId('preset-1')).toHaveValue('h200');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('2');
  await expect(page.getByTestId('num-tps-1')).toHaveValue('120');
  await expect(page.getByTestId('num-kw-1')).toHaveValue('1.5');
  await expect(page.getByTestId('num-pflops-1')).toHaveValue('4');
  await expect(page.getByTestId('prec-1')).toHaveValue('fp8-dense');
  await expect(page.getByTestId('num-util-1')).toHaveValue('80');
  await expect(page.getByTestId('mode-1')).toHaveValue('rent');
  await expect(page.getByTestId('power-1')).toHaveValue('all-in');
  await expect(page.getByTestId('curve-text-1')).toHaveValue('');

  // Platform 2: owned, IT power, its own curve and memory.
  await expect(page.getByTestId('name-2')).toHaveValue('Beta');
  await expect(page.getByTestId('preset-2')).toHaveValue('gb300');
  await expect(page.getByTestId('mode-2')).toHaveValue('own');
  await expect(page.getByTestId('num-capex-2')).toHaveValue('50000');
  await expect(page.getByTestId('num-years-2')).toHaveValue('5');
  await expect(page.getByTestId('num-rate-2')).toHaveValue('8');
  await expect(page.getByTestId('num-opex-2')).toHaveValue('2500');
  await expect(page.getByTestId('power-2')).toHaveValue('it');
  await expect(page.getByTestId('num-hbm-2')).toHaveValue('9');
  await expect(page.getByTestId('num-hbm_gb-2')).toHaveValue('300');
  await expect(page.getByTestId('num-prefill-2')).toHaveValue('20000');
  await expect(page.getByTestId('num-io_ratio-2')).toHaveValue('5');
  const curve2 = (await page.getByTestId('curve-text-2').inputValue()).replace(/\r/g, '');
  expect(curve2).toContain('10,9000\n50,6000\n200,900');
  await expect(page.getByTestId('base-2')).toBeChecked();

  // Platform 2's decode set-up.
  const setup: Record<string, string> = { gpus: '4', batch: '32', ctx: '2000', mtp: '2', m_bytes: '0.5' };
  for (const [key, value] of Object.entries(setup)) {
    await expect(page.getByTestId(`num-${key}-2`), key).toHaveValue(value);
  }

  // Page settings.
  const page_values: Record<string, string> = {
    usd_kwh: '0.12', pue: '1.2', site_mw: '250', price: '0.5', target: '50', in_tok: '2000',
    out_tok: '500', m_total: '700', m_active: '40', m_experts: '128', m_k: '4', m_kv: '50000',
  };
  for (const [key, value] of Object.entries(page_values)) {
    await expect(page.getByTestId(`num-${key}`), key).toHaveValue(value);
  }

  // Outputs, by hand:
  // 1: $2/h, 120 tok/s at 80% -> 2 / (120 x 0.8 x 3600) x 1e6 = 5.787; 120 x 1000 / 1.5 = 80.0K.
  // 2: annuity(50,000, 8%, 5) / 8760 = 1.4295 + 2.1 kW x PUE 1.2 x $0.12 = 0.3024
  //    + 2,500 / 8760 = 0.2854 -> $2.017/h; at the target 50 its curve gives 6,000 tok/s:
  //    2.0173 / (6000 x 3600) x 1e6 = 0.0934; 6000 x 1000 / 2.52 kW = 2.38M; 15 / 2.0173 = 7.44.
  const expected: Record<string, string> = {
    'out-usd_hr-1': '2.00', 'out-flops_per_usd-1': '2.00', 'out-tps-1': '120',
    'out-tok_per_mw-1': '80.0K', 'out-cost_per_mtok-1': '5.79',
    'out-usd_hr-2': '2.02', 'out-flops_per_usd-2': '7.44', 'out-tps-2': '6.00K',
    'out-tok_per_mw-2': '2.38M', 'out-cost_per_mtok-2': '0.0934',
    'x-cost_per_mtok-2': 'baseline', 'x-cost_per_mtok-1': '62.0x higher',
    'out-own_usd_hr-2': '2.02',
  };
  const cells = await allCells(page);
  for (const [id, value] of Object.entries(expected)) expect(cells[id], id).toBe(value);
  await expect(page.getByTestId('own-breakdown-2')).toHaveText('$1.43 capital, $0.302 energy, $0.285 operations.');
  await expect(page.getByTestId('headline')).toContainText('Beta (the baseline)');
  await w.assertClean();
});

test('what the page writes to the address bar reads back to the same view', async ({ page, context }) => {
  await page.goto(EVERY_KEY_LINK);
  await ready(page);
  // Any change makes the app write its own link; it must carry every value.
  await page.getByTestId('num-site_mw').fill('300');
  await addressHas(page, 'site_mw=300');
  const written = page.url();
  const before = await allCells(page);
  const again = await context.newPage();
  await again.goto(written);
  await ready(again);
  await expect(again.getByTestId('notice')).toHaveCount(0);
  expect(await allCells(again)).toEqual(before);
  await expect(again.getByTestId('num-capex-2')).toHaveValue('50000');
  await expect(again.getByTestId('num-m_kv')).toHaveValue('50000');
});

test('a bad link names each problem, applies the rest, and the notice can be dismissed', async ({ page }) => {
  const w = watch(page);
  const long = 'x'.repeat(100);
  await page.goto(`./?tps1=abc&foo=1&tps13=5&name1=${long}&usd_hr2=5000&kw1=2`);
  await ready(page);
  const notice = page.getByTestId('notice');
  await expect(notice).toBeVisible();
  const lines = (await notice.locator('li').allTextContents()).map((l) => l.trim());
  expect(lines).toHaveLength(5);
  for (const key of ['tps1', 'foo', 'tps13', 'name1', 'usd_hr2']) {
    expect(lines.filter((l) => l.startsWith(`${key}:`)), `one line for ${key}`).toHaveLength(1);
  }
  expect(lines).toContain('tps1: "abc" is not a number');
  expect(lines).toContain('usd_hr2: "5000" is out of range (0.001 to 1,000)');
  expect(lines).toContain('name1: cut to 60 characters');
  expect(lines).toContain('foo: unknown key, ignored');
  // The rest applies: kw1=2, the name cut to 60; bad fields take their defaults.
  await expect(page.getByTestId('num-kw-1')).toHaveValue('2');
  await expect(page.getByTestId('out-tok_per_mw-1')).toHaveText('45.0K');
  await expect(page.getByTestId('name-1')).toHaveValue('x'.repeat(60));
  await expect(page.getByTestId('num-tps-1')).toHaveValue('90');
  await expect(page.getByTestId('out-usd_hr-2')).toHaveText('2.65');
  await expect(page.getByTestId('out-tps-13')).toHaveCount(0);
  const body = await pageText(page);
  expect(body).not.toMatch(/\bNaN\b|\binf\b|undefined/i);

  await page.getByTestId('notice-dismiss').click();
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('notice-dismiss')).toHaveCount(0);
  // Dismissing changes nothing else.
  await expect(page.getByTestId('num-kw-1')).toHaveValue('2');
  await w.assertClean();
});

test('tracking keys are ignored silently', async ({ page }) => {
  await page.goto('./?utm_source=news&utm_medium=x&fbclid=abc&ref=hn&tps2=5000&tps1=90');
  await ready(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('out-tps-2')).toHaveText('5.00K');
});

test('a name that looks like HTML is shown as text', async ({ page }) => {
  const w = watch(page);
  const evil = '<img src=x onerror=window.__xss=1>';
  await page.goto(`./?name1=${encodeURIComponent(evil)}&tps1=90&name2=B&tps2=6000`);
  await ready(page);
  await expect(page.getByTestId('name-1')).toHaveValue(evil);
  await expect(page.getByTestId('results-table').locator('thead')).toContainText(evil);
  await expect(page.getByTestId('summary-by-platform')).toContainText(evil);
  await page.waitForTimeout(300);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // Typing it into the name box is just as harmless.
  await page.getByTestId('name-2').fill('<b onmouseover=window.__xss=2>bold</b>');
  await expect(page.getByTestId('results-table').locator('thead')).toContainText('<b onmouseover=window.__xss=2>bold</b>');
  expect(await page.locator('main b').count()).toBe(0);
  // Requests for "x" would be a sign of an img element, even a removed one.
  expect(w.problems.filter((p) => p.includes('/x'))).toEqual([]);
  await w.assertClean();
});

test('the address bar follows changes, debounced, and a reload reproduces the view', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const startUrl = page.url();
  await page.getByTestId('num-usd_hr-1').fill('2.5');
  // Debounced: not rewritten at once, and rewritten soon after.
  expect(page.url()).toBe(startUrl);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('7.72');
  await addressHas(page, 'usd_hr1=2.5');
  expect(page.url()).toContain('v=1');
  // One history entry in all: the address is replaced, not pushed.
  const historyLength = await page.evaluate(() => history.length);
  await page.getByTestId('num-kw-2').fill('3');
  await addressHas(page, 'kw2=3');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await page.getByTestId('base-2').check();
  await addressHas(page, 'base=2');
  const before = await allCells(page);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('2.5');
  await expect(page.getByTestId('num-kw-2')).toHaveValue('3');
  await expect(page.getByTestId('base-2')).toBeChecked();
  expect(await allCells(page)).toEqual(before);
  await w.assertClean();
});

test.describe('embed mode', () => {
  const STATE = './?v=1&preset1=h200&preset2=gb300&tps2=5000';

  for (const width of [600, 800]) {
    test(`embed=1 at ${width} px: compact, no page header, attribution`, async ({ page }) => {
      const w = watch(page);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${STATE}&embed=1`);
      await ready(page);
      await expect(page.locator('main.embed')).toBeVisible();
      await expect(page.locator('.page-header')).toHaveCount(0);
      // No visible page header (the embed has a visually hidden h1 for screen readers).
      await expect(page.locator('h1:not(.visually-hidden)')).toHaveCount(0);
      await expect(page.locator('.page-footer')).toHaveCount(0);
      // The default view: headline, table, chart (the iceberg).
      await expect(page.getByTestId('headline')).toContainText('NVIDIA GB300 NVL72');
      await expect(page.getByTestId('results-table')).toBeVisible();
      await expect(page.getByTestId('out-tps-2')).toHaveText('5.00K');
      await expect(page.getByTestId('canvas-iceberg')).toBeVisible();
      await expect(page.getByTestId('name-1')).toHaveCount(0);
      await expect(page.getByTestId('copy-link')).toHaveCount(0);
      await expect(page.getByTestId('attribution')).toBeVisible();
      // Nothing is wider than the frame.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow, 'no sideways scroll').toBeLessThanOrEqual(0);
      await page.waitForTimeout(200);
      await fullPageShot(page, `test-results/embed-${width}.png`);
      await w.assertClean();
    });
  }

  test('the attribution link opens the full view with the same state, without embed', async ({ page }) => {
    await page.goto(`${STATE}&embed=1&view=table,chart`);
    await ready(page);
    const link = page.getByTestId('attribution');
    await expect(link).toHaveAttribute('target', '_blank');
    const href = (await link.getAttribute('href'))!;
    expect(href.startsWith('http://127.0.0.1:4173/?')).toBe(true);
    expect(href).not.toMatch(/embed=/);
    expect(href).not.toMatch(/view=/);
    expect(href).toContain('tps2=5000');
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await ready(popup);
    expect(popup.url()).toBe(href);
    await expect(popup.locator('h1')).toBeVisible();
    await expect(popup.getByTestId('num-tps-2')).toHaveValue('5000');
    await expect(popup.getByTestId('out-cost_per_mtok-2')).toHaveText(await shownText(page.getByTestId('out-cost_per_mtok-2')));
    await expect(popup.getByTestId('notice')).toHaveCount(0);
  });

  test('view=table shows only the table', async ({ page }) => {
    await page.goto(`${STATE}&embed=1&view=table`);
    await ready(page);
    await expect(page.getByTestId('results-table')).toBeVisible();
    await expect(page.getByTestId('headline')).toHaveCount(0);
    await expect(page.locator('canvas')).toHaveCount(0);
    await expect(page.getByTestId('name-1')).toHaveCount(0);
    await expect(page.getByTestId('attribution')).toBeVisible();
  });

  test('view=chart,cards shows the chart and the cards, not the table', async ({ page }) => {
    await page.goto(`${STATE}&embed=1&view=chart,cards`);
    await expect(page.getByTestId('name-1')).toHaveValue('NVIDIA HGX H200');
    await expect(page.getByTestId('canvas-iceberg')).toBeVisible();
    await expect(page.getByTestId('results-table')).toHaveCount(0);
    await expect(page.getByTestId('headline')).toHaveCount(0);
    // The cards work in the embed, and the attribution link follows them.
    await page.getByTestId('num-tps-2').fill('4000');
    await expect.poll(async () => page.getByTestId('attribution').getAttribute('href')).toContain('tps2=4000');
  });

  test('view=headline shows the headline only; a bad view part is named', async ({ page }) => {
    await page.goto(`${STATE}&embed=1&view=headline,map`);
    await expect(page.getByTestId('headline')).toContainText('NVIDIA GB300 NVL72');
    await expect(page.getByTestId('results-table')).toHaveCount(0);
    await expect(page.locator('canvas')).toHaveCount(0);
    const notice = page.getByTestId('notice');
    // The embed may leave the notice out; if it shows one, its line starts with the key.
    if ((await notice.count()) > 0) {
      await expect(notice.locator('li').first()).toHaveText(/^view: /);
    }
  });

  test('the embed tells its host page its height', async ({ page }) => {
    const w = watch(page);
    const host = `<!doctype html><html><head><title>Host</title></head><body>
      <h1>A blog post</h1>
      <iframe id="calc" src="./?v=1&amp;preset1=h200&amp;preset2=gb300&amp;embed=1" width="100%" height="200"
        style="border:0" title="Cost per token calculator"></iframe>
      <script>
        window.__heights = [];
        addEventListener('message', function (e) {
          var d = e.data;
          window.__heights.push(d);
          if (!d || d.type !== 'cost-per-token:height') return;
          document.querySelectorAll('iframe').forEach(function (f) {
            if (f.contentWindow === e.source) f.style.height = Math.ceil(d.height) + 'px';
          });
        });
      </script></body></html>`;
    await page.route('http://127.0.0.1:4173/host.html', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: host }),
    );
    await page.goto('http://127.0.0.1:4173/host.html');
    const frame = page.frameLocator('#calc');
    await expect(frame.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __heights: { type?: string; height?: number }[] }).__heights.filter(
            (d) => d && d.type === 'cost-per-token:height',
          ).length,
        ),
      )
      .toBeGreaterThan(0);
    const messages = await page.evaluate(
      () => (window as unknown as { __heights: { type: string; height: number }[] }).__heights,
    );
    const heights = messages.filter((d) => d && d.type === 'cost-per-token:height');
    for (const m of heights) {
      expect(typeof m.height).toBe('number');
      expect(m.height).toBeGreaterThan(0);
    }
    // The last height is the content's: the iframe sized to it shows everything.
    const last = heights[heights.length - 1].height;
    const content = await page
      .frameLocator('#calc')
      .locator('html')
      .evaluate((el) => el.scrollHeight);
    expect(Math.abs(last - content)).toBeLessThanOrEqual(2);
    await expect
      .poll(() => page.locator('#calc').evaluate((f) => (f as HTMLIFrameElement).getBoundingClientRect().height))
      .toBeGreaterThan(300);
    await w.assertClean();
  });
});

test.describe('copy link', () => {
  test('copies the current state\'s address to the clipboard', async ({ page, context }) => {
    const w = watch(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./');
    await ready(page);
    await page.getByTestId('num-tps-2').fill('5500');
    await addressHas(page, 'tps2=5500');
    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('copy-status')).toHaveText('Link copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(copied.startsWith('http://127.0.0.1:4173/?')).toBe(true);
    await expect(page.getByTestId('link-fallback')).toHaveCount(0);
    // The copied link opens the same view.
    const other = await context.newPage();
    await other.goto(copied);
    await ready(other);
    await expect(other.getByTestId('num-tps-2')).toHaveValue('5500');
    await expect(other.getByTestId('out-cost_per_mtok-2')).toHaveText('0.134');
    await w.assertClean();
  });

  test('when the browser refuses, the link is shown to copy by hand', async ({ page }) => {
    // A browser that refuses clipboard writes (no permission, an iframe, an old browser).
    await page.addInitScript(() => {
      const refuse = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
      if (navigator.clipboard) {
        Object.defineProperty(navigator.clipboard, 'writeText', { value: refuse, configurable: true });
      }
    });
    await page.goto('./');
    await ready(page);
    await page.getByTestId('num-tps-2').fill('5500');
    await addressHas(page, 'tps2=5500');
    await page.getByTestId('copy-link').click();
    const fallback = page.getByTestId('link-fallback');
    await expect(fallback).toBeVisible();
    await expect(fallback).toHaveValue(page.url());
    await expect(page.getByTestId('copy-status')).toContainText('did not allow copying');
  });

  test('without a clipboard permission, copying either works or falls back', async ({ page, context }) => {
    await context.clearPermissions();
    await page.goto('./');
    await ready(page);
    await page.getByTestId('copy-link').click();
    const status = page.getByTestId('copy-status');
    await expect(status).not.toBeEmpty();
    if ((await status.innerText()).includes('copied')) {
      await expect(page.getByTestId('link-fallback')).toHaveCount(0);
    } else {
      await expect(page.getByTestId('link-fallback')).toHaveValue(/^http:\/\/127\.0\.0\.1:4173\/\?v=1&/);
    }
  });
});

test.describe('under a sub-path', () => {
  test.use({ baseURL: SUBPATH_URL });

  test('the page loads its assets and keeps its state in links', async ({ page }) => {
    const w = watch(page);
    await page.goto('./');
    await ready(page);
    await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.123');
    await page.getByTestId('num-tps-2').fill('5000');
    await addressHas(page, 'tps2=5000');
    expect(page.url().startsWith(`${SUBPATH_URL}?`)).toBe(true);
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
    await w.assertClean();
  });

  test('an embed under the sub-path links back under it', async ({ page }) => {
    const w = watch(page);
    await page.goto('./?v=1&preset1=h200&preset2=gb300&tps2=5000&embed=1');
    await ready(page);
    const href = (await page.getByTestId('attribution').getAttribute('href'))!;
    expect(href.startsWith(`${SUBPATH_URL}?`)).toBe(true);
    expect(href).toContain('tps2=5000');
    expect(href).not.toContain('embed=');
    await w.assertClean();
  });
});
