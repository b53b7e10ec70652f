// Nothing saved is ever lost: saved scenarios are merged across tabs (each tab re-reads storage
// before it writes, and follows the others through the `storage` event), a full storage or one
// that refuses writes says why next to the action and changes nothing stored, the first
// release's stored document still loads, and every saved scenario goes to one file and back.
import { test, expect, Page, Download } from '@playwright/test';
import fs from 'node:fs';
import { ready, watch } from './helpers';

const LEGACY_KEY = 'cost-per-token:v1';
const LAST_KEY = 'cost-per-token:last';
const SAVED_PREFIX = 'cost-per-token:saved:';

async function savedNames(page: Page): Promise<string[]> {
  return (await page.getByTestId('saved-list').locator('.saved-name').allTextContents()).map((t) => t.trim());
}

/** Every key the app wrote, with its text. */
async function appStorage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      if (k.startsWith('cost-per-token:')) out[k] = localStorage.getItem(k)!;
    }
    return out;
  });
}

async function save(page: Page, name: string) {
  // Playwright's actions wait for animation frames, which a background tab gets slowly.
  await page.bringToFront();
  await page.getByTestId('save-name').fill(name);
  await page.getByTestId('save-scenario').click();
}

async function lastKeptTps(page: Page, index: number): Promise<number | null> {
  const text = (await appStorage(page))[LAST_KEY];
  return text ? JSON.parse(text).scenario.platforms[index].tps : null;
}

async function fileText(download: Download): Promise<string> {
  const file = await download.path();
  expect(file, 'the download completed').toBeTruthy();
  return fs.readFileSync(file!, 'utf8');
}

test('Plan A in one tab and Plan B in another: both kept and listed in every tab without a reload', async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  const watches = [watch(one), watch(two)];
  await one.goto('./');
  await ready(one);
  await two.goto('./');
  await ready(two);

  await save(one, 'Plan A');
  await expect(one.getByTestId('saved-status')).toHaveText('Saved "Plan A".');
  // The first save asks the browser to keep the data, and says what it answered.
  await expect(one.getByTestId('persist-status')).toHaveText(/^The browser (agreed|did not promise|cannot be asked)/);
  await expect.poll(() => savedNames(two), { message: 'tab 2 hears of Plan A' }).toEqual(['Plan A']);

  await two.getByTestId('num-tps-2').fill('5000');
  await save(two, 'Plan B');
  await expect(two.getByTestId('saved-status')).toHaveText('Saved "Plan B".');
  await expect.poll(() => savedNames(one), { message: 'tab 1 hears of Plan B' }).toEqual(['Plan A', 'Plan B']);

  // The step that lost Plan B: a change of a number in the first tab.
  await one.getByTestId('num-tps-2').fill('4000');
  await expect.poll(() => lastKeptTps(one, 1)).toBe(4000);
  const three = await context.newPage();
  await three.goto('./');
  await ready(three);
  expect(await savedNames(three)).toEqual(['Plan A', 'Plan B']);
  expect(await savedNames(one)).toEqual(['Plan A', 'Plan B']);
  expect(await savedNames(two)).toEqual(['Plan A', 'Plan B']);
  // A new tab opens with the last scenario of any tab; each tab keeps its own on reload.
  await expect(three.getByTestId('num-tps-2')).toHaveValue('4000');
  await two.reload();
  await ready(two);
  await expect(two.getByTestId('num-tps-2')).toHaveValue('5000');
  // The saves hold what each tab saved.
  await three.getByTestId('load-Plan B').click();
  await expect(three.getByTestId('num-tps-2')).toHaveValue('5000');
  await three.getByTestId('load-Plan A').click();
  await expect(three.getByTestId('num-tps-2')).toHaveValue('6000');
  for (const w of watches) await w.assertClean();
});

