// Issue 4: keeping. The last state lives in localStorage (a link's state wins over it), named
// scenarios can be saved, loaded, renamed and deleted, unreadable storage is kept aside, JSON
// export and import round-trip (a bad file is refused, naming the problem), CSV export holds the
// results at full precision, and an embed writes nothing.
import { test, expect, Page, Download } from '@playwright/test';
import fs from 'node:fs';
import { allCells, ready, watch } from './helpers';

// The first release's single document (now only read, to move it to the keys below).
const STORAGE_KEY = 'cost-per-token:v1';
// The last scenario (the JSON file form) and the prefix of each saved scenario's key.
const LAST_KEY = 'cost-per-token:last';
const SAVED_PREFIX = 'cost-per-token:saved:';

async function storageDump(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      out[k] = localStorage.getItem(k)!;
    }
    return out;
  });
}

async function savedText(download: Download): Promise<string> {
  const file = await download.path();
  expect(file, 'the download completed').toBeTruthy();
  return fs.readFileSync(file!, 'utf8');
}

/** Wait until the debounced storage write holds a platform's tps. */
async function storedLastHasTps(page: Page, index: number, tps: number) {
  await expect
    .poll(async () => {
      const text = (await storageDump(page))[LAST_KEY];
      if (!text) return null;
      try {
        return JSON.parse(text).scenario?.platforms?.[index]?.tps ?? null;
      } catch {
        return 'unreadable';
      }
    }, { message: `storage keeps tps of platform ${index + 1}` })
    .toBe(tps);
}

async function savedNames(page: Page): Promise<string[]> {
  return (await page.getByTestId('saved-list').locator('.saved-name').allTextContents()).map((t) => t.trim());
}

test('save a named scenario, reload, load it, rename it and delete it', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('saved-list').locator('li')).toHaveCount(0);
  await page.getByTestId('num-tps-2').fill('5000');
  await page.getByTestId('save-name').fill('Plan A');
  await page.getByTestId('save-scenario').click();
  await expect(page.getByTestId('saved-status')).toHaveText('Saved "Plan A".');
  await expect(page.getByTestId('save-name')).toHaveValue('');
  expect(await savedNames(page)).toEqual(['Plan A']);

  // Kept across a reload of the bare address.
  await page.goto('./');
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan A']);

  // Change the screen, then load the saved scenario back.
  await page.getByTestId('num-tps-2').fill('7000');
  await page.getByTestId('num-usd_hr-1').fill('3');
  await page.getByTestId('load-Plan A').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('1.41');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.147');
  await expect(page.getByTestId('saved-status')).toHaveText('Loaded "Plan A".');

  // Rename.
  const entry = page.getByTestId('saved-list').locator('li').filter({ hasText: 'Plan A' });
  await entry.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByTestId('rename-input');
  await expect(rename).toHaveValue('Plan A');
  await rename.fill('Plan B');
  await rename.press('Enter');
  await expect(page.getByTestId('saved-status')).toHaveText('Renamed to "Plan B".');
  expect(await savedNames(page)).toEqual(['Plan B']);
  await expect(page.getByTestId('load-Plan A')).toHaveCount(0);
  await page.reload();
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan B']);
  await page.getByTestId('num-tps-2').fill('7000');
  await page.getByTestId('load-Plan B').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');

  // Delete.
  await page.getByTestId('delete-Plan B').click();
  await expect(page.getByTestId('saved-status')).toHaveText('Deleted "Plan B".');
  await expect(page.getByTestId('saved-list').locator('li')).toHaveCount(0);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('saved-list').locator('li')).toHaveCount(0);
  const dump = await storageDump(page);
  expect(Object.keys(dump).filter((k) => k.startsWith(SAVED_PREFIX))).toEqual([]);
  expect(dump[STORAGE_KEY]).toBeUndefined();
  await w.assertClean();
});

test('saving needs a name, and a second save under the same name replaces the first', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByTestId('save-scenario').click();
  await expect(page.getByTestId('saved-error')).toHaveText('A saved scenario needs a name.');
  await expect(page.getByTestId('saved-list').locator('li')).toHaveCount(0);
  await page.getByTestId('save-name').fill('Mine');
  await page.getByTestId('save-scenario').click();
  await page.getByTestId('num-tps-2').fill('4000');
  await page.getByTestId('save-name').fill('Mine');
  await page.getByTestId('save-scenario').click();
  expect(await savedNames(page)).toEqual(['Mine']);
  await page.getByTestId('num-tps-2').fill('7000');
  await page.getByTestId('load-Mine').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('4000');
});

