#!/usr/bin/env node
// The measuring half of scripts/bench (which builds dist/, serves it and bench/, then runs this).
// It drives /usr/bin/chromium headless through playwright-core, measures the app and the plain
// JS reference page (bench/reference.html) in the same run, prints a markdown report and writes
// it to bench/RESULTS.md, keeping the "History" table at its end. The method is described in
// method() below, whose text is also written into RESULTS.md. It never fails on a missed budget:
// exit 0 when it measured (even with errors noted in the report), 1 when it crashed, 2 on bad options.
//
//   node bench/run.mjs --app URL --ref URL [options]
//     --app URL          the app (dist/ served), e.g. http://127.0.0.1:4300/ (omit: reference only)
//     --base URL         a baseline build of the app (an older dist/ served), measured in the same run
//                        and interleaved with the app (app, baseline, baseline, app: halves of the
//                        moves each), so "is this change slower?" is answered by one run
//     --base-dist DIR    the baseline's dist/, for its size
//     --base-name TEXT   what the baseline is (e.g. its commit), for the report
//     --ref URL          the reference page, e.g. http://127.0.0.1:4301/reference.html
//     --dist DIR         the dist/ whose files are sized (default: dist)
//     --ref-file FILE    the reference page's file, for its size (default: bench/reference.html)
//     --out FILE         where the report goes (default: bench/RESULTS.md; "-" for stdout only)
//     --commit TEXT      the commit measured (scripts/bench passes `git rev-parse --short HEAD`)
//     --note TEXT        a line added to the report (e.g. "dist/ reused, built ...")
//     --moves N          measured slider moves per scenario (default 200)
//     --warmup N         unmeasured moves first (default 20)
//     --loads N          fresh loads for "ready" (default 5; one more, unmeasured, warms Chromium)
//     --platforms LIST   platform counts for the move scenarios (default 2,6,12)
//     --chromium PATH    the browser (default /usr/bin/chromium or $CHROMIUM_PATH)
import { chromium } from 'playwright-core';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

// ---- options -------------------------------------------------------------------------------
const opts = {
  app: null,
  ref: null,
  base: null,
  baseDist: null,
  baseName: 'baseline',
  dist: 'dist',
  refFile: 'bench/reference.html',
  out: 'bench/RESULTS.md',
  commit: 'unknown',
  note: '',
  moves: 200,
  warmup: 20,
  loads: 5,
  platforms: [2, 6, 12],
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};
function parseOptions() {
  const argv = process.argv.slice(2);
  const names = {
    '--app': 'app', '--ref': 'ref', '--dist': 'dist', '--ref-file': 'refFile', '--out': 'out',
    '--commit': 'commit', '--note': 'note', '--moves': 'moves', '--warmup': 'warmup',
    '--loads': 'loads', '--platforms': 'platforms', '--chromium': 'chromium',
    '--base': 'base', '--base-dist': 'baseDist', '--base-name': 'baseName',
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    if (flag === '-h' || flag === '--help') {
      console.log('usage: node bench/run.mjs --app URL --ref URL [--dist DIR] [--base URL --base-dist DIR --base-name TEXT] [--out FILE] [--commit TEXT]' +
        ' [--note TEXT] [--moves N] [--warmup N] [--loads N] [--platforms 2,6,12] [--chromium PATH]');
      process.exit(0);
    }
    const key = names[flag];
    if (!key) { console.error(`run.mjs: unknown option ${flag}`); process.exit(2); }
    if (value === undefined) value = argv[++i];
    if (value === undefined) { console.error(`run.mjs: ${flag} needs a value`); process.exit(2); }
    if (['moves', 'warmup', 'loads'].includes(key)) value = Number(value);
    if (key === 'platforms') value = value.split(',').map(Number);
    opts[key] = value;
  }
  if (!opts.app && !opts.ref) { console.error('run.mjs: give --app URL and/or --ref URL'); process.exit(2); }
  if (opts.base && !opts.app) { console.error('run.mjs: --base needs --app (the baseline is compared with it)'); process.exit(2); }
  if (!(opts.moves >= 1 && opts.loads >= 1 && opts.warmup >= 0) ||
    !opts.platforms.every((n) => Number.isInteger(n) && n >= 1 && n <= 12)) {
    console.error('run.mjs: --moves and --loads must be >= 1, --warmup >= 0, --platforms in 1..12');
    process.exit(2);
  }
}

const VIEWPORT = { width: 1280, height: 900 };
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const KB = 1024;
const BUDGET = { brotliKB: 220, readyMs: 250, moveP95: { 2: 8, 12: 16 } };
const READY_SELECTOR = '[data-testid="out-cost_per_mtok-1"]';
const SLIDER = (i) => `[data-testid="in-tps-${i}"]`;
// Slider positions (0..1000, log scale) the moves cycle through: every move changes the value.
const POSITIONS = [400, 600, 450, 650, 500, 700, 550, 350];
const HOPS = 32; // microtask hops awaited after the event (see method())
const VALIDATION_MOVES = 5;
const LOAD_TIMEOUT = 30_000;

// Links for n platforms: catalogue presets, with a throughput for those that have none.
const LINK_PLATFORMS = [
  ['h200'], ['gb300'], ['b200', 1000], ['gb200', 2500], ['mi300x', 150], ['mi355x', 1500],
  ['h100', 80], ['mi325x', 200], ['b200', 1800], ['gb300', 4000], ['h200', 120], ['gb200', 3000],
];
function link(n) {
  const q = [];
  LINK_PLATFORMS.slice(0, n).forEach(([preset, tps], k) => {
    q.push(`preset${k + 1}=${preset}`);
    if (tps) q.push(`tps${k + 1}=${tps}`);
  });
  return `?${q.join('&')}`;
}

