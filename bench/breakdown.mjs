#!/usr/bin/env node
// Where a slider move's main-thread time goes by kind (script, style, layout, pre-paint, paint),
// from a Chromium trace of run.mjs's move loop. Complements profile.mjs, whose sampling profiler
// sees script only. A diagnostic, not part of scripts/bench.
//
//   node bench/breakdown.mjs URL [PLATFORMS=2] [MOVES=60]
import { openMovePage } from './diagnostic.mjs';

const [url, platforms = '2', count = '60'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/breakdown.mjs URL [PLATFORMS=2] [MOVES=60]');
  process.exit(2);
}
// Trace events timed as one kind each; they do not nest in one another (a forced layout inside
// script is counted as layout and taken out of script).
const KINDS = {
  UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'pre-paint', Paint: 'paint', Layerize: 'paint',
  'Document::updateStyleAndLayout': null, HitTest: 'hit test', IntersectionObserverController: 'observers',
  'ResizeObserverController::DeliverObservations': null, UpdateLayer: 'paint', Commit: 'paint',
};
const { browser, page, moves: run } = await openMovePage(url, platforms, { chartsInView: true });
try {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink', 'blink.user_timing'] });
  const alignNow = await page.evaluate(() => { performance.mark('bench-align'); return performance.now(); });
  const moves = await run(count);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const mark = trace.traceEvents.find((e) => e.name === 'bench-align');
  const origin = mark.ts / 1000 - (mark.args?.data?.startTime ?? alignNow);
  const main = trace.traceEvents.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X');
  const at = (e) => [e.ts / 1000 - origin, (e.ts + e.dur) / 1000 - origin];
  const windows = moves.map((m) => [m.t0, m.frameStart + m.frame]);
  const inMoves = ([s, e]) => windows.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(e, b) - Math.max(s, a)), 0);
  const sums = {};
  for (const e of main) {
    const kind = KINDS[e.name];
    if (kind) sums[kind] = (sums[kind] || 0) + inMoves(at(e));
  }
  const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask').map(at);
  const busy = tasks.reduce((sum, t) => sum + inMoves(t), 0);
  const kinds = Object.values(sums).reduce((a, b) => a + b, 0);
  const per = (x) => (x / moves.length).toFixed(2).padStart(6);
  console.log(`${platforms} platforms, ${moves.length} moves: main thread ${per(busy)} ms per move`);
  console.log(`${per(busy - kinds)}  script and the rest`);
  for (const [k, v] of Object.entries(sums).sort((a, b) => b[1] - a[1])) console.log(`${per(v)}  ${k}`);
} finally {
  await browser.close();
}
