// Browser fuzz test: hundreds of random links, each followed by random typing into number
// boxes and moving of sliders. For every one: no uncaught error, no panic, no console error, no
// NaN / Infinity / inf / undefined on the page, no empty output cell, no HTML from a link run as
// HTML, and the page still answers a slider.
//
// Deterministic: a fixed seed drives a mulberry32 PRNG. The seed is printed; replay a run with
//   FUZZ_SEED=<seed> npx playwright test tests/e2e/fuzz.spec.ts --workers=1
// and change the number of links with FUZZ_LINKS (default 300). A failure prints the seed, the
// iteration, the link and the actions taken before it.
//
// Each link opens in a fresh state: an init script clears localStorage and sessionStorage (where
// the tab keeps its last scenario, which a link without keys would bring back) before the app
// starts, so a failing link reproduces on its own (open it in a new private window). Service workers are
// blocked: they have their own tests (offline.spec.ts) and only add noise to 300 navigations.
import { test, expect, Page } from '@playwright/test';
import { BASE_URL } from '../../playwright.config';
import { renderSkipped, unrenderSkipped } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20260808) >>> 0;
const LINKS = Number(process.env.FUZZ_LINKS ?? 300);

/** mulberry32: a small, fast, deterministic 32-bit PRNG. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    // lo..hi inclusive
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

// The real keys of the link format (README "Links"), per platform and page-wide.
const PLATFORM_KEYS = [
  'name', 'preset', 'prec', 'mode', 'power', 'usd_hr', 'tps', 'kw', 'pflops', 'util', 'capex', 'years',
  'rate', 'opex', 'hbm', 'hbm_gb', 'prefill', 'io_ratio', 'curve', 'tier', 'wprec', 'gpus', 'batch',
  'ctx', 'mtp', 'm_bytes', 'usd_hr_lo', 'usd_hr_hi', 'tps_lo', 'tps_hi', 'kw_lo', 'kw_hi', 'util_lo',
  'util_hi', 'log_gpu_h', 'log_tokens', 'log_usd',
] as const;
const PAGE_KEYS = [
  'v', 'base', 'embed', 'view', 'theme', 'usd_kwh', 'pue', 'site_mw', 'price', 'grid_g_kwh', 'api_in',
  'api_out', 'usd_kwh_lo', 'usd_kwh_hi', 'pue_lo', 'pue_hi', 'grid_g_kwh_lo', 'grid_g_kwh_hi',
  'api_in_lo', 'api_in_hi', 'api_out_lo', 'api_out_hi', 'wl', 'target', 'cap', 'in_tok', 'out_tok',
  'm_total', 'm_active', 'm_experts', 'm_k', 'm_bytes', 'm_kv', 'ctx', 'batch', 'gpus', 'mtp',
] as const;
const WORKLOADS = ['deepseek-r1-1k1k', 'deepseek-r1-8k1k', 'deepseek-r1-1k8k'];
const TIERS = ['own-hyperscaler-2025-08', 'own-neocloud-2026-07', 'rent-3yr-2026-07', 'seed', 'custom'];
const TRACKING_KEYS = ['utm_source', 'utm_campaign', 'fbclid', 'ref', 'gclid'];
const UNKNOWN_KEYS = [
  'foo', 'x1', 'tps', 'usd_hr', 'name', '__proto__', 'constructor', 'toString', 'tps1.5', 'tps-1',
  'TPS1', 'tps01', 'tps999999999', 'ñame1', '名前1', '', ' ', 'a%20b', '<b>1', 'embed1', 'base1',
];
const PRESETS = ['h100', 'h200', 'b200', 'gb200', 'gb300', 'mi300x', 'mi325x', 'mi355x'];
const PRECISIONS = ['fp8-dense', 'fp8-sparse', 'fp4-dense', 'fp4-sparse', 'other'];

// Values: in and out of range, specials, unicode, very long, and HTML/script fragments.
const HOSTILE = [
  '<img src=x onerror=window.__pwned=1>',
  '"><script>window.__pwned=1</script>',
  "'><svg onload=window.__pwned=1>",
  '<iframe srcdoc="<script>parent.__pwned=1</script>">',
  'javascript:window.__pwned=1',
  '{{7*7}}${window.__pwned=1}',
];
const SPECIAL_NUMBERS = [
  '', ' ', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e309', '-1e309', '1e-400', '0', '-0', '-1',
  '-1000', '0.0009', '0.001', '1000', '1000.0001', '1e7', '10000001', '1e5', '100000', '6k', '2.5M', '3T',
  '1,5', '6,000', '$1.41', '0x10', '1_000', '١٢٣', '１２３', '1e', 'e5', '.', '-', '+5', '5 000',
  '9'.repeat(400), '0.' + '0'.repeat(300) + '1',
];
const UNICODE = [
  'Ünïcödé ✓', '名前 🚀', '﷽', '\u202Eevil', 'zero\u200Bwidth', 'tab\tnew\nline', '𝕏'.repeat(70),
  'é'.repeat(61), ' padded ', '%', '%zz', '%FF%FE', '%00', '%E2%80%AE',
];

function randomNumber(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0: // log-uniform over a wide span, in and out of every range
      return String(Number((10 ** (rng.float() * 16 - 6)).toPrecision(rng.int(1, 8))));
    case 1:
      return String(-Number((10 ** (rng.float() * 8 - 3)).toPrecision(3)));
    case 2:
      return String(rng.int(0, 1000));
    case 3:
      return (rng.float() * 100).toFixed(rng.int(0, 4));
    default:
      return rng.pick(SPECIAL_NUMBERS);
  }
}

function randomText(rng: Rng, maxLen: number): string {
  const pools = [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCXYZ0123456789 .,-_',
    'éüñßøåçÆŒ',
    '名前計算機日本語中文',
    '🚀💡✓★',
    '<>"\'&;=#?/%+',
  ];
  const len = rng.int(0, maxLen);
  let out = '';
  for (let i = 0; i < len; i++) {
    const pool = rng.pick(pools);
    out += Array.from(pool)[rng.int(0, Array.from(pool).length - 1)];
  }
  return out;
}

/** Names are shown on the page, so they must not spell a word the page checks for. */
function safeName(text: string): string {
  return text.replace(/nan|inf|undefined/gi, 'x');
}