// ---- small helpers -------------------------------------------------------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
// Nearest-rank percentile: the smallest value with at least p% of the values at or below it.
function pct(xs, p) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const ms = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const kb = (bytes) => (Number.isFinite(bytes) ? (bytes / KB).toFixed(1) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}x` : 'n/a');
const log = (...a) => console.error('bench:', ...a); // progress to stderr; the report to stdout

// ---- transfer sizes ------------------------------------------------------------------------
const COUNTED = ['html', 'js', 'wasm', 'css'];
async function listFiles(dir) {
  const out = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // trunk's .stage and the like
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
async function sizeOf(file) {
  const data = await fs.readFile(file);
  const gzip = zlib.gzipSync(data, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }).length;
  const ext = path.extname(file).slice(1).toLowerCase();
  return { file, ext, raw: data.length, gzip, brotli };
}
async function sizes(files) {
  const rows = await Promise.all(files.map(sizeOf));
  const byType = {};
  for (const t of COUNTED) byType[t] = { raw: 0, gzip: 0, brotli: 0, files: 0 };
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of rows) {
    if (!COUNTED.includes(r.ext)) continue;
    for (const k of ['raw', 'gzip', 'brotli']) { byType[r.ext][k] += r[k]; total[k] += r[k]; }
    byType[r.ext].files++;
  }
  return { rows, byType, total };
}

// ---- in-page code --------------------------------------------------------------------------
// Installed before any page script (addInitScript). Records when the first result cell has text
// (a MutationObserver on the whole document) and the start of the next animation frame after it.
function readyHook(selector) {
  const b = (window.__benchReady = { ready: null, frame: null });
  const check = () => {
    const el = document.querySelector(selector);
    if (!el || el.textContent.trim() === '') return;
    b.ready = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => { b.frame = performance.now(); });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true });
}

// Installed before any page script (addInitScript): wraps requestAnimationFrame and
// ResizeObserver so the benchmark sees the page's frame work:
// - pending(): frame callbacks the page asked for and that have not run yet (work left for a
//   later frame); lastEnd: when the page's last one ended; firstStart: when the first one after
//   the benchmark reset it to null started;
// - roTime: the total time of the page's ResizeObserver callbacks, each with the microtasks it
//   queued (they run in the same frame, after layout).
// The benchmark's own callbacks and observers use the originals, kept in __benchHook.
function pageHook() {
  const raf = window.requestAnimationFrame.bind(window);
  const caf = window.cancelAnimationFrame.bind(window);
  const RO = window.ResizeObserver;
  const pending = new Set();
  const b = (window.__benchHook = {
    raf, RO, registered: 0, lastEnd: 0, firstStart: null, roTime: 0, pending: () => pending.size,
  });
  window.requestAnimationFrame = function requestAnimationFrame(cb) {
    const id = raf((ts) => {
      pending.delete(id);
      const start = performance.now();
      if (b.firstStart === null) b.firstStart = start;
      try { return cb(ts); } finally { b.lastEnd = performance.now(); }
    });
    pending.add(id);
    b.registered++;
    return id;
  };
  window.cancelAnimationFrame = function cancelAnimationFrame(id) { pending.delete(id); return caf(id); };
  window.ResizeObserver = class ResizeObserver extends RO {
    constructor(cb) {
      super(function observed(entries, observer) {
        const start = performance.now();
        try {
          return cb.call(this, entries, observer);
        } finally {
          (async () => {
            for (let i = 0; i < 8; i++) await null; // the microtasks the callback queued
            b.roTime += performance.now() - start;
          })();
        }
      });
    }
  };
}

// Runs in the page: `count` slider moves, one at a time, each timed as described in the
// report's Method section. With `dry`, the same steps without setting the slider or dispatching
// the event: the floor of the measurement itself. With `validate`, every canvas is read before
// the move and again at the end of the measured frame, to check that each chart was redrawn
// within that frame.
async function moveLoop({ selector, positions, count, hops, dry, validate, chartSelector, cellSelector }) {
  const B = window.__benchHook;
  if (!B) throw new Error('the page hook is not installed');
  const { raf, RO } = B;
  const slider = document.querySelector(selector);
  if (!slider) throw new Error(`no element ${selector}`);
  const canvases = [...document.querySelectorAll(chartSelector)];
  const snap = () => canvases.map((c) => { try { return c.toDataURL(); } catch { return null; } });
  const cellText = () => document.querySelector(cellSelector)?.textContent ?? null;
  const nextTask = () => new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(performance.now()); };
    ch.port2.postMessage(null);
  });
  // Called in a frame callback: resolves in the same frame, after every frame callback, style,
  // layout, pre-paint and the page's ResizeObserver callbacks (a new observer's first
  // notification comes in the frame it was created in, after the older observers').
  const observerPhaseEnd = () => new Promise((resolve) => {
    new RO((_, ro) => {
      ro.disconnect();
      void document.body.offsetHeight; // any style or layout still pending
      resolve(performance.now());
    }).observe(document.documentElement);
  });

  const out = [];
  let k = 0;
  for (let m = 0; m < count; m++) {
    let value = positions[k++ % positions.length];
    if (String(value) === slider.value) value = positions[k++ % positions.length];
    const before = validate ? { canvases: snap(), cell: cellText() } : null;
    const r = { value };
    // A: registered before the event, so it is the first callback of the next frame.
    let ro0 = 0;
    const frame = new Promise((resolve) => raf(() => {
      r.frameStart = performance.now();
      ro0 = B.roTime;
      resolve(observerPhaseEnd());
    }));
    const registered0 = B.registered;
    const t0 = performance.now();
    if (!dry) {
      slider.value = String(value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const t1 = performance.now();
    for (let h = 0; h < hops; h++) await null; // the page's microtasks run in between
    const t2 = performance.now();
    const t3 = await nextTask(); // a task: every microtask is done, and the tasks queued before it
    if (r.frameStart === undefined) {
      // Z: registered after the page's own frame callbacks for this move, so it runs after them
      // in the same frame; it forces the frame's style and layout and marks their end.
      raf(() => {
        void document.body.offsetHeight;
        r.zEnd = performance.now();
      });
    }
    r.observerEnd = await frame;
    r.pendingAfter = B.pending();
    r.roInFrame = B.roTime - ro0;
    if (validate) {
      r.chartsChanged = snap().filter((d, i) => d !== before.canvases[i]).length;
      r.cellChanged = cellText() !== before.cell;
    }
    // The frame's work ends at Z, plus the page's ResizeObserver callbacks after it; or, when Z
    // was not registered in time or a page frame callback ran after it, at the observer phase's
    // end (which then also holds pre-paint).
    const zLast = r.zEnd !== undefined && !(B.lastEnd > r.zEnd);
    r.endBy = zLast ? 'layout' : 'observer';
    r.frame = zLast ? r.zEnd - r.frameStart + r.roInFrame : r.observerEnd - r.frameStart;
    r.sync = t1 - t0;
    r.micro = t2 - t1;
    r.frameFirst = r.frameStart < t3; // the frame came before our task: the tail is unknown
    r.tail = r.frameFirst ? 0 : t3 - t2;
    r.idle = r.frameStart - (r.frameFirst ? t2 : t3);
    r.total = r.sync + r.micro + r.tail + r.frame;
    r.rafs = B.registered - registered0;
    r.t0 = t0; // for cross-checks against a trace

    // Work left for later frames (the page asked for another frame callback during this one):
    // let those frames run before the next move, and time each from the start of the page's
    // first callback to a forced layout after its last, plus its ResizeObserver callbacks.
    r.later = 0;
    r.laterFrames = 0;
    while (B.pending() > 0 && r.laterFrames < 10) {
      B.firstStart = null;
      const roBefore = B.roTime;
      const layoutEnd = await new Promise((resolve) => raf(() => {
        void document.body.offsetHeight;
        const end = performance.now();
        observerPhaseEnd().then(() => resolve(end));
      }));
      r.laterFrames++;
      r.later += (B.firstStart !== null ? layoutEnd - B.firstStart : 0) + (B.roTime - roBefore);
    }
    out.push(r);
    await nextTask(); // the frame finishes (paint) before the next move
  }
  return out;
}

// The smallest step of performance.now() seen, in ms, and whether the page is isolated.
function timerResolution() {
  let step = Infinity;
  let last = performance.now();
  for (let i = 0; i < 20000 && step > 0.001; i++) {
    const t = performance.now();
    if (t > last) { step = Math.min(step, t - last); last = t; }
  }
  return { isolated: self.crossOriginIsolated === true, step };
}

// Puts the charts in the viewport (all of them if they fit) and says which are visible.
function chartsInView(chartSelector) {
  const canvases = [...document.querySelectorAll(chartSelector)];
  const rects = () => canvases.map((c) => c.getBoundingClientRect());
  if (canvases.length) {
    const rs = rects();
    const top = Math.min(...rs.map((r) => r.top)) + scrollY;
    const bottom = Math.max(...rs.map((r) => r.bottom)) + scrollY;
    const target = bottom - top <= innerHeight ? top - (innerHeight - (bottom - top)) / 2 : top - 8;
    scrollTo(0, Math.max(0, target));
  }
  const rs = rects();
  const shown = canvases.map((c, i) => {
    const r = rs[i];
    const st = getComputedStyle(c);
    const rendered = r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
    const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    const whole = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    return { rendered, inView, whole, w: Math.round(r.width), h: Math.round(r.height) };
  });
  return {
    count: canvases.length,
    rendered: shown.filter((s) => s.rendered).length,
    inView: shown.filter((s) => s.rendered && s.inView).length,
    whole: shown.filter((s) => s.rendered && s.whole).length,
    sizes: shown.map((s) => `${s.w}x${s.h}`),
    pageHeight: document.documentElement.scrollHeight,
  };
}

// ---- measurements --------------------------------------------------------------------------
// `isolate`: the responses get COOP and COEP headers, so the page is cross-origin isolated and
// performance.now() has 5 us resolution instead of 100 us (Chromium's clamp otherwise). Only for
// the move measurements: the ready loads go to the server untouched.
async function newPage(browser, hooks, { isolate = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  for (const [fn, arg] of hooks) await context.addInitScript(fn, arg);
  if (isolate) {
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
      });
    });
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { context, page, errors };
}

// Ready: navigation start to the first result's text, in fresh contexts (empty cache; the
// server also sends Cache-Control: no-store). The first load only warms Chromium up.
async function measureReady(browser, url) {
  const loads = [];
  const errors = [];
  let failures = 0;
  for (let k = 0; k <= opts.loads && failures < 2; k++) {
    const { context, page, errors: errs } = await newPage(browser, [[readyHook, READY_SELECTOR]]);
    const requested = [];
    page.on('requestfinished', (r) => requested.push(new URL(r.url()).pathname));
    try {
      await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
      await page.waitForFunction(() => window.__benchReady && window.__benchReady.frame !== null, null,
        { timeout: LOAD_TIMEOUT });
      const r = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          ready: window.__benchReady.ready,
          frame: window.__benchReady.frame,
          responseEnd: nav?.responseEnd,
          domContentLoaded: nav?.domContentLoadedEventEnd,
          load: nav?.loadEventEnd,
        };
      });
      if (k > 0) loads.push({ ...r, requested });
    } catch (e) {
      failures++; // two failed loads: the page does not work, stop trying
      errors.push(`load ${k}: ${e.message.split('\n')[0]}`);
    }
    errors.push(...errs);
    await context.close();
  }
  const readies = loads.map((l) => l.ready);
  return {
    loads,
    errors: [...new Set(errors)],
    median: median(readies),
    frameMedian: median(loads.map((l) => l.frame)),
    dclMedian: median(loads.map((l) => l.domContentLoaded)),
    requested: loads[0]?.requested ?? [],
  };
}

function summarise(moves) {
  const totals = moves.map((m) => m.total);
  const part = (k) => median(moves.map((m) => m[k]));
  return {
    n: moves.length,
    p50: pct(totals, 50),
    p95: pct(totals, 95),
    max: Math.max(...totals),
    mean: mean(totals),
    parts: { sync: part('sync'), micro: part('micro'), tail: part('tail'), frame: part('frame'), idle: part('idle') },
    tailP95: pct(moves.map((m) => m.tail), 95),
    frameFirst: moves.filter((m) => m.frameFirst).length,
    byObserver: moves.filter((m) => m.endBy === 'observer').length,
    spilled: moves.filter((m) => m.laterFrames > 0).length,
    laterMedian: median(moves.filter((m) => m.laterFrames > 0).map((m) => m.later)),
    p95WithLater: pct(moves.map((m) => m.total + m.later), 95),
    rafsPerMove: median(moves.map((m) => m.rafs)),
  };
}

// One scenario: a fresh page with n platforms, warm-up, `count` measured moves, a floor, a check.
async function measureMoves(browser, baseUrl, n, count = opts.moves) {
  const url = new URL(link(n), baseUrl).href;
  const { context, page, errors } = await newPage(browser, [[pageHook]], { isolate: true });
  const result = { n, url, errors };
  try {
    await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await page.waitForFunction((s) => document.querySelector(s)?.textContent.trim(), READY_SELECTOR,
      { timeout: LOAD_TIMEOUT });
    result.timer = await page.evaluate(timerResolution);
    if (!result.timer.isolated) errors.push('not cross-origin isolated: performance.now() has 100 us steps');
    result.platforms = await page.locator('[data-testid^="in-tps-"]').count();
    if (result.platforms !== n) errors.push(`the link opened ${result.platforms} platforms, not ${n}`);
    // Charts: canvases inside .chart elements (any canvas if there is no .chart).
    const chartSelector = (await page.locator('.chart canvas').count()) > 0 ? '.chart canvas' : 'canvas';
    await sleep(300); // first chart drawing, fonts
    result.charts = await page.evaluate(chartsInView, chartSelector);
    await sleep(300); // the page settles after the scroll
    const common = { selector: SLIDER(1), positions: POSITIONS, hops: HOPS, chartSelector, cellSelector: READY_SELECTOR };
    if (opts.warmup) await page.evaluate(moveLoop, { ...common, count: opts.warmup, dry: false, validate: false });
    const moves = await page.evaluate(moveLoop, { ...common, count, dry: false, validate: false });
    result.raw = moves;
    const floor = await page.evaluate(moveLoop, { ...common, count: 50, dry: true, validate: false });
    const checks = await page.evaluate(moveLoop, { ...common, count: VALIDATION_MOVES, dry: false, validate: true });
    result.stats = summarise(moves);
    result.floor = summarise(floor);
    result.checks = {
      n: checks.length,
      allCharts: checks.filter((c) => c.chartsChanged === result.charts.count).length,
      minCharts: Math.min(...checks.map((c) => c.chartsChanged)),
      cell: checks.filter((c) => c.cellChanged).length,
    };
    result.charts.after = await page.evaluate(chartsInView, chartSelector);
  } catch (e) {
    errors.push(e.message.split('\n')[0]);
  }
  await context.close();
  result.errors = [...new Set(errors)];
  return result;
}

// Two runs of one scenario on two fresh pages (the halves of an interleaved measurement) as one:
// the moves of both, the first run's floor, checks and charts, the warnings of both.
function joinRuns(a, b) {
  if (!a.raw || !b.raw) return { ...a, errors: [...new Set([...a.errors, ...b.errors])] };
  const raw = [...a.raw, ...b.raw];
  return {
    ...a,
    raw,
    stats: summarise(raw),
    errors: [...new Set([...a.errors, ...b.errors])],
    checks: a.checks && b.checks ? {
      n: a.checks.n + b.checks.n,
      allCharts: a.checks.allCharts + b.checks.allCharts,
      minCharts: Math.min(a.checks.minCharts, b.checks.minCharts),
      cell: a.checks.cell + b.checks.cell,
    } : a.checks,
  };
}

// ---- the report ----------------------------------------------------------------------------
const method = () => `### Method