test('a rename and a delete in one tab show in the other, with a notice where the scenario is open', async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  const w = watch(one);
  await one.goto('./');
  await ready(one);
  await two.goto('./');
  await ready(two);
  await one.getByTestId('num-tps-2').fill('4200');
  await save(one, 'Plan A');
  await save(one, 'Other');
  await expect.poll(() => savedNames(two)).toEqual(['Plan A', 'Other']);
  await one.getByTestId('load-Plan A').click();
  await expect(one.getByTestId('saved-status')).toHaveText('Loaded "Plan A".');

  await two.bringToFront();
  const entry = two.getByTestId('saved-list').locator('li').filter({ hasText: 'Plan A' });
  await entry.getByRole('button', { name: 'Rename' }).click();
  await two.getByTestId('rename-input').fill('Plan C');
  await two.getByTestId('rename-input').press('Enter');
  await expect(two.getByTestId('saved-status')).toHaveText('Renamed to "Plan C".');
  await expect.poll(() => savedNames(one)).toEqual(['Plan C', 'Other']);
  await expect(one.getByTestId('notice')).toContainText(
    'saved: "Plan A", open in this tab, was renamed to "Plan C" in another tab',
  );
  await one.getByTestId('notice-dismiss').click();

  await two.getByTestId('delete-Plan C').click();
  await expect.poll(() => savedNames(one)).toEqual(['Other']);
  await expect(one.getByTestId('notice')).toContainText('saved: "Plan C", open in this tab, was deleted in another tab');
  // What is on screen stays, and can be saved again.
  await expect(one.getByTestId('num-tps-2')).toHaveValue('4200');
  await save(one, 'Plan C');
  await expect.poll(() => savedNames(two)).toEqual(['Other', 'Plan C']);
  await w.assertClean();
});

test('a full storage: the save says why next to the button and nothing stored before changes', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await save(page, 'Plan A');
  await expect(page.getByTestId('saved-status')).toHaveText('Saved "Plan A".');
  // Fill what is left of the storage.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1 << 4, 1]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler:${n++}`, chunk);
      } catch {
        // full at this size: try a smaller one
      }
    }
    return n;
  });
  expect(filled).toBeGreaterThan(5);
  const before = await appStorage(page);

  await page.getByTestId('num-tps-2').fill('5000');
  await save(page, 'Plan B');
  const error = page.getByTestId('saved-error');
  await expect(error).toContainText('"Plan B" was not saved: the browser\'s storage for this page is full');
  await expect(error).toContainText('nothing stored before was changed');
  // The message sits with the save form, where the user acted.
  await expect(page.locator('.save-form + [data-testid="saved-error"]')).toHaveCount(1);
  await expect(page.getByTestId('save-name')).toHaveValue('Plan B');
  expect(await savedNames(page)).toEqual(['Plan A']);
  const after = await appStorage(page);
  for (const key of Object.keys(before).filter((k) => k.startsWith(SAVED_PREFIX))) {
    expect(after[key], key).toBe(before[key]);
  }
  expect(Object.keys(after).filter((k) => k.startsWith(SAVED_PREFIX))).toHaveLength(1);

  // Room again: the same save goes through, and both are there after a reload.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler:')) localStorage.removeItem(k);
  });
  await page.getByTestId('save-scenario').click();
  await expect(page.getByTestId('saved-status')).toHaveText('Saved "Plan B".');
  await page.reload();
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan A', 'Plan B']);
  await w.assertClean();
});

test('storage that refuses every write (a private window): each action says why and nothing is lost', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('./');
  await ready(first);
  await save(first, 'Plan A');
  await expect(first.getByTestId('saved-status')).toHaveText('Saved "Plan A".');
  const before = await appStorage(first);

  const page = await context.newPage();
  const w = watch(page);
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Storage.prototype.removeItem = function () {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await page.goto('./');
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan A']);
  await page.getByTestId('num-tps-2').fill('5000');
  await expect(page.getByTestId('out-tps-2')).toHaveText('5.00K');

  await save(page, 'Plan B');
  await expect(page.getByTestId('saved-error')).toContainText('"Plan B" was not saved: the browser\'s storage');
  await expect(page.getByTestId('saved-error')).toContainText('Export JSON');
  expect(await savedNames(page)).toEqual(['Plan A']);

  await page.getByTestId('saved-list').getByRole('button', { name: 'Rename' }).click();
  await page.getByTestId('rename-input').fill('Plan Z');
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('entry-error')).toContainText('The new name was not saved: the browser\'s storage');

  await page.getByTestId('delete-Plan A').click();
  await expect(page.getByTestId('entry-error')).toContainText('"Plan A" was not deleted: the browser does not let this page store data');
  await expect(page.getByTestId('out-tps-2')).toHaveText('5.00K');

  // Nothing stored before changed.
  await page.waitForTimeout(600);
  expect(await appStorage(first)).toEqual(before);
  await first.reload();
  await ready(first);
  expect(await savedNames(first)).toEqual(['Plan A']);
  await w.assertClean();
});