function randomValue(rng: Rng, key: string): string {
  const base = key.replace(/\d+$/, '');
  const r = rng.float();
  if (base === 'name') {
    if (r < 0.3) return rng.pick(HOSTILE);
    if (r < 0.5) return safeName(rng.pick(UNICODE));
    if (r < 0.6) return 'N'.repeat(rng.int(55, 300));
    return safeName(randomText(rng, 70));
  }
  if (base === 'preset') return r < 0.8 ? rng.pick(PRESETS) : rng.pick([...SPECIAL_NUMBERS, 'h300', 'H200', '']);
  if (base === 'prec') return r < 0.8 ? rng.pick(PRECISIONS) : rng.pick(['fp16', 'FP8-DENSE', '', 'NaN']);
  if (base === 'mode') return r < 0.8 ? rng.pick(['rent', 'own']) : rng.pick(['buy', '', 'OWN']);
  if (base === 'power') return r < 0.8 ? rng.pick(['all-in', 'it']) : rng.pick(['dc', '', 'IT']);
  if (base === 'embed') return r < 0.7 ? rng.pick(['0', 'false']) : rng.pick(['1', 'true', 'yes', '']);
  if (base === 'view') {
    const parts = ['headline', 'table', 'chart', 'cards', 'x', '', 'TABLE'];
    return Array.from({ length: rng.int(0, 4) }, () => rng.pick(parts)).join(',');
  }
  if (base === 'wl') return r < 0.8 ? rng.pick(WORKLOADS) : rng.pick(['', 'deepseek-r1', 'NaN']);
  if (base === 'tier') return r < 0.8 ? rng.pick(TIERS) : rng.pick(['rent-3yr', '2025-08', '', 'NaN']);
  if (base === 'wprec') return rng.pick(['fp4', 'fp8', 'fp16', '']);
  if (base === 'theme') return rng.pick(['light', 'dark', 'auto', 'x', '']);
  if (base === 'v') return rng.pick(['1', '2', '', '1.0', 'NaN']);
  if (base === 'base') return String(rng.pick([rng.int(-1, 16), 'NaN', '', '1e3', '2']));
  if (base === 'curve') {
    if (r < 0.2) return '';
    if (r < 0.3) return rng.pick(SPECIAL_NUMBERS);
    const n = rng.int(0, 35);
    return Array.from({ length: n }, () => `${randomNumber(rng)}:${randomNumber(rng)}`).join(';');
  }
  if (r < 0.75) return randomNumber(rng);
  if (r < 0.85) return rng.pick(UNICODE);
  if (r < 0.92) return rng.pick(HOSTILE);
  return randomText(rng, 30);
}