test('the last state comes back on a plain reload of the bare address', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('4500');
  await page.getByTestId('num-usd_hr-1').fill('2');
  await storedLastHasTps(page, 1, 4500);
  await page.goto('./');
  expect(page.url()).toBe('http://127.0.0.1:4173/');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('4500');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('2');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('6.17');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // "Reset to the default" is kept too.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('6000');
  await storedLastHasTps(page, 1, 6000);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('6000');
  await w.assertClean();
});

test("a link's state wins over the stored one", async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('4500');
  await storedLastHasTps(page, 1, 4500);
  await page.goto('./?v=1&preset1=h200&preset2=gb300&tps2=3000');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('3000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('3.00K');
  // A page setting alone is state too.
  await page.goto('./?usd_kwh=0.2');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('6000');
  await expect(page.getByTestId('num-usd_kwh')).toHaveValue('0.2');
  // A link with tracking keys only is no state: the stored one shows.
  await page.getByTestId('num-tps-2').fill('4400');
  await storedLastHasTps(page, 1, 4400);
  await page.goto('./?utm_source=newsletter');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('4400');
});

test('corrupt storage starts from the default, says so, and keeps the bad text aside', async ({ page }) => {
  const w = watch(page);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('cost-per-token:v1', '{not json');
    }
  });
  await page.goto('./');
  await ready(page);
  const notice = page.getByTestId('notice');
  await expect(notice).toBeVisible();
  const lines = (await notice.locator('li').allTextContents()).map((l) => l.trim());
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines[0].startsWith('storage')).toBe(true);
  // The default scenario.
  const cells = await allCells(page);
  expect(cells['out-cost_per_mtok-1']).toBe('4.35');
  expect(cells['out-cost_per_mtok-2']).toBe('0.123');
  // The bad text is kept, never deleted.
  const dump = await storageDump(page);
  const kept = Object.entries(dump).filter(([k]) => k.startsWith('cost-per-token:unreadable:'));
  expect(kept).toHaveLength(1);
  expect(kept[0][1]).toBe('{not json');
  // What the app writes in its place reads as JSON.
  if (dump[STORAGE_KEY] !== undefined) expect(() => JSON.parse(dump[STORAGE_KEY])).not.toThrow();
  // The app keeps working and storing.
  await page.getByTestId('num-tps-2').fill('5000');
  await storedLastHasTps(page, 1, 5000);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  expect(Object.keys(await storageDump(page)).filter((k) => k.startsWith('cost-per-token:unreadable:'))).toHaveLength(1);
  await w.assertClean();
});