test("the first release's stored document loads: its saves and last scenario come back", async ({ page }) => {
  const w = watch(page);
  const fixture = fs.readFileSync('tests/fixtures/stored-v1.json', 'utf8');
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('cost-per-token:v1', text);
    }
  }, fixture);
  await page.goto('./');
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan A', 'Plan B']);
  await expect(page.getByTestId('num-tps-2')).toHaveValue('4500');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await page.getByTestId('load-Plan B').click();
  await expect(page.getByTestId('name-1')).toHaveValue('My H200');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('2');
  await page.getByTestId('load-Plan A').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  // Moved to one key each, and the old document removed once everything was moved.
  const stored = await appStorage(page);
  expect(stored[LEGACY_KEY]).toBeUndefined();
  expect(Object.keys(stored).filter((k) => k.startsWith(SAVED_PREFIX))).toHaveLength(2);
  await page.reload();
  await ready(page);
  expect(await savedNames(page)).toEqual(['Plan A', 'Plan B']);
  await w.assertClean();
});

test('export every saved scenario to a file and import it back, asking before a name is replaced', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-tps-2').fill('5000');
  await save(page, 'Plan A');
  await page.getByTestId('num-tps-2').fill('4000');
  await save(page, 'Plan B');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-saved').click()]);
  expect(download.suggestedFilename()).toBe('cost-per-token-saved.json');
  await expect(page.getByTestId('backup-status')).toHaveText('Exported 2 saved scenarios to cost-per-token-saved.json.');
  const text = await fileText(download);
  const file = JSON.parse(text);
  expect(file.app).toBe('cost-per-token');
  expect(file.saved.map((s: { name: string }) => s.name)).toEqual(['Plan A', 'Plan B']);
  expect(file.saved[1].scenario.platforms[1].tps).toBe(4000);

  // Another state: Plan B deleted, Plan A saved again with other numbers.
  await page.getByTestId('delete-Plan B').click();
  await page.getByTestId('num-tps-2').fill('7000');
  await save(page, 'Plan A');
  expect(await savedNames(page)).toEqual(['Plan A']);

  const input = page.getByTestId('import-saved');
  await input.setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  // Plan B comes back at once; Plan A is asked about, with the focus on the safe answer.
  const question = page.getByTestId('import-confirm');
  await expect(question).toContainText('backup.json: a saved scenario is already called "Plan A". Replace it with the one from the file?');
  await expect(page.getByTestId('import-keep')).toBeFocused();
  expect(await savedNames(page)).toEqual(['Plan A', 'Plan B']);
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('import-replace')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId('backup-status')).toHaveText('backup.json: 1 added, 1 replaced.');
  await page.getByTestId('load-Plan A').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('5000');
  await page.getByTestId('load-Plan B').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('4000');

  // Again: both names are asked about; Escape and Enter on the focused answer keep them.
  await page.getByTestId('num-tps-2').fill('3000');
  await save(page, 'Plan B');
  await input.setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(question).toContainText('"Plan A"');
  await expect(question).toContainText('(2 names to decide)');
  await page.keyboard.press('Escape');
  await expect(question).toContainText('"Plan B"');
  await expect(page.getByTestId('import-keep')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('backup-status')).toHaveText('backup.json: 0 added, 2 kept as saved here.');
  await expect(page.getByTestId('import-saved')).toBeFocused();
  await page.getByTestId('load-Plan B').click();
  await expect(page.getByTestId('num-tps-2')).toHaveValue('3000');

  // A file that is not a backup is refused, naming the problem; nothing changes.
  await input.setInputFiles({ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from('{"schema":1,"app":"cost-per-token","scenario":{}}') });
  await expect(page.getByTestId('backup-error')).toHaveText('one.json was not imported: the file holds one scenario, not saved scenarios: open it with Import JSON.');
  expect(await savedNames(page)).toEqual(['Plan A', 'Plan B']);
  await w.assertClean();
});