function randomKey(rng: Rng): string {
  const r = rng.float();
  if (r < 0.65) return `${rng.pick(PLATFORM_KEYS)}${rng.int(0, 15)}`;
  if (r < 0.87) return rng.pick(PAGE_KEYS);
  if (r < 0.92) return rng.pick(TRACKING_KEYS);
  return rng.pick(UNKNOWN_KEYS);
}

/** A random query string: mostly well encoded, sometimes raw text. */
function randomLink(rng: Rng): string {
  const pairs: string[] = [];
  const count = rng.int(0, 30);
  for (let i = 0; i < count; i++) {
    const key = randomKey(rng);
    // Embeds show no sliders: keep them to a few links.
    if (key === 'embed' && rng.chance(0.6)) continue;
    const value = randomValue(rng, key);
    const style = rng.float();
    if (style < 0.8) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    else if (style < 0.95) pairs.push(`${key}=${value.replace(/[#&]/g, encodeURIComponent)}`);
    else pairs.push(key);
  }
  return pairs.join('&');
}

interface Inspection {
  badWords: string[];
  emptyCells: string[];
  outCells: number;
  panic: boolean;
  pwned: unknown;
  injected: number;
}

/** The checks that run in the page. Text the user controls (the notice, which quotes bad values
 * with their keys, and the messages under fields, which quote what was typed) is left out of the
 * word check; names never spell the words (safeName). */
async function inspect(page: Page): Promise<Inspection> {
  // The word check reads innerText, which leaves out off-screen sections unless rendered.
  await page.evaluate(renderSkipped);
  const inspection = await page.evaluate(() => {
    let text = document.body.innerText;
    document
      .querySelectorAll<HTMLElement>('.notice, [data-testid^="err-"], .field-error, [data-testid^="curve-err-"]')
      .forEach((el) => {
        const own = el.innerText;
        if (own) text = text.split(own).join(' ');
      });
    const badWords = Array.from(text.matchAll(/\b(NaN|Infinity|inf|undefined)\b/g)).map((m) => {
      const at = m.index ?? 0;
      return JSON.stringify(text.slice(Math.max(0, at - 40), at + 40));
    });
    const cells = Array.from(document.querySelectorAll('[data-testid^="out-"]'));
    const emptyCells = cells
      .filter((el) => (el.textContent ?? '').trim() === '')
      .map((el) => el.getAttribute('data-testid') ?? '?');
    const injected =
      document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], [onerror], [onload]').length +
      Array.from(document.scripts).filter((s) => (s.textContent ?? '').includes('__pwned')).length;
    return {
      badWords,
      emptyCells,
      outCells: cells.length,
      panic: document.querySelector('[data-testid="panic"]') !== null,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected,
    };
  });
  await page.evaluate(unrenderSkipped);
  return inspection;
}

/** Test ids of the visible controls matching a selector. */
async function visibleIds(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll<HTMLInputElement>(sel))
      .filter((el) => !el.disabled && el.checkVisibility() && el.getBoundingClientRect().width > 0)
      .map((el) => el.getAttribute('data-testid') ?? '')
      .filter((id) => id !== '');
  }, selector);
}

async function randomActions(page: Page, rng: Rng, log: string[]) {
  const steps = rng.int(0, 4);
  for (let s = 0; s < steps; s++) {
    if (rng.chance(0.5)) {
      const boxes = await visibleIds(page, 'input[data-testid^="num-"]');
      if (boxes.length === 0) continue;
      const id = rng.pick(boxes);
      const value = rng.chance(0.8) ? randomNumber(rng) : rng.pick([...UNICODE, ...HOSTILE]);
      log.push(`type ${JSON.stringify(value)} into ${id}`);
      await page.getByTestId(id).fill(value, { timeout: 3000 });
      if (rng.chance(0.3)) {
        log.push('blur');
        await page.getByTestId(id).blur();
      }
    } else {
      const sliders = await visibleIds(page, 'input[type="range"][data-testid^="in-"]');
      if (sliders.length === 0) continue;
      const id = rng.pick(sliders);
      if (rng.chance(0.5)) {
        const position = String(rng.pick([0, 1000, rng.int(0, 1000)]));
        log.push(`move ${id} to ${position}`);
        await page.getByTestId(id).fill(position, { timeout: 3000 });
      } else {
        const key = rng.pick(['ArrowRight', 'ArrowLeft', 'PageUp', 'PageDown', 'Home', 'End']);
        const times = rng.int(1, 5);
        log.push(`press ${key} x${times} on ${id}`);
        await page.getByTestId(id).focus({ timeout: 3000 });
        for (let k = 0; k < times; k++) await page.keyboard.press(key);
      }
    }
  }
}