test('JSON export then import round-trips the scenario', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('name-1').fill('My H200');
  await page.getByTestId('num-tps-2').fill('5000');
  await page.getByTestId('num-usd_kwh').fill('0.1');
  await page.getByTestId('add-platform').click();
  await page.getByTestId('num-usd_hr-3').fill('3.5');
  await page.getByTestId('base-2').check();
  await expect(page.getByTestId('x-cost_per_mtok-2')).toHaveText('baseline');
  const before = await allCells(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(download.suggestedFilename()).toBe('cost-per-token.json');
  const text = await savedText(download);
  const json = JSON.parse(text);
  expect(json.app).toBe('cost-per-token');
  expect(json.schema).toBe(1);
  expect(json.scenario.platforms).toHaveLength(3);
  expect(json.scenario.platforms[0].name).toBe('My H200');
  expect(json.scenario.platforms[1].tps).toBe(5000);
  expect(json.scenario.baseline).toBe(1);

  await page.getByTestId('reset').click();
  await expect(page.getByTestId('out-tps-3')).toHaveCount(0);
  await expect(page.getByTestId('name-1')).toHaveValue('NVIDIA HGX H200');

  await page.getByTestId('import-json').setInputFiles({
    name: 'cost-per-token.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('import-status')).toHaveText('Imported cost-per-token.json.');
  await expect(page.getByTestId('name-1')).toHaveValue('My H200');
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  await expect(page.getByTestId('num-usd_kwh')).toHaveValue('0.1');
  await expect(page.getByTestId('num-usd_hr-3')).toHaveValue('3.5');
  await expect(page.getByTestId('base-2')).toBeChecked();
  expect(await allCells(page)).toEqual(before);
  await w.assertClean();
});

test('a bad JSON file is refused with a message naming the problem, and nothing changes', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('5000');
  const before = await allCells(page);
  const input = page.getByTestId('import-json');
  const refuse = async (name: string, body: string, message: RegExp) => {
    await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    const error = page.getByTestId('import-error');
    await expect(error).toHaveText(message);
    await expect(page.getByTestId('import-status')).toHaveCount(0);
    expect(await allCells(page), `${name} changes nothing`).toEqual(before);
    await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  };
  await refuse('broken.json', '{"schema": 1, "app": "cost-per-token", "scenario": {', /^broken\.json was not imported: not JSON at line 1, column \d+/);
  await refuse('empty.json', '   ', /^empty\.json was not imported: the file is empty/);
  await refuse('other.json', '{"schema": 1, "app": "spreadsheet", "scenario": {}}', /^other\.json was not imported: the file was made by "spreadsheet", not by Cost per token/);
  await refuse('list.json', '[1, 2]', /^list\.json was not imported: the file holds a list/);
  await refuse('future.json', '{"schema": 99, "app": "cost-per-token", "scenario": {}}', /^future\.json was not imported: schema 99 is newer than this app understands/);

  // A real export with one value out of range names the platform and the key.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const good = JSON.parse(await savedText(download));
  good.scenario.platforms[1].tps = 0;
  await refuse('range.json', JSON.stringify(good), /^range\.json was not imported: platform 2: tps 0 is out of range \(0\.001 to 10,000,000\)/);
  good.scenario.platforms[1].tps = 5000;
  good.scenario.baseline = 7;
  await refuse('base.json', JSON.stringify(good), /^base\.json was not imported: baseline 7 does not exist/);
});

test('CSV export holds the results with platform names and full-precision numbers', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe('cost-per-token.csv');
  const text = (await savedText(download)).replace(/^\uFEFF/, '');
  const rows = text.split(/\r?\n/).filter((l) => l.length > 0);
  expect(rows[0]).toBe(
    'metric,unit,NVIDIA HGX H200,NVIDIA GB300 NVL72,NVIDIA HGX H200 vs NVIDIA HGX H200,NVIDIA GB300 NVL72 vs NVIDIA HGX H200',
  );
  const costRow = rows.find((r) => r.startsWith('Cost per million tokens,'));
  expect(costRow, 'a cost per million tokens row').toBeTruthy();
  const cells = costRow!.split(',');
  expect(cells[1]).toBe('$');
  // Full precision, not the 3 digits of the page: 1.41 / (90 x 3600) x 1e6 and 2.65 / (6000 x 3600) x 1e6.
  expect(Number(cells[2])).toBeCloseTo(4.351851851851852, 12);
  expect(Number(cells[3])).toBeCloseTo(0.12268518518518519, 12);
  expect(cells[2].replace(/^0\.0*|\./g, '').length).toBeGreaterThanOrEqual(12);
  expect(cells[3].replace(/^0\.0*|\./g, '').length).toBeGreaterThanOrEqual(12);
  expect(cells.slice(4)).toEqual(['baseline', '35.5x lower']);
  const tpsRow = rows.find((r) => /^Token output per GPU,/.test(r) || /^Tokens per second/.test(r));
  expect(tpsRow, 'a throughput row').toBeTruthy();
  expect(tpsRow!.split(',').slice(2, 4)).toEqual(['90', '6000']);
  expect(rows[rows.length - 1]).toBe('FLOPS precision,,FP8 sparse,FP4 dense,,');
  expect(text).not.toMatch(/NaN|inf|undefined/i);
  await w.assertClean();
});

test('CSV export guards names that a spreadsheet would run as formulas', async ({ page }) => {
  await page.goto('./?name1=%3DHYPERLINK(%22x%22)&tps1=90&name2=A%2C%20B&tps2=6000');
  await ready(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const header = (await savedText(download)).replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  expect(header.startsWith('metric,unit,"\'=HYPERLINK(""x"")","A, B",')).toBe(true);
});

test('embed mode writes nothing to storage', async ({ page }) => {
  // Empty storage stays empty.
  await page.goto('./?v=1&preset1=h200&preset2=gb300&embed=1&view=cards,table');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('4000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('4.00K');
  await page.waitForTimeout(1000);
  expect(await storageDump(page)).toEqual({});

  // Stored state is neither read nor changed by an embed.
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('4500');
  await storedLastHasTps(page, 1, 4500);
  const stored = await storageDump(page);
  await page.goto('./?embed=1&view=cards,table');
  await ready(page);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('6000');
  await page.getByTestId('num-tps-2').fill('3000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('3.00K');
  await page.waitForTimeout(1000);
  expect(await storageDump(page)).toEqual(stored);
});

test('storage that throws (a sandboxed frame) is treated as absent', async ({ page }) => {
  const w = watch(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.35');
  await page.getByTestId('num-tps-2').fill('5000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('5.00K');
  await page.getByTestId('save-name').fill('Kept for now');
  await page.getByTestId('save-scenario').click();
  await expect(page.getByTestId('saved-error')).toContainText('does not allow storage');
  await page.waitForTimeout(600);
  await w.assertClean();
});