- **Browser**: \`/usr/bin/chromium\` headless through playwright-core, flags ${CHROMIUM_ARGS.map((a) => `\`${a}\``).join(' ')},
  viewport ${VIEWPORT.width}x${VIEWPORT.height}, device scale factor 1. The app (\`dist/\`) and the reference page
  (\`bench/reference.html\`) are served by \`scripts/static-server.mjs\` on 127.0.0.1 with \`Cache-Control: no-store\`
  and no compression; every page is opened in a fresh browser context (empty cache, no service worker).
- **Transfer**: every \`.html\`, \`.js\`, \`.wasm\` and \`.css\` file in \`dist/\` (what a static host would serve), raw,
  gzip (level 9) and brotli (quality 11), compressed with Node's zlib. KB = 1024 bytes.
  The reference's figure is \`bench/reference.html\` (its script and style are inline).
- **Ready**: a script installed before any page script (\`addInitScript\`) runs a MutationObserver on the whole document
  and records \`performance.now()\` (milliseconds since navigation start, \`performance.timeOrigin\`) when
  \`[data-testid=out-cost_per_mtok-1]\` first has non-empty text. Median of ${opts.loads} loads of the default page (no query),
  each in a new context; one more load before them warms Chromium up and is not counted.
  "Next frame" is the start of the first animation frame after that (when the text is about to be painted).
- **One slider move**: a fresh page opened with a link that sets n platforms (\`?preset1=h200&preset2=gb300&preset3=b200&tps3=1000...\`),
  the charts scrolled into the viewport (all of them when they fit), ${opts.warmup} unmeasured moves, then ${opts.moves} measured moves of
  platform 1's throughput slider (\`[data-testid=in-tps-1]\`, the baseline, so every multiple changes), cycling through the
  positions ${POSITIONS.join(', ')} so that every move changes the value. One move, in \`page.evaluate\`:
  1. register a requestAnimationFrame callback A (so A is the first callback of the next frame);
  2. \`t0\`; set \`slider.value\`; dispatch a bubbling \`input\` event; \`t1\`: **event** = t1 - t0 (the handlers, synchronously);
  3. await ${HOPS} microtask hops (\`await null\`); the page's microtasks (Leptos runs its effects and DOM updates in
     microtasks) run in between; \`t2\`: **microtasks** = t2 - t1;
  4. await a MessageChannel task; it starts once every microtask is done and after the tasks queued before it, such as
     work the browser queued because of the change (Chromium's autofill \`FormControlDidChange\` task, posted when a
     script sets a \`<select>\`'s value, forces a style and layout); its start \`t3\`: **tail** = t3 - t2
     (about 0.01-0.05 ms when there is nothing). If the frame came before this task, the tail is counted as 0 and the
     move is counted under "frame first": the style and layout then land in the frame, but a task queued before ours
     that runs after the frame is not counted (frame first is rare on a quiet machine, common on a busy one);
  5. in that task, register callback Z, which therefore runs after the page's own frame callbacks for this move; Z
     forces style and layout (\`document.body.offsetHeight\`) and records \`zEnd\`;
  6. in the frame, A records \`frameStart\` and creates a new ResizeObserver on \`<html>\`; a new observer's first
     notification comes in the same frame after every frame callback, style, layout, pre-paint and the page's own
     ResizeObserver callbacks. Two wrappers installed before any page script (\`addInitScript\`) time the page's
     requestAnimationFrame callbacks and its ResizeObserver callbacks (each with the microtasks it queued). If no page
     frame callback ran after Z: **frame** = zEnd - frameStart + the page's ResizeObserver callbacks in this frame
     (its frame callbacks, style, layout and observer callbacks). Otherwise, or when Z was not registered ("frame
     first"): frame = end of the observer phase - frameStart, which also holds pre-paint ("frame end by observer");
  7. **total** = event + microtasks + tail + frame. Not counted: the **idle** wait between the tail and frameStart,
     and pre-paint, paint and commit;
  8. **later frames**: if the page asked for another frame callback during the measured frame (for instance a chart
     redraw requested by its own ResizeObserver callback), those frames run before the next move and are timed too
     (from the start of the page's first frame callback to a forced layout after its last, plus its observer
     callbacks): reported beside the totals, not in them, as the budget counts the next frame only. The next move
     starts in a new task after the page's last frame.
  The move pages get \`Cross-Origin-Opener-Policy: same-origin\` and \`Cross-Origin-Embedder-Policy: require-corp\`
  (added by Playwright routing), so they are cross-origin isolated and \`performance.now()\` has 5 us steps instead of
  Chromium's 100 us otherwise.
  p50 / p95 are nearest-rank percentiles over the ${opts.moves} moves; max is the largest.
  The **floor** is the same loop with no value set and no event (50 moves): the cost of the measuring itself, included
  in every figure. **Check**: ${VALIDATION_MOVES} more moves (not in the figures) read every chart canvas (\`toDataURL\`)
  before the move and at the end of the measured frame: a chart whose pixels changed was redrawn inside that frame;
  the first cost cell must change too. **Charts**: the canvases inside \`.chart\` elements; all must be rendered
  (not hidden, non-zero size); the page is scrolled to put as many as fit in the viewport (the report says how many).
  **Cross-check** (\`bench/trace-check.mjs\`): the same loop under a Chromium trace, the main thread's task time from
  t0 to the end of the frame's work agreed with the totals within 0.1-0.3 ms per move, for the app and the reference.
- **Reference**: the same measurements on \`bench/reference.html\`, a plain hand-written JS page (no framework) with the
  same inputs per platform, the same hooks and link keys, the same five metrics and multiples, the results table and one
  canvas chart (cost per million tokens per platform, log-scale bars) redrawn in requestAnimationFrame. Ratios are
  app / reference from the same run.
- **Baseline** (\`scripts/bench --baseline DIR\`, when given): another build of the app (an older \`dist/\`, e.g. the tree
  before a change) measured by the same steps in the same run. Per platform count its moves and the app's are taken in
  halves on fresh pages, in the order app, baseline, reference, baseline, app, so that a drift in the machine's load
  hits both alike; "Against the baseline" gives app / baseline.
- **Noise**: a 2-core machine; other processes (a cargo build) inflate p95 and max. The load average is printed;
  compare runs made on a quiet machine.`;

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((x, c) => String(x).padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}
const verdict = (value, budget) => (!Number.isFinite(value) ? 'n/a' : value <= budget ? 'pass' : '**FAIL**');

// The app against a baseline build measured in the same run (--base): is the change slower?
function againstBaseline(app, base) {
  const L = ['## Against the baseline', '',
    `The baseline is ${opts.baseName}${opts.baseDist ? ` (\`${opts.baseDist}\`)` : ''}, measured in this run: its moves interleaved with the app's`,
    '(app, baseline, baseline, app, each half of the moves on a fresh page), so a drift in the machine\'s load hits both alike.',
    'Below 1.0x the app is faster.', ''];
  const rows = [['measure', 'app', 'baseline', 'app / baseline']];
  const x = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
  if (base.sizes) rows.push(['transfer, brotli (KB)', kb(app.sizes.total.brotli), kb(base.sizes.total.brotli), x(app.sizes.total.brotli, base.sizes.total.brotli)]);
  rows.push(['ready, median (ms)', ms(app.ready.median, 1), ms(base.ready.median, 1), x(app.ready.median, base.ready.median)]);
  for (const n of opts.platforms) {
    const a = app.moves.find((m) => m.n === n)?.stats;
    const b = base.moves.find((m) => m.n === n)?.stats;
    for (const [label, k] of [['p50', 'p50'], ['p95', 'p95'], ['mean', 'mean']]) {
      rows.push([`slider move, ${n} platforms, ${label} (ms)`, ms(a?.[k]), ms(b?.[k]), x(a?.[k], b?.[k])]);
    }
  }
  L.push(table(rows), '');
  return L;
}

function report(r) {
  const L = [];
  const app = r.app;
  const ref = r.ref;
  L.push('# Benchmark results', '');
  L.push(`Written by \`scripts/bench\` (bench/run.mjs). A benchmark, not a test: it reports and compares with the budgets of`,
    'the budgets, and never fails the build.', '');
  L.push(`- **Date**: ${r.date}`);
  L.push(`- **Commit**: ${r.commit}`);
  L.push(`- **Machine**: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memGB} GB RAM, load average ${r.machine.loadStart} at start, ${r.machine.loadEnd} at end`);
  L.push(`- **Browser**: Chromium ${r.machine.chromium} (headless), Node ${process.version}, playwright-core ${r.machine.playwright}`);
  if (opts.note) L.push(`- **Note**: ${opts.note}`);
  L.push('');

  // Summary with budgets and ratios.
  L.push('## Summary', '');
  const rows = [['measure', 'app', 'reference', 'app / ref', 'budget', 'verdict']];
  const br = app?.sizes.total.brotli;
  rows.push(['transfer, brotli (html+js+wasm+css)', app ? `${kb(br)} KB` : '-', ref ? `${kb(ref.sizes.total.brotli)} KB` : '-',
    ratio(br, ref?.sizes.total.brotli), `<= ${BUDGET.brotliKB} KB`, app ? verdict(br / KB, BUDGET.brotliKB) : '-']);
  rows.push([`ready, median of ${opts.loads} (ms)`, app ? ms(app.ready.median, 1) : '-', ref ? ms(ref.ready.median, 1) : '-',
    ratio(app?.ready.median, ref?.ready.median), `<= ${BUDGET.readyMs} ms`, app ? verdict(app.ready.median, BUDGET.readyMs) : '-']);
  for (const n of opts.platforms) {
    const a = app?.moves.find((m) => m.n === n)?.stats;
    const b = ref?.moves.find((m) => m.n === n)?.stats;
    const budget = BUDGET.moveP95[n];
    const f = (s) => (s ? `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}` : '-');
    const rr = a && b ? `${ratio(a.p50, b.p50)} / ${ratio(a.p95, b.p95)} / ${ratio(a.max, b.max)}` : 'n/a';
    rows.push([`slider move, ${n} platforms, p50 / p95 / max (ms)`, app ? f(a) : '-', ref ? f(b) : '-', rr,
      budget ? `p95 <= ${budget} ms` : '-', app && budget ? verdict(a?.p95, budget) : '-']);
  }
  L.push(table(rows), '');
  const warnings = [];
  if (app) {
    for (const m of app.moves) {
      const c = m.charts;
      if (!c) continue;
      if (c.count < 3) warnings.push(`app, ${m.n} platforms: ${c.count} chart canvas(es) found (three or more expected): the move figures do not include every chart.`);
      else if (c.rendered < c.count) warnings.push(`app, ${m.n} platforms: only ${c.rendered} of ${c.count} charts are rendered (the others are hidden or have no size).`);
      else if (c.inView < c.count) warnings.push(`app, ${m.n} platforms: all ${c.count} charts rendered, ${c.inView} of them in the ${VIEWPORT.width}x${VIEWPORT.height} viewport at once (the page is ${c.pageHeight} px high; the charts were scrolled into view as far as they fit).`);
    }
  }
  for (const [who, side] of [['app', app], ['baseline', r.base], ['reference', ref]]) {
    if (!side) continue;
    for (const m of side.moves) {
      if (m.stats?.spilled) warnings.push(`${who}, ${m.n} platforms: ${m.stats.spilled} of ${m.stats.n} moves asked for more frame callbacks during the measured frame: work in later frames, median ${ms(m.stats.laterMedian)} ms per such move, not in the totals (p95 with it: ${ms(m.stats.p95WithLater)} ms).`);
      const late = (m.stats?.byObserver ?? 0) - (m.stats?.frameFirst ?? 0);
      if (late > 0) warnings.push(`${who}, ${m.n} platforms: in ${late} moves a page frame callback ran after the end marker (frame measured to the observer, pre-paint included).`);
      if (m.stats && m.stats.tailP95 > 0.5) warnings.push(`${who}, ${m.n} platforms: tail p95 ${ms(m.stats.tailP95)} ms: tasks the move queued before the frame (counted; see Method, step 4).`);
      if (m.checks && m.charts && m.checks.minCharts < m.charts.count) warnings.push(`${who}, ${m.n} platforms: in the check, at least ${m.checks.minCharts} of ${m.charts.count} charts changed within the measured frame (the app skips a chart whose inputs did not change: the throughput-vs-interactivity chart does not depend on a platform without a measured curve).`);
      if (m.checks && m.checks.cell < m.checks.n) warnings.push(`${who}, ${m.n} platforms: the first cost cell did not change in ${m.checks.n - m.checks.cell} of ${m.checks.n} checked moves.`);
      for (const e of m.errors) warnings.push(`${who}, ${m.n} platforms: ${e}`);
    }
    for (const e of side.ready.errors) warnings.push(`${who}, ready: ${e}`);
  }
  const busy = Math.max(Number(r.machine.loadStart), Number(r.machine.loadEnd));
  if (busy > 0.5 * r.machine.nproc) warnings.push(`the machine was busy (load average up to ${busy.toFixed(2)} on ${r.machine.nproc} CPUs): the figures, p95 and max above all, are inflated; compare runs made on a quiet machine.`);
  if (warnings.length) L.push('**Warnings**', '', ...warnings.map((w) => `- ${w}`), '');
  if (app && r.base) L.push(...againstBaseline(app, r.base));

  // Transfer details.
  L.push('## Transfer size', '');
  if (app) {
    const t = [['type', 'files', 'raw KB', 'gzip KB', 'brotli KB']];
    for (const ty of COUNTED) {
      const s = app.sizes.byType[ty];
      t.push([ty, s.files, kb(s.raw), kb(s.gzip), kb(s.brotli)]);
    }
    const s = app.sizes.total;
    t.push(['**total**', '', `**${kb(s.raw)}**`, `**${kb(s.gzip)}**`, `**${kb(s.brotli)}**`]);
    if (ref) {
      const q = ref.sizes.total;
      t.push(['reference page', 1, kb(q.raw), kb(q.gzip), kb(q.brotli)]);
      t.push(['app / reference', '', ratio(s.raw, q.raw), ratio(s.gzip, q.gzip), ratio(s.brotli, q.brotli)]);
    }
    L.push(table(t), '');
    const f = [['file', 'raw B', 'gzip B', 'brotli B', 'loaded by the page']];
    const requested = new Set(app.ready.requested.map((p) => path.basename(p)));
    for (const row of app.sizes.rows) {
      const rel = path.relative(opts.dist, row.file);
      const loaded = requested.size ? (requested.has(path.basename(rel)) || (rel === 'index.html' && requested.has('')) ? 'yes' : 'no') : '?';
      f.push([COUNTED.includes(row.ext) ? rel : `${rel} (not counted)`, row.raw, row.gzip, row.brotli, loaded]);
    }
    L.push(`Files in \`${opts.dist}\`:`, '', table(f), '');
  } else if (ref) {
    const q = ref.sizes.total;
    L.push(`Reference page: ${kb(q.raw)} KB raw, ${kb(q.gzip)} KB gzip, ${kb(q.brotli)} KB brotli.`, '');
  }

  // Ready details.
  L.push('## Ready', '');
  const rt = [['page', 'loads (ms, navigation start to first result)', 'median', 'next frame, median', 'DOMContentLoaded, median']];
  for (const [who, side] of [['app', app], ['baseline', r.base], ['reference', ref]]) {
    if (!side) continue;
    const q = side.ready;
    rt.push([who, q.loads.map((l) => ms(l.ready, 1)).join(', ') || 'none', ms(q.median, 1), ms(q.frameMedian, 1), ms(q.dclMedian, 1)]);
  }
  L.push(table(rt), '');

  // Move details.
  L.push('## One slider move', '');
  const mt = [['page', 'platforms', 'charts (in view)', 'p50', 'p95', 'max', 'mean', 'event', 'microtasks', 'tail', 'frame', 'idle (not counted)', 'floor p50', 'rAF per move', 'frame first / end by observer', 'later frames: moves, median (not counted)', 'check: charts redrawn (least) / cell changed']];
  for (const n of opts.platforms) {
    for (const [who, side] of [['app', app], ['baseline', r.base], ['reference', ref]]) {
      const m = side?.moves.find((x) => x.n === n);
      if (!m) continue;
      const s = m.stats;
      const c = m.charts;
      mt.push([who, m.platforms ?? n, c ? `${c.count} (${c.inView})` : '?',
        ms(s?.p50), ms(s?.p95), ms(s?.max), ms(s?.mean), ms(s?.parts.sync), ms(s?.parts.micro), ms(s?.parts.tail),
        ms(s?.parts.frame), ms(s?.parts.idle), ms(m.floor?.p50), s ? s.rafsPerMove : '?',
        s ? `${s.frameFirst} / ${s.byObserver}` : '?',
        s ? (s.spilled ? `${s.spilled}, ${ms(s.laterMedian)}` : '0') : '?',
        m.checks ? `${m.checks.minCharts}+ of ${c?.count ?? '?'} / ${m.checks.cell}/${m.checks.n}` : '?']);
    }
  }
  L.push('Milliseconds. p50 / p95 / max / mean of the total; event, microtasks, tail, frame and idle are medians of each part',
    '(so they need not add up to p50).', '', table(mt), '');
  const steps = [app, r.base, ref].flatMap((side) => side?.moves ?? []).map((m) => m.timer).filter(Boolean);
  if (steps.length) {
    const isolated = steps.every((t) => t.isolated);
    L.push(`performance.now() step: ${ms(Math.max(...steps.map((t) => t.step)), 3)} ms` +
      ` (${isolated ? 'cross-origin isolated' : 'NOT cross-origin isolated on every page'}).`, '');
  }
  return { body: L.join('\n'), method: method() };
}

// One line of the History table. The budgets met count only what was measured.
function historyRow(r) {
  const a = r.app;
  const p95s = (side) => (side
    ? opts.platforms.map((n) => `${n}p ${ms(side.moves.find((m) => m.n === n)?.stats?.p95)}`).join(', ')
    : '-');
  const verdicts = [];
  if (a) {
    verdicts.push(a.sizes.total.brotli / KB <= BUDGET.brotliKB, a.ready.median <= BUDGET.readyMs);
    for (const [n, b] of Object.entries(BUDGET.moveP95)) {
      const s = a.moves.find((m) => m.n === Number(n))?.stats;
      if (s) verdicts.push(s.p95 <= b);
    }
  }
  const met = a ? `${verdicts.filter(Boolean).length}/${verdicts.length}` : '-';
  const cells = [
    r.date, r.commit, a ? kb(a.sizes.total.brotli) : '-', a ? ms(a.ready.median, 0) : '-', p95s(a),
    r.ref ? ms(r.ref.ready.median, 0) : '-', p95s(r.ref), met, `${opts.moves} / ${opts.loads}`,
    `${r.machine.loadStart}-${r.machine.loadEnd}`,
  ];
  return `| ${cells.join(' | ')} |`;
}
const historyHead = () => [
  '| date | commit | app brotli KB | app ready ms | app move p95 ms | ref ready ms | ref move p95 ms | budgets met | moves / loads | load avg |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

async function writeResults(text, r) {
  let old = [];
  try {
    const prev = await fs.readFile(opts.out, 'utf8');
    const at = prev.indexOf('\n## History');
    if (at >= 0) {
      old = prev.slice(at).split('\n').filter((l) => /^\| \d{4}-/.test(l)); // the data rows only
    }
  } catch { /* first run */ }
  const history = ['## History', '', 'One line per run, newest last (kept from the previous RESULTS.md).', '',
    ...historyHead(), ...old, historyRow(r)].join('\n');
  await fs.writeFile(opts.out, `${text}\n${history}\n`);
}

// ---- main ----------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  const loadStart = os.loadavg()[0].toFixed(2);
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS });
  const r = {
    date: started.toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' '),
    commit: opts.commit,
    machine: {
      nproc: os.availableParallelism?.() ?? os.cpus().length,
      cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
      memGB: (os.totalmem() / 2 ** 30).toFixed(1),
      chromium: browser.version(),
      playwright: JSON.parse(await fs.readFile(new URL('../node_modules/playwright-core/package.json', import.meta.url), 'utf8').catch(() => '{"version":"?"}')).version,
      loadStart,
    },
  };
  try {
    if (opts.app) r.app = { sizes: await sizes(await listFiles(opts.dist)), moves: [] };
    if (opts.ref) r.ref = { sizes: await sizes([opts.refFile]), moves: [] };
    if (opts.base) r.base = { sizes: opts.baseDist ? await sizes(await listFiles(opts.baseDist)) : null, moves: [] };
    for (const [who, side, url] of [['app', r.app, opts.app], ['baseline', r.base, opts.base], ['reference', r.ref, opts.ref]]) {
      if (!side) continue;
      log(`${who}: ready, ${opts.loads} loads of ${url}`);
      side.ready = await measureReady(browser, url);
      log(`${who}: ready median ${ms(side.ready.median, 1)} ms`);
    }
    // Interleaved (app, reference, app, ...) so a change in machine load hits both alike. With a
    // baseline, the app and the baseline are measured in halves, app-baseline-baseline-app, so a
    // steady drift in load hits both alike too.
    const sides = { app: [r.app, opts.app], baseline: [r.base, opts.base], reference: [r.ref, opts.ref] };
    const half = Math.max(1, Math.round(opts.moves / 2));
    const order = opts.base
      ? [['app', half], ['baseline', half], ['reference', opts.moves], ['baseline', opts.moves - half], ['app', opts.moves - half]]
      : [['app', opts.moves], ['reference', opts.moves]];
    for (const n of opts.platforms) {
      const runs = {};
      for (const [who, count] of order) {
        const [side, url] = sides[who];
        if (!side || count < 1) continue;
        if (!side.ready.loads.length) {
          runs[who] = { n, errors: ['not measured: the page never showed a result'] };
          continue;
        }
        log(`${who}: ${n} platforms, ${opts.warmup} + ${count} moves`);
        const m = await measureMoves(browser, url, n, count);
        runs[who] = runs[who] ? joinRuns(runs[who], m) : m;
        log(`${who}: ${n} platforms: p50 ${ms(m.stats?.p50)} p95 ${ms(m.stats?.p95)} max ${ms(m.stats?.max)} ms` +
          `${m.errors.length ? ` (${m.errors.length} warnings)` : ''}`);
      }
      for (const [who, m] of Object.entries(runs)) {
        delete m.raw;
        sides[who][0].moves.push(m);
      }
    }
  } finally {
    await browser.close();
  }
  r.machine.loadEnd = os.loadavg()[0].toFixed(2);
  const { body, method: how } = report(r);
  console.log(body);
  if (opts.out !== '-') {
    await writeResults(`${body}\n${how}\n`, r);
    console.log(`(Method and History: ${opts.out})`);
  } else {
    console.log(how);
  }
}

export { moveLoop, pageHook, readyHook, link };

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  parseOptions();
  main().catch((e) => {
    console.error('bench: run.mjs failed:', e);
    process.exit(1);
  });
}