/** Move the tps slider of platform 1 and see the page answer. */
async function slidersRespond(page: Page, log: string[]): Promise<string | null> {
  const slider = page.getByTestId('in-tps-1');
  if ((await slider.count()) === 0) {
    return (await page.locator('.embed').count()) > 0 ? null : 'no slider in-tps-1 outside an embed';
  }
  if (!(await slider.isVisible())) return null;
  const before = {
    position: Number(await slider.inputValue()),
    box: await page.getByTestId('num-tps-1').inputValue(),
    out: (await page.getByTestId('out-tps-1').textContent())?.trim() ?? '',
  };
  const to = before.position < 500 ? before.position + 300 : before.position - 300;
  log.push(`check: move in-tps-1 from ${before.position} to ${to}`);
  await slider.fill(String(to), { timeout: 3000 });
  try {
    await expect(page.getByTestId('num-tps-1')).not.toHaveValue(before.box, { timeout: 3000 });
  } catch {
    return `num-tps-1 stayed ${JSON.stringify(before.box)} after moving in-tps-1`;
  }
  // With a target interactivity set, a platform with a measured curve reads its throughput off
  // the curve and says so (curve-note-1); then out-tps-1 follows the curve, not the slider.
  if ((await page.getByTestId('curve-note-1').count()) > 0) return null;
  // Logs that set the throughput win over the card's figure, and the card says so.
  if ((await page.getByTestId('logs-tps-note-1').count()) > 0) return null;
  try {
    await expect(page.getByTestId('out-tps-1')).not.toHaveText(before.out, { timeout: 3000 });
  } catch {
    return `out-tps-1 stayed ${JSON.stringify(before.out)} after moving in-tps-1`;
  }
  return null;
}

test.use({ serviceWorkers: 'block' });

test(`fuzz: ${LINKS} random links and inputs (seed ${SEED})`, async ({ page }) => {
  test.setTimeout(Math.max(300_000, LINKS * 2_000));
  console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${LINKS} links`);
  test.info().annotations.push({ type: 'fuzz seed', description: String(SEED) });
  const rng = new Rng(SEED);

  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== new URL(BASE_URL).origin) problems.push(`request outside the origin: ${r.url()}`);
  });
  // Every link starts from a clean slate, so a failure reproduces from its link alone.
  await page.addInitScript(() => {
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch {
      // storage may throw; the app treats it as absent
    }
  });

  const failures: string[] = [];
  let sliderChecks = 0;
  const started = Date.now();
  for (let i = 0; i < LINKS; i++) {
    const query = randomLink(rng);
    const link = `./?${query}`;
    const log: string[] = [];
    problems.length = 0;
    const fail = (why: string) =>
      failures.push(
        `seed ${SEED}, link #${i}: ${why}\n  link: ${new URL(link, BASE_URL).href}\n  actions: ${log.join('; ') || 'none'}`,
      );
    try {
      await page.goto(link, { waitUntil: 'commit' });
      await page.waitForSelector('main, [data-testid="panic"]', { timeout: 15_000 });
      const checkAll = async (when: string) => {
        const r = await inspect(page);
        if (r.panic) fail(`${when}: the panic message is shown`);
        if (r.pwned !== undefined) fail(`${when}: window.__pwned = ${String(r.pwned)}: HTML from the link ran`);
        if (r.injected > 0) fail(`${when}: ${r.injected} element(s) injected from the link`);
        if (r.badWords.length) fail(`${when}: the page shows ${r.badWords.slice(0, 3).join(', ')}`);
        if (r.emptyCells.length) fail(`${when}: empty output cells ${r.emptyCells.slice(0, 5).join(', ')}`);
        if ((await page.locator('.embed').count()) === 0 && r.outCells === 0) fail(`${when}: no output cell`);
        if (problems.length) fail(`${when}: ${problems.splice(0).slice(0, 3).join(' | ')}`);
      };
      await checkAll('after loading');
      await randomActions(page, rng, log);
      const stuck = await slidersRespond(page, log);
      if (stuck) fail(stuck);
      else if (log.some((l) => l.startsWith('check:'))) sliderChecks++;
      await checkAll('after the actions and the slider check');
    } catch (e) {
      fail(`error: ${(e as Error).message.split('\n')[0]}`);
    }
    if (failures.length >= 20) break;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${LINKS} links in ${seconds} s, slider answered on ${sliderChecks}; ${failures.length} failure(s)`);
  for (const f of failures) console.log(`FUZZ FAILURE ${f}`);
  expect(failures, `seed ${SEED}: replay with FUZZ_SEED=${SEED}`).toEqual([]);
});
